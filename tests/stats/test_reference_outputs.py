"""Every PHEindicatormethods reference file in tests/data/phe reproduced through the Python API."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from healthassets import stats
from tests.phe_tolerance import assert_frame_matches

LIMITS = ["lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]


def test_byars_and_wilson_limits(phe_testdata: Path) -> None:
    table = pd.read_csv(phe_testdata / "byars_wilson.csv").iloc[:-1]  # last row: see README
    level = table["confidence"].str.rstrip("%").astype(float) / 100
    lower = np.empty(len(table))
    upper = np.empty(len(table))
    for confidence in level.unique():
        for method in ("Byars", "Wilson"):
            rows = ((level == confidence) & (table["method"] == method)).to_numpy()
            if method == "Byars":
                lo, up = stats.byars_limits(table.loc[rows, "x"], confidence)
            else:
                lo, up = stats.wilson_limits(table.loc[rows, "x"], table.loc[rows, "n"], confidence)
            lower[rows], upper[rows] = lo, up
    assert_frame_matches(pd.DataFrame({"lowercl": lower, "uppercl": upper}), table[["lowercl", "uppercl"]])


def test_byars_lower_limit_negative_is_missing(phe_testdata: Path) -> None:
    last = pd.read_csv(phe_testdata / "byars_wilson.csv").iloc[-1]
    lower, upper = stats.byars_limits([last["x"]], 0.998)
    assert np.isnan(lower[0])
    assert upper[0] == pytest.approx(last["uppercl"], rel=1e-12)


def test_wilson_at_confidence_one_is_zero_to_one() -> None:
    lower, upper = stats.wilson_limits([3, 0], [10, 5], 1)
    assert lower.tolist() == [0, 0] and upper.tolist() == [1, 1]


@pytest.mark.parametrize("name, function", [("proportion", stats.proportion), ("rate", stats.rate)])
def test_proportion_and_rate(phe_testdata: Path, name: str, function: object) -> None:
    expected = pd.read_csv(phe_testdata / f"{name}.csv")
    parts = [
        function(block, "Numerator", "Denominator", confidence=[0.95, 0.998], multiplier=m)  # type: ignore[operator]
        for m, block in expected.groupby("multiplier", sort=False)
    ]
    actual = pd.concat(parts).loc[expected.index]
    assert_frame_matches(actual, expected, ["value", *LIMITS, "statistic", "method"])


def test_mean_grouped_and_ungrouped(phe_testdata: Path) -> None:
    data = pd.read_csv(phe_testdata / "mean_input.csv")
    expected = pd.read_csv(phe_testdata / "mean_results.csv")
    grouped = stats.mean(data, "values", group_by="area", confidence=[0.95, 0.998])
    overall = stats.mean(data, "values", confidence=[0.95, 0.998]).assign(area="No grouping")
    actual = pd.concat([grouped, overall], ignore_index=True)
    assert_frame_matches(actual, expected)


def test_dsr_esp2013_by_position(phe_testdata: Path) -> None:
    data = pd.read_csv(phe_testdata / "dsr_isr_multiarea_input.csv")
    expected = pd.read_csv(phe_testdata / "dsr_results.csv")
    big = stats.dsr(
        data,
        "count",
        "pop",
        standard="esp2013",
        age_band="ageband",
        group_by="area",
        confidence=[0.95, 0.998],
    )
    assert_frame_matches(big, expected.iloc[3:].reset_index(drop=True))
    small = stats.dsr(
        data, "count", "pop", standard="esp2013", age_band="ageband", group_by="area", multiplier=10_000
    )
    columns = [
        "area",
        "total_count",
        "total_pop",
        "value",
        "lower95_0cl",
        "upper95_0cl",
        "statistic",
        "method",
    ]
    assert_frame_matches(small, expected.iloc[:3].reset_index(drop=True), columns)


def test_dsr_with_standard_population_column_equals_bundled(phe_testdata: Path) -> None:
    data = pd.read_csv(phe_testdata / "dsr_isr_multiarea_input.csv")
    esp = pd.read_csv(phe_testdata / "esp2013.csv")["esp2013"].to_numpy()
    data["std"] = np.tile(esp, data["area"].nunique())
    by_column = stats.dsr(data, "count", "pop", standard_population="std", group_by="area")
    bundled = stats.dsr(data, "count", "pop", standard="esp2013", age_band="ageband", group_by="area")
    pd.testing.assert_frame_equal(by_column, bundled)


def _life_expectancy_expected(phe_testdata: Path) -> pd.DataFrame:
    return pd.read_csv(phe_testdata / "life_expectancy_df1.csv").rename(
        columns={
            "expected_value": "value",
            "expected_lowercl_95": "lower95_0cl",
            "expected_uppercl_95": "upper95_0cl",
            "expected_pops_used": "pops_used",
            "expected_dths_used": "dths_used",
        }
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_life_expectancy_any_row_order(phe_testdata: Path, seed: int) -> None:
    expected = _life_expectancy_expected(phe_testdata)
    shuffled = expected.sample(frac=1, random_state=seed)
    actual = stats.life_expectancy(shuffled, "startage", "pops", "deaths")
    columns = ["startage", "value", "lower95_0cl", "upper95_0cl", "pops_used", "dths_used"]
    assert_frame_matches(actual, expected, columns, decimals=4)


def _quantile_cases(phe_testdata: Path) -> pd.DataFrame:
    table = pd.read_csv(phe_testdata / "quantiles.csv")
    table["GroupSet"] = table["GroupSet"].fillna("None")
    return table


@pytest.mark.parametrize(
    "group_set, group_by, k",
    [("IndSexReg", ["IndSexRef", "ParentCode"], 10), ("IndSex", ["IndSexRef"], 7), ("None", None, 4)],
)
def test_quantiles(phe_testdata: Path, group_set: str, group_by: list[str] | None, k: int) -> None:
    table = _quantile_cases(phe_testdata)
    good = table[table["Test"].str.startswith("Good") & (table["GroupSet"] == group_set)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", stats.QuantileWarning)
        if group_by is None:
            actual = stats.quantiles(good, "Value", invert=True, quantiles=k)
        else:
            actual = stats.quantiles(good, "Value", polarity="Polarity", quantiles=k, group_by=group_by)
    assert_frame_matches(
        actual[["quantile"]], good.rename(columns={"QuantileInGrp": "quantile"}), ["quantile"]
    )


def test_quantiles_bad_polarity_raises(phe_testdata: Path) -> None:
    table = _quantile_cases(phe_testdata)
    bad = table[table["Test"] == "BadPolarity"]
    with pytest.raises(stats_input_error(), match="polarity"):
        stats.quantiles(bad, "Value", polarity="Polarity", quantiles=7, group_by="IndSexRef")


def test_small_quantile_groups_warn_and_are_missing(phe_testdata: Path) -> None:
    table = _quantile_cases(phe_testdata)
    good = table[table["Test"].str.startswith("Good") & (table["GroupSet"] == "IndSexReg")]
    with pytest.warns(stats.QuantileWarning, match="fewer values"):
        actual = stats.quantiles(
            good, "Value", polarity="Polarity", quantiles=10, group_by=["IndSexRef", "ParentCode"]
        )
    small = good.groupby(["IndSexRef", "ParentCode"])["Value"].transform("count") < 10
    assert actual.loc[small.to_numpy(), "quantile"].isna().all()


def stats_input_error() -> type[Exception]:
    from healthassets.errors import InputError

    return InputError
