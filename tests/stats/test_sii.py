"""SII and RII: point estimates against an independent weighted regression, simulated limits,
transforms, grouping, row order, warnings and bad input."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from healthassets.errors import InputError
from healthassets.stats import SIIWarning, sii
from healthassets.stats.sii import TRANSFORMS

PREVALENCE_GROUPS = ["Period", "SchoolYear", "AreaCode"]
FAST = {"repetitions": 2000, "seed": 11}


@pytest.fixture(scope="module")
def dsr_quintiles(phe_testdata: Path) -> pd.DataFrame:
    return pd.read_csv(phe_testdata / "example_DSR_data_quintiles.csv")


@pytest.fixture(scope="module")
def prevalence(phe_testdata: Path) -> pd.DataFrame:
    """Prevalence by decile as proportions (the file holds percentages)."""
    data = pd.read_csv(phe_testdata / "example_prevalence_data_deciles.csv", dtype={"SchoolYear": str})
    for column in ("Rate", "LCL", "UCL", "SE"):
        data[column] = data[column] / 100
    return data


def design(population: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Regression design [1, rank] and weights (population shares), from the quantile order."""
    share = population / population.sum()
    rank = np.cumsum(share) - share / 2
    return np.column_stack([np.ones_like(rank), rank]), share


def reference_fit(population: np.ndarray, values: np.ndarray) -> tuple[float, float]:
    """Intercept and slope of Y√a = α√a + β·b√a by least squares (np.linalg.lstsq)."""
    x, share = design(population)
    root = np.sqrt(share)
    (alpha, beta), *_ = np.linalg.lstsq(x * root[:, None], values * root, rcond=None)
    return float(alpha), float(beta)


def slope_weights(population: np.ndarray) -> np.ndarray:
    """β = wᵀY with w the slope row of (XᵀAX)⁻¹XᵀA (A = diag(shares))."""
    x, share = design(population)
    return np.asarray(np.linalg.solve(x.T @ (x * share[:, None]), x.T * share)[1])


def blocks(data: pd.DataFrame, groups: list[str], quantile: str) -> list[pd.DataFrame]:
    return [block.sort_values(quantile) for _, block in data.groupby(groups, sort=False)]


# --- point estimates from first principles -------------------------------------------------------


def test_rate_point_estimates_match_weighted_regression(dsr_quintiles: pd.DataFrame) -> None:
    result = sii(
        dsr_quintiles, "Quintile", "total_pop", value="value", value_type=1, lower_cl="lowercl",
        upper_cl="uppercl", group_by="Period", rii=True, intercept=True, **FAST,
    )  # fmt: skip
    assert list(result["Period"]) == list(dsr_quintiles["Period"].unique())
    for row, block in zip(result.itertuples(), blocks(dsr_quintiles, ["Period"], "Quintile"), strict=True):
        alpha, beta = reference_fit(block["total_pop"].to_numpy(float), block["value"].to_numpy(float))
        assert row.sii == pytest.approx(beta, rel=1e-10)
        assert row.intercept == pytest.approx(alpha, rel=1e-10)
        assert row.rii == pytest.approx((alpha + beta) / alpha, rel=1e-10)


def test_log_transform_fits_log_rates_and_back_transforms(dsr_quintiles: pd.DataFrame) -> None:
    result = sii(
        dsr_quintiles, "Quintile", "total_pop", value="value", value_type=1, transform=True,
        lower_cl="lowercl", upper_cl="uppercl", group_by="Period", rii=True, intercept=True, **FAST,
    )  # fmt: skip
    for row, block in zip(result.itertuples(), blocks(dsr_quintiles, ["Period"], "Quintile"), strict=True):
        alpha, beta = reference_fit(
            block["total_pop"].to_numpy(float), np.log(block["value"].to_numpy(float))
        )
        assert row.intercept == pytest.approx(np.exp(alpha), rel=1e-10)
        assert row.sii == pytest.approx(np.exp(alpha + beta) - np.exp(alpha), rel=1e-10)
        assert row.rii == pytest.approx(np.exp(beta), rel=1e-10)
        assert row.transform


def test_logit_transform_fits_logits_and_back_transforms(prevalence: pd.DataFrame) -> None:
    result = sii(
        prevalence, "Decile", "Measured", value="Rate", value_type=2, transform=True, lower_cl="LCL",
        upper_cl="UCL", multiplier=100, group_by=PREVALENCE_GROUPS, rii=True, intercept=True, **FAST,
    )  # fmt: skip
    assert len(result) == 24
    for row, block in zip(result.itertuples(), blocks(prevalence, PREVALENCE_GROUPS, "Decile"), strict=True):
        p = block["Rate"].to_numpy(float)
        alpha, beta = reference_fit(block["Measured"].to_numpy(float), np.log(p / (1 - p)))
        low, high = 1 / (1 + np.exp(-alpha)), 1 / (1 + np.exp(-(alpha + beta)))
        assert row.sii == pytest.approx(100 * (high - low), rel=1e-9)
        assert row.rii == pytest.approx(high / low, rel=1e-9)
        assert row.intercept == pytest.approx(100 * low, rel=1e-9)


def test_proportion_from_numerator_equals_value(prevalence: pd.DataFrame) -> None:
    data = prevalence.assign(share=prevalence["Count"] / prevalence["Measured"])
    common: dict[str, Any] = {"value_type": 2, "se": "SE", "group_by": PREVALENCE_GROUPS, **FAST}
    by_x = sii(data, "Decile", "Measured", x="Count", **common)
    by_value = sii(data, "Decile", "Measured", value="share", **common)
    pd.testing.assert_frame_equal(by_x, by_value)


def test_each_group_alone_gives_the_same_estimate(dsr_quintiles: pd.DataFrame) -> None:
    common: dict[str, Any] = {"value": "value", "value_type": 1, "se": None, **FAST}
    common.update(lower_cl="lowercl", upper_cl="uppercl")
    together = sii(dsr_quintiles, "Quintile", "total_pop", group_by="Period", **common)
    for row in together.itertuples():
        alone = sii(dsr_quintiles[dsr_quintiles["Period"] == row.Period], "Quintile", "total_pop", **common)
        assert alone["sii"].iloc[0] == pytest.approx(row.sii, rel=1e-12)


# --- simulated limits ----------------------------------------------------------------------------


def test_limits_repeat_with_a_seed_and_bracket_the_estimate(prevalence: pd.DataFrame) -> None:
    common: dict[str, Any] = {
        "value": "Rate", "value_type": 2, "lower_cl": "LCL", "upper_cl": "UCL", "multiplier": 100,
        "group_by": PREVALENCE_GROUPS, "rii": True, "repetitions": 3000, "confidence": [0.95, 0.998],
    }  # fmt: skip
    first = sii(prevalence, "Decile", "Measured", seed=7, **common)
    again = sii(prevalence, "Decile", "Measured", seed=np.random.default_rng(7), **common)
    other = sii(prevalence, "Decile", "Measured", seed=8, **common)
    pd.testing.assert_frame_equal(first, again)
    assert not np.allclose(first["sii_lower95_0cl"], other["sii_lower95_0cl"])
    assert np.allclose(first["sii"], other["sii"])
    for name in ("sii", "rii"):
        assert (first[f"{name}_lower99_8cl"] < first[f"{name}_lower95_0cl"]).all()
        assert (first[f"{name}_lower95_0cl"] < first[name]).all()
        assert (first[name] < first[f"{name}_upper95_0cl"]).all()
        assert (first[f"{name}_upper95_0cl"] < first[f"{name}_upper99_8cl"]).all()


def test_a_seed_per_group_gives_each_group_the_limits_it_has_alone(
    dsr_quintiles: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``seeds`` each group draws from its own generator: computed together (in chunks that
    differ from the single group's) its limits equal those of the group computed alone with its seed."""
    module = sys.modules["healthassets.stats.sii"]  # the package's ``sii`` is the function
    monkeypatch.setattr(module, "_CHUNK_ELEMENTS", 60)  # many chunks, of other sizes than alone
    common: dict[str, Any] = {"value": "value", "value_type": 1, "repetitions": 2500, "rii": True}
    common.update(lower_cl="lowercl", upper_cl="uppercl")
    periods = list(dict.fromkeys(dsr_quintiles["Period"]))
    seed_of = {period: 1000 + n for n, period in enumerate(periods)}
    data = dsr_quintiles.assign(seed=dsr_quintiles["Period"].map(seed_of))
    together = sii(data, "Quintile", "total_pop", group_by="Period", seeds="seed", **common)
    shared = sii(data, "Quintile", "total_pop", group_by="Period", seed=1000, **common)
    for row in together.itertuples():
        alone = sii(
            data[data["Period"] == row.Period], "Quintile", "total_pop", seed=seed_of[row.Period], **common
        )
        for name in ("sii_lower95_0cl", "sii_upper95_0cl", "rii_lower95_0cl"):
            assert alone[name].iloc[0] == getattr(row, name)
    assert not np.array_equal(together["sii_lower95_0cl"][1:], shared["sii_lower95_0cl"][1:])


def test_untransformed_limits_match_the_normal_theory_of_a_linear_estimate() -> None:
    """With value_type 0 each simulated SII is Σwᵢyᵢ with yᵢ ~ N(Yᵢ, seᵢ): normal, sd = √Σwᵢ²seᵢ²."""
    population = np.array([8000.0, 9500, 11000, 7000, 12000, 10000, 9000, 8500, 10500, 9900])
    values = np.linspace(75, 83, 10) + np.array([0.3, -0.2, 0.1, 0.4, -0.5, 0.2, 0.0, -0.1, 0.3, -0.2])
    errors = np.array([0.9, 0.7, 0.8, 1.1, 0.6, 0.7, 0.9, 1.0, 0.8, 0.7])
    data = pd.DataFrame({"q": np.arange(1, 11), "pop": population, "le": values, "se": errors})
    result = sii(data, "q", "pop", value="le", se="se", repetitions=40_000, seed=3, confidence=[0.95, 0.8])
    sd = float(np.sqrt(np.sum((slope_weights(population) * errors) ** 2)))
    for level in (0.95, 0.8):
        label = "95_0" if level == 0.95 else "80_0"
        half = norm.ppf(0.5 + level / 2) * sd
        assert result[f"sii_lower{label}cl"].iloc[0] == pytest.approx(
            result["sii"].iloc[0] - half, abs=0.05 * half
        )
        assert result[f"sii_upper{label}cl"].iloc[0] == pytest.approx(
            result["sii"].iloc[0] + half, abs=0.05 * half
        )


def test_standard_errors_and_equivalent_limits_give_the_same_answer() -> None:
    rng = np.random.default_rng(5)
    data = pd.DataFrame({"q": range(1, 8), "pop": rng.integers(1000, 5000, 7), "v": rng.normal(60, 3, 7)})
    data["se"] = rng.uniform(0.5, 2, 7)
    z = norm.ppf(0.975)
    data["lo"], data["hi"] = data["v"] - z * data["se"], data["v"] + z * data["se"]
    by_se = sii(data, "q", "pop", value="v", se="se", rii=True, **FAST)
    by_limits = sii(data, "q", "pop", value="v", lower_cl="lo", upper_cl="hi", rii=True, **FAST)
    pd.testing.assert_frame_equal(by_se, by_limits, rtol=1e-9)


def test_negative_multiplier_flips_the_sii_and_inverts_the_rii(dsr_quintiles: pd.DataFrame) -> None:
    common: dict[str, Any] = {"value": "value", "value_type": 1, "lower_cl": "lowercl", "upper_cl": "uppercl"}
    common.update(group_by="Period", rii=True, **FAST)
    plain = sii(dsr_quintiles, "Quintile", "total_pop", **common)
    flipped = sii(dsr_quintiles, "Quintile", "total_pop", multiplier=-1000, **common)
    assert np.allclose(flipped["sii"], -1000 * plain["sii"])
    assert np.allclose(flipped["sii_lower95_0cl"], -1000 * plain["sii_upper95_0cl"])
    assert np.allclose(flipped["sii_upper95_0cl"], -1000 * plain["sii_lower95_0cl"])
    assert np.allclose(flipped["rii"], 1 / plain["rii"])
    assert np.allclose(flipped["rii_lower95_0cl"], 1 / plain["rii_upper95_0cl"])
    assert (flipped["multiplier"] == -1000).all()


def test_reliability_statistic_is_small_and_non_negative(dsr_quintiles: pd.DataFrame) -> None:
    result = sii(
        dsr_quintiles, "Quintile", "total_pop", value="value", value_type=1, lower_cl="lowercl",
        upper_cl="uppercl", group_by="Period", rii=True, reliability_stat=True, repetitions=1000, seed=2,
    )  # fmt: skip
    width = result["sii_upper95_0cl"] - result["sii_lower95_0cl"]
    assert (result["sii_mad"] >= 0).all() and (result["sii_mad"] < 0.2 * width).all()
    assert (result["rii_mad"] >= 0).all()


# --- layout, row order, warnings ------------------------------------------------------------------


def test_output_columns(dsr_quintiles: pd.DataFrame) -> None:
    common: dict[str, Any] = {"value": "value", "value_type": 1, "lower_cl": "lowercl", "upper_cl": "uppercl"}
    full = sii(dsr_quintiles, "Quintile", "total_pop", group_by="Period", rii=True, intercept=True,
               confidence=[0.95, 0.998], **common, **FAST)  # fmt: skip
    assert list(full.columns) == [
        "Period", "sii", "sii_lower95_0cl", "sii_upper95_0cl", "sii_lower99_8cl", "sii_upper99_8cl",
        "rii", "rii_lower95_0cl", "rii_upper95_0cl", "rii_lower99_8cl", "rii_upper99_8cl", "intercept",
        "indicator_type", "multiplier", "transform", "CI_confidence", "CI_method",
    ]  # fmt: skip
    assert full["indicator_type"].iloc[0] == "rate" and full["CI_method"].iloc[0] == "simulation 2000 reps"
    one_period = dsr_quintiles[dsr_quintiles["Period"] == 2010]
    standard = sii(one_period, "Quintile", "total_pop", type="standard", **common, **FAST)
    assert list(standard.columns) == ["sii", "sii_lower95_0cl", "sii_upper95_0cl"]


def test_row_order_does_not_matter(prevalence: pd.DataFrame) -> None:
    common: dict[str, Any] = {"value": "Rate", "value_type": 2, "lower_cl": "LCL", "upper_cl": "UCL"}
    common.update(group_by=PREVALENCE_GROUPS, rii=True, **FAST)
    forward = sii(prevalence, "Decile", "Measured", **common)
    # reversed quantiles within each group, groups still first seen in the same order: identical
    within = prevalence.iloc[::-1].sort_values(PREVALENCE_GROUPS, key=lambda c: c.map(
        {v: i for i, v in enumerate(prevalence[c.name].unique())}), kind="stable")  # fmt: skip
    pd.testing.assert_frame_equal(sii(within, "Decile", "Measured", **common), forward)
    # any shuffle: the same estimates per group
    shuffled = sii(prevalence.sample(frac=1, random_state=1), "Decile", "Measured", **common)
    merged = forward.merge(shuffled, on=PREVALENCE_GROUPS, suffixes=("", "_s"))
    assert len(merged) == len(forward)
    assert np.allclose(merged["sii"], merged["sii_s"]) and np.allclose(merged["rii"], merged["rii_s"])


def test_group_missing_a_quantile_is_missing_with_a_warning(dsr_quintiles: pd.DataFrame) -> None:
    data = dsr_quintiles.drop(index=7)  # a 2011 quintile
    with pytest.warns(SIIWarning, match="Period=2011.*every quantile"):
        result = sii(data, "Quintile", "total_pop", value="value", value_type=1, lower_cl="lowercl",
                     upper_cl="uppercl", group_by="Period", rii=True, **FAST)  # fmt: skip
    missing = result["Period"] == 2011
    assert result.loc[missing, ["sii", "sii_lower95_0cl", "rii"]].isna().all().all()
    assert result.loc[~missing, ["sii", "sii_lower95_0cl", "rii"]].notna().all().all()


def test_missing_value_gives_a_missing_result_with_a_warning(dsr_quintiles: pd.DataFrame) -> None:
    data = dsr_quintiles.copy()
    data.loc[12, "value"] = np.nan
    with pytest.warns(SIIWarning, match="Period=2012.*missing"):
        result = sii(data, "Quintile", "total_pop", value="value", value_type=1, lower_cl="lowercl",
                     upper_cl="uppercl", group_by="Period", **FAST)  # fmt: skip
    assert result["sii"].isna().tolist() == [False, False, True, False, False, False]


def test_few_quantiles_warn(dsr_quintiles: pd.DataFrame) -> None:
    data = dsr_quintiles[dsr_quintiles["Quintile"] <= 4]
    with pytest.warns(SIIWarning, match="between 5 and 100"):
        sii(data, "Quintile", "total_pop", value="value", value_type=1, lower_cl="lowercl",
            upper_cl="uppercl", group_by="Period", **FAST)  # fmt: skip


# --- transforms and properties ---------------------------------------------------------------------


@given(st.floats(1e-9, 1 - 1e-9))
def test_logit_round_trips(p: float) -> None:
    _, forward, inverse, _ = TRANSFORMS[2]
    assert float(inverse(forward(np.array([p])))[0]) == pytest.approx(p, rel=1e-9, abs=1e-15)


@given(st.floats(1e-12, 1e12))
def test_log_round_trips(rate: float) -> None:
    _, forward, inverse, _ = TRANSFORMS[1]
    assert float(inverse(forward(np.array([rate])))[0]) == pytest.approx(rate, rel=1e-12)


quantile_rows = st.integers(2, 12).flatmap(
    lambda k: st.tuples(
        st.lists(st.floats(1, 1e6), min_size=k, max_size=k),
        st.lists(st.floats(-100, 100), min_size=k, max_size=k),
    )
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quantile_rows, st.floats(0.1, 1e3), st.floats(-50, 50))
def test_estimate_properties(rows: tuple[list[float], list[float]], scale: float, shift: float) -> None:
    population, values = np.array(rows[0]), np.array(rows[1])
    k = len(population)
    data = pd.DataFrame({"q": np.arange(k), "pop": population, "v": values, "se": np.ones(k)})
    common: dict[str, Any] = {"se": "se", "intercept": True, "repetitions": 1000, "seed": 1}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SIIWarning)  # k < 5
        base = sii(data, "q", "pop", value="v", **common).iloc[0]
        scaled = sii(data.assign(pop=population * scale), "q", "pop", value="v", **common).iloc[0]
        shifted = sii(data.assign(v=values + shift), "q", "pop", value="v", **common).iloc[0]
    alpha, beta = reference_fit(population, values)
    spread = max(1.0, float(np.abs(values).max()))
    assert base["sii"] == pytest.approx(beta, abs=1e-8 * spread)
    assert base["intercept"] == pytest.approx(alpha, abs=1e-8 * spread)
    assert scaled["sii"] == pytest.approx(base["sii"], abs=1e-8 * spread)  # only shares matter
    assert shifted["sii"] == pytest.approx(base["sii"], abs=1e-8 * spread)  # a level shift is no gap
    assert shifted["intercept"] == pytest.approx(base["intercept"] + shift, abs=1e-8 * spread)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 9), st.sampled_from([0.0, -1.0, -1e6, np.nan]))
def test_any_non_positive_population_is_an_error_at_its_row(row: int, bad: float) -> None:
    data = pd.DataFrame({"q": range(1, 11), "pop": 1000.0, "v": np.arange(10.0), "se": 1.0})
    data.loc[row, "pop"] = bad
    with pytest.raises(InputError, match="populations") as caught:
        sii(data, "q", "pop", value="v", se="se", repetitions=1000)
    assert caught.value.row == row + 1 and caught.value.column == "pop"


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 9), st.sampled_from([0.0, 1.0, 1.5, -0.2, 42.0]))
def test_any_proportion_outside_zero_one_is_an_error_at_its_row(row: int, bad: float) -> None:
    data = pd.DataFrame({"q": range(1, 11), "pop": 1000.0, "p": 0.3, "se": 0.01})
    data.loc[row, "p"] = bad
    with pytest.raises(InputError, match="strictly between 0 and 1") as caught:
        sii(data, "q", "pop", value="p", se="se", value_type=2, repetitions=1000)
    assert caught.value.row == row + 1 and caught.value.column == "p"


# --- bad input -------------------------------------------------------------------------------------


def good_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "area": ["A"] * 5 + ["B"] * 5, "q": [1, 2, 3, 4, 5] * 2, "pop": [900, 1100, 1000, 950, 1050] * 2,
        "count": [300, 320, 280, 250, 240, 200, 210, 190, 180, 150],
        "rate": [30.0, 29.0, 28.0, 26.0, 23.0, 22.0, 19.0, 19.0, 18.0, 14.0],
        "lo": [27.0, 26.0, 25.0, 23.0, 20.0, 19.0, 16.0, 16.0, 15.0, 11.0],
        "hi": [33.0, 32.0, 31.0, 29.0, 26.0, 25.0, 22.0, 22.0, 21.0, 17.0], "se": 1.5, "p": 0.2,
    })  # fmt: skip


BASE: dict[str, Any] = {
    "value": "rate",
    "lower_cl": "lo",
    "upper_cl": "hi",
    "group_by": "area",
    "repetitions": 1000,
}

BAD_ARGUMENTS = [
    ({"value": None}, "value column"),
    ({"value": None, "x": "count"}, "value_type=2"),
    ({"lower_cl": None}, "se or both"),
    ({"upper_cl": None}, "se or both"),
    ({"value_type": 3}, "value_type"),
    ({"value_type": -1}, "value_type"),
    ({"value_type": True}, "value_type"),
    ({"transform": True}, "transform"),
    ({"multiplier": 0}, "multiplier"),
    ({"multiplier": np.nan}, "multiplier"),
    ({"multiplier": np.inf}, "multiplier"),
    ({"repetitions": 999}, "repetitions"),
    ({"repetitions": 1500.5}, "repetitions"),
    ({"repetitions": True}, "repetitions"),
    ({"type": "brief"}, "type"),
    ({"confidence": 95}, "did you mean 0.95"),
    ({"confidence": 0}, "confidence"),
    ({"confidence": []}, "confidence"),
    ({"group_by": "region"}, "no such column"),
    ({"value": "nope"}, "no such column"),
    ({"se": "nope"}, "no such column"),
    ({"lower_cl": "nope"}, "no such column"),
]


@pytest.mark.parametrize(("change", "message"), BAD_ARGUMENTS)
def test_bad_arguments(change: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        sii(good_frame(), "q", "pop", **{**BASE, **change})


BAD_CELLS = [
    ("pop", 0, "pop", {}, "populations"),
    ("pop", -10, "pop", {}, "populations"),
    ("pop", None, "pop", {}, "populations"),
    ("pop", "many", "pop", {}, "not a number"),
    ("q", None, "q", {}, "quantile is missing"),
    ("q", "first", "q", {}, "not a number"),
    ("q", 1, "q", {}, "more than once"),
    ("rate", "n/a", "rate", {}, "not a number"),
    ("lo", 40.0, "lo", {}, "lower limit is above the upper"),
    ("lo", 31.0, "lo", {}, "above the value"),
    ("hi", 28.0, "hi", {}, "below the value"),
    ("se", -1.0, "se", {"se": "se"}, "standard errors"),
    (
        "rate",
        0.0,
        "rate",
        {"value_type": 1, "lower_cl": None, "upper_cl": None, "se": "se"},
        "more than zero",
    ),
    ("lo", 0.0, "lo", {"value_type": 1}, "more than zero"),
    ("count", 2000, "count", {"value": None, "x": "count", "value_type": 2, "se": "se"}, "larger than"),
    ("count", -1, "count", {"value": None, "x": "count", "value_type": 2, "se": "se"}, "zero or more"),
    ("p", 30.0, "p", {"value": "p", "value_type": 2, "lower_cl": None, "se": "se"}, "percentages"),
]


@pytest.mark.parametrize(("column", "bad", "where", "change", "message"), BAD_CELLS)
def test_bad_cells_name_row_and_column(
    column: str, bad: Any, where: str, change: dict[str, Any], message: str
) -> None:
    data = good_frame().astype({column: object})
    data.loc[1, column] = bad
    with pytest.raises(InputError, match=message) as caught:
        sii(data, "q", "pop", **{**BASE, **change})
    assert caught.value.row == 2 and caught.value.column == where


def test_single_quantile_is_an_error() -> None:
    data = good_frame().assign(q=1, area=list("ABCDEFGHIJ"))
    with pytest.raises(InputError, match="at least two quantiles"):
        sii(data, "q", "pop", **BASE)


def test_proportion_limits_of_zero_have_no_logit() -> None:
    data = good_frame().assign(p=0.2, plo=0.1, phi=0.3)
    data.loc[4, "plo"] = 0.0
    with pytest.raises(InputError, match="strictly between") as caught:
        sii(data, "q", "pop", value="p", lower_cl="plo", upper_cl="phi", value_type=2, repetitions=1000)
    assert caught.value.row == 5 and caught.value.column == "plo"
