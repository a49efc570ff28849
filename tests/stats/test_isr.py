"""Indirectly standardised ratios and rates (PHEindicatormethods calculate_ISRatio / calculate_ISRate).

There is no reference file for these, so the expectations are worked here from the published
formulas (Breslow & Day 1987; Fingertips technical guidance; PHEindicatormethods documentation):
E = Σ nᵢ·Xᵢ/Nᵢ, ratio = O/E × reference value, rate = O/E × ΣX/ΣN × multiplier; limits are the
Poisson limits of O — exact (χ²) when O < 10, Byar's when O ≥ 10 — divided by E and scaled alike.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2, norm

from healthassets import stats
from healthassets.errors import InputError

REF_COUNT = [30.0, 120.0, 400.0]
REF_POP = [100_000.0, 80_000.0, 20_000.0]


def poisson_limits_by_hand(observed: float, confidence: float) -> tuple[float, float, str]:
    """Exact χ² limits below 10 events (Armitage & Berry), Byar's from 10 (Breslow & Day)."""
    alpha = 1 - confidence
    if observed < 10:
        lower = chi2.ppf(alpha / 2, 2 * observed) / 2 if observed > 0 else 0.0
        upper = chi2.ppf(1 - alpha / 2, 2 * observed + 2) / 2
        return lower, upper, "Exact"
    z = norm.ppf(1 - alpha / 2)
    o = observed
    lower = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3
    upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1))) ** 3
    return lower, upper, "Byars"


def area(counts: list[float], pops: list[float], name: str = "A") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area": name,
            "ageband": ["0-39", "40-69", "70+"],
            "deaths": counts,
            "pop": pops,
            "ref_deaths": REF_COUNT,
            "ref_pop": REF_POP,
        }
    )


def expected_deaths(pops: list[float]) -> float:
    return float(sum(n * x / big_n for n, x, big_n in zip(pops, REF_COUNT, REF_POP, strict=True)))


# 2000·30/100000 + 1500·120/80000 + 400·400/20000 = 0.6 + 2.25 + 8 = 10.85
POPS = [2000.0, 1500.0, 400.0]


@pytest.mark.parametrize("counts", [[1, 2, 4], [3, 6, 12], [0, 0, 0], [0, 0, 9], [0, 0, 10]])
@pytest.mark.parametrize("confidence", [0.95, 0.998, 0.8])
def test_isratio_hand_worked(counts: list[float], confidence: float) -> None:
    observed = float(sum(counts))
    expected = expected_deaths(POPS)
    assert expected == pytest.approx(10.85)
    lower, upper, method = poisson_limits_by_hand(observed, confidence)
    result = stats.isratio(
        area(counts, POPS), "deaths", "pop", "ref_deaths", "ref_pop", confidence=confidence
    )
    row = result.iloc[0]
    assert row["observed"] == observed
    assert row["expected"] == pytest.approx(expected, rel=1e-12)
    assert row["value"] == pytest.approx(observed / expected, rel=1e-12, abs=0)
    low_name, up_name = stats.ci_columns(confidence)
    assert row[low_name] == pytest.approx(lower / expected, rel=1e-9, abs=1e-300)
    assert row[up_name] == pytest.approx(upper / expected, rel=1e-9)
    assert row["method"] == method
    assert row["statistic"] == "indirectly standardised ratio x 1"


@pytest.mark.parametrize("counts", [[1, 2, 4], [3, 6, 12]])
def test_israte_hand_worked(counts: list[float]) -> None:
    observed = float(sum(counts))
    expected = expected_deaths(POPS)
    reference_rate = sum(REF_COUNT) / sum(REF_POP)  # 550 / 200000
    lower, upper, method = poisson_limits_by_hand(observed, 0.95)
    result = stats.isr(area(counts, POPS), "deaths", "pop", "ref_deaths", "ref_pop")
    row = result.iloc[0]
    scale = reference_rate * 100_000 / expected
    assert row["value"] == pytest.approx(observed * scale, rel=1e-12)
    assert row["lower95_0cl"] == pytest.approx(lower * scale, rel=1e-9)
    assert row["upper95_0cl"] == pytest.approx(upper * scale, rel=1e-9)
    assert row["method"] == method
    assert row["statistic"] == "indirectly standardised rate per 100000"


def test_labels_follow_reference_value_and_multiplier() -> None:
    data = area([3, 6, 12], POPS)
    ratio = stats.isratio(data, "deaths", "pop", "ref_deaths", "ref_pop", reference_value=100)
    assert ratio.loc[0, "statistic"] == "indirectly standardised ratio x 100"
    plain = stats.isratio(data, "deaths", "pop", "ref_deaths", "ref_pop")
    assert ratio.loc[0, "value"] == pytest.approx(100 * plain.loc[0, "value"], rel=1e-12)
    assert ratio.loc[0, "upper95_0cl"] == pytest.approx(100 * plain.loc[0, "upper95_0cl"], rel=1e-12)
    rate = stats.isr(data, "deaths", "pop", "ref_deaths", "ref_pop", multiplier=1000)
    assert rate.loc[0, "statistic"] == "indirectly standardised rate per 1000"


def test_output_columns_two_levels() -> None:
    data = pd.concat([area([3, 6, 12], POPS, "B"), area([1, 1, 1], POPS, "A")], ignore_index=True)
    columns_after_groups = [
        "observed",
        "expected",
        "value",
        "lower95_0cl",
        "upper95_0cl",
        "lower99_8cl",
        "upper99_8cl",
        "statistic",
        "method",
    ]
    for function in (stats.isr, stats.isratio):
        result = function(
            data, "deaths", "pop", "ref_deaths", "ref_pop", group_by="area", confidence=[0.95, 0.998]
        )
        assert list(result.columns) == ["area", *columns_after_groups]
        assert result["area"].tolist() == ["B", "A"]
        assert result["method"].tolist() == ["Byars", "Exact"]
    ungrouped = stats.isratio(data, "deaths", "pop", "ref_deaths", "ref_pop")
    assert len(ungrouped) == 1 and ungrouped.loc[0, "observed"] == 24


def test_reference_vectors_equal_reference_columns() -> None:
    data = pd.concat([area([3, 6, 12], POPS, "A"), area([1, 0, 8], [900, 700, 100], "B")], ignore_index=True)
    for function in (stats.isr, stats.isratio):
        by_column = function(data, "deaths", "pop", "ref_deaths", "ref_pop", group_by="area")
        by_list = function(data, "deaths", "pop", REF_COUNT, REF_POP, group_by="area")
        by_array = function(data, "deaths", "pop", np.array(REF_COUNT), pd.Series(REF_POP), group_by="area")
        pd.testing.assert_frame_equal(by_list, by_column)
        pd.testing.assert_frame_equal(by_array, by_column)


def test_reference_vector_is_joined_by_position_within_each_group() -> None:
    # the same age bands, interleaved groups: the n-th row of each group takes the n-th reference value
    data = pd.concat([area([3, 6, 12], POPS, "A"), area([1, 0, 8], [900, 700, 100], "B")], ignore_index=True)
    interleaved = data.iloc[[0, 3, 1, 4, 2, 5]]
    result = stats.isratio(interleaved, "deaths", "pop", REF_COUNT, REF_POP, group_by="area")
    assert result.loc[0, "expected"] == pytest.approx(expected_deaths(POPS), rel=1e-12)
    assert result.loc[1, "expected"] == pytest.approx(expected_deaths([900, 700, 100]), rel=1e-12)


def test_observed_totals_replace_the_age_specific_counts() -> None:
    data = area([3, 6, 12], POPS)
    summed = stats.isratio(data, "deaths", "pop", "ref_deaths", "ref_pop", confidence=[0.95, 0.998])
    totals = data.assign(total=21, deaths=np.nan)
    from_totals = stats.isratio(
        totals, "deaths", "pop", "ref_deaths", "ref_pop", observed_totals="total", confidence=[0.95, 0.998]
    )
    pd.testing.assert_frame_equal(from_totals, summed)
    other = stats.isr(data.assign(total=7), "deaths", "pop", "ref_deaths", "ref_pop", observed_totals="total")
    lower, upper, method = poisson_limits_by_hand(7, 0.95)
    scale = sum(REF_COUNT) / sum(REF_POP) * 100_000 / expected_deaths(POPS)
    assert other.loc[0, "observed"] == 7
    assert other.loc[0, "lower95_0cl"] == pytest.approx(lower * scale, rel=1e-9)
    assert other.loc[0, "upper95_0cl"] == pytest.approx(upper * scale, rel=1e-9)
    assert other.loc[0, "method"] == method == "Exact"


def test_observed_totals_on_one_row_per_group_and_missing_totals() -> None:
    data = pd.concat([area([3, 6, 12], POPS, "A"), area([1, 0, 8], POPS, "B")], ignore_index=True)
    data["total"] = [30, np.nan, np.nan, np.nan, np.nan, np.nan]
    result = stats.isratio(
        data, "deaths", "pop", "ref_deaths", "ref_pop", observed_totals="total", group_by="area"
    )
    assert result.loc[0, "observed"] == 30
    assert result.loc[0, "value"] == pytest.approx(30 / expected_deaths(POPS), rel=1e-12)
    assert result.loc[1, ["observed", "value", "lower95_0cl", "upper95_0cl"]].isna().all()


def test_zero_populations_are_allowed() -> None:
    with_zero = area([0, 6, 12], [0, 1500, 400])
    result = stats.isratio(with_zero, "deaths", "pop", "ref_deaths", "ref_pop")
    assert result.loc[0, "expected"] == pytest.approx(expected_deaths([0, 1500, 400]), rel=1e-12)
    dropped = stats.isratio(with_zero.iloc[1:], "deaths", "pop", "ref_deaths", "ref_pop")
    pd.testing.assert_frame_equal(result, dropped)


def test_a_group_with_no_population_gives_missing_value_without_error() -> None:
    data = pd.concat([area([3, 6, 12], POPS, "A"), area([0, 0, 0], [0, 0, 0], "B")], ignore_index=True)
    result = stats.isr(data, "deaths", "pop", "ref_deaths", "ref_pop", group_by="area")
    assert result.loc[1, "expected"] == 0
    assert np.isnan(result.loc[1, "value"])
    assert result.loc[0, "value"] == pytest.approx(
        21 / expected_deaths(POPS) * sum(REF_COUNT) / sum(REF_POP) * 1e5, rel=1e-12
    )


def test_missing_inputs_follow_phe() -> None:
    """A missing count, population or reference count adds nothing (PHEindicatormethods na.zero)."""
    data = area([3, np.nan, 12], [2000, 1500, np.nan])
    result = stats.isratio(data, "deaths", "pop", "ref_deaths", "ref_pop")
    assert result.loc[0, "observed"] == 15
    assert result.loc[0, "expected"] == pytest.approx(expected_deaths([2000, 1500, 0]), rel=1e-12)
    no_ref = area([3, 6, 12], POPS).assign(ref_deaths=[30, np.nan, 400])
    rate = stats.isr(no_ref, "deaths", "pop", "ref_deaths", "ref_pop")
    assert rate.loc[0, "expected"] == pytest.approx(0.6 + 8, rel=1e-12)
    assert rate.loc[0, "value"] == pytest.approx(21 / 8.6 * 430 / 200_000 * 1e5, rel=1e-12)


def test_a_missing_reference_population_makes_its_group_missing() -> None:
    """PHEindicatormethods does not check n_ref: a missing one makes Σ x_ref/n_ref·n, so the
    group's expected count, value and limits (and the ISR's reference rate) missing."""
    data = pd.concat([area([3, 6, 12], POPS, "A"), area([3, 6, 12], POPS, "B")], ignore_index=True)
    data.loc[4, "ref_pop"] = np.nan
    for function in (stats.isr, stats.isratio):
        result = function(data, "deaths", "pop", "ref_deaths", "ref_pop", group_by="area")
        assert result.loc[1, ["expected", "value", "lower95_0cl", "upper95_0cl"]].isna().all()
        assert result.loc[1, "observed"] == 21
        whole = function(data.iloc[:3], "deaths", "pop", "ref_deaths", "ref_pop", group_by="area")
        pd.testing.assert_frame_equal(result.iloc[:1], whole)


def test_isratio_is_one_when_the_area_is_its_own_reference() -> None:
    data = area([3, 6, 12], POPS).assign(ref_deaths=[3, 6, 12], ref_pop=POPS)
    ratio = stats.isratio(data, "deaths", "pop", "ref_deaths", "ref_pop")
    assert ratio.loc[0, "value"] == pytest.approx(1, rel=1e-12)
    rate = stats.isr(data, "deaths", "pop", "ref_deaths", "ref_pop")
    crude = stats.rate(pd.DataFrame({"x": [21], "n": [sum(POPS)]}), "x", "n")
    assert rate.loc[0, "value"] == pytest.approx(crude.loc[0, "value"], rel=1e-12)
    # both use the Poisson limits of the same 21 events over the same denominator
    assert rate.loc[0, "lower95_0cl"] == pytest.approx(crude.loc[0, "lower95_0cl"], rel=1e-12)
    assert rate.loc[0, "upper95_0cl"] == pytest.approx(crude.loc[0, "upper95_0cl"], rel=1e-12)


def test_isr_agrees_with_dsr_and_crude_rate_when_age_specific_rates_are_equal() -> None:
    # local rate 1 % in every band, reference rate 0.5 % in every band
    pops = [1000.0, 2000.0, 500.0]
    data = pd.DataFrame(
        {
            "deaths": [10.0, 20.0, 5.0],
            "pop": pops,
            "ref_deaths": [50.0, 100.0, 400.0],
            "ref_pop": [10_000.0, 20_000.0, 80_000.0],
            "std": [5000.0, 7000.0, 3000.0],
        }
    )
    isr = stats.isr(data, "deaths", "pop", "ref_deaths", "ref_pop")
    dsr = stats.dsr(data, "deaths", "pop", standard_population="std")
    ratio = stats.isratio(data, "deaths", "pop", "ref_deaths", "ref_pop")
    assert isr.loc[0, "value"] == pytest.approx(1000, rel=1e-12)
    assert dsr.loc[0, "value"] == pytest.approx(1000, rel=1e-12)
    assert ratio.loc[0, "value"] == pytest.approx(2, rel=1e-12)


# ---- properties -------------------------------------------------------------------------------

counts = st.lists(st.integers(0, 40), min_size=3, max_size=3)
populations = st.lists(st.integers(0, 5000), min_size=3, max_size=3).filter(lambda p: sum(p) > 0)


@settings(max_examples=40, deadline=None)
@given(counts=counts, pops=populations, reference_value=st.sampled_from([1, 100]))
def test_limits_bracket_the_value_and_widen_with_confidence(
    counts: list[int], pops: list[int], reference_value: int
) -> None:
    data = area([float(c) for c in counts], [float(p) for p in pops])
    result = stats.isratio(
        data,
        "deaths",
        "pop",
        "ref_deaths",
        "ref_pop",
        reference_value=reference_value,
        confidence=[0.95, 0.998],
    )
    row = result.iloc[0]
    assert (
        row["lower99_8cl"] <= row["lower95_0cl"] <= row["value"] <= row["upper95_0cl"] <= row["upper99_8cl"]
    )
    assert row["lower95_0cl"] >= 0
    assert row["method"] == ("Exact" if sum(counts) < 10 else "Byars")
    lower, upper, _ = poisson_limits_by_hand(float(sum(counts)), 0.998)
    expected = expected_deaths([float(p) for p in pops])
    assert row["upper99_8cl"] == pytest.approx(upper / expected * reference_value, rel=1e-9)
    assert row["lower99_8cl"] == pytest.approx(lower / expected * reference_value, rel=1e-9, abs=1e-300)


@settings(max_examples=25, deadline=None)
@given(
    groups=st.lists(st.tuples(counts, populations), min_size=1, max_size=4),
    as_vector=st.booleans(),
)
def test_grouped_equals_each_group_alone(groups: list[tuple[list[int], list[int]]], as_vector: bool) -> None:
    frames = [
        area([float(c) for c in cs], [float(p) for p in ps], f"g{i}") for i, (cs, ps) in enumerate(groups)
    ]
    data = pd.concat(frames, ignore_index=True)
    ref_x: str | list[float] = REF_COUNT if as_vector else "ref_deaths"
    ref_n: str | list[float] = REF_POP if as_vector else "ref_pop"
    grouped = stats.isr(data, "deaths", "pop", ref_x, ref_n, group_by="area", confidence=[0.95, 0.998])
    for i, frame in enumerate(frames):
        alone = stats.isr(frame, "deaths", "pop", ref_x, ref_n, confidence=[0.95, 0.998])
        expected = alone.assign(area=f"g{i}")[grouped.columns]
        pd.testing.assert_frame_equal(grouped.iloc[[i]].reset_index(drop=True), expected)


@settings(max_examples=25, deadline=None)
@given(counts=counts, pops=populations, multiplier=st.sampled_from([100, 1000, 100_000]))
def test_isr_is_isratio_times_reference_rate(counts: list[int], pops: list[int], multiplier: int) -> None:
    data = area([float(c) for c in counts], [float(p) for p in pops])
    ratio = stats.isratio(data, "deaths", "pop", "ref_deaths", "ref_pop")
    rate = stats.isr(data, "deaths", "pop", "ref_deaths", "ref_pop", multiplier=multiplier)
    scale = sum(REF_COUNT) / sum(REF_POP) * multiplier
    for column in ("value", "lower95_0cl", "upper95_0cl"):
        assert rate.loc[0, column] == pytest.approx(ratio.loc[0, column] * scale, rel=1e-12)


# ---- bad input --------------------------------------------------------------------------------


def good() -> pd.DataFrame:
    return pd.concat([area([3, 6, 12], POPS, "A"), area([1, 0, 8], POPS, "B")], ignore_index=True).astype(
        {"deaths": object, "pop": object, "ref_deaths": object, "ref_pop": object}
    )


def with_cell(column: str, row: int, value: object) -> pd.DataFrame:
    data = good()
    data.loc[row - 1, column] = value
    return data


@pytest.mark.parametrize(
    "data, kwargs, row, column, match",
    [
        (with_cell("deaths", 2, -1), {}, 2, "deaths", "greater than or equal to zero"),
        (with_cell("deaths", 5, "seven"), {}, 5, "deaths", "not a number"),
        (with_cell("pop", 3, -10), {}, 3, "pop", "greater than or equal to zero"),
        (with_cell("pop", 4, "n/a"), {}, 4, "pop", "not a number"),
        (with_cell("ref_deaths", 6, -2), {}, 6, "ref_deaths", "greater than or equal to zero"),
        (with_cell("ref_deaths", 1, "x"), {}, 1, "ref_deaths", "not a number"),
        (with_cell("ref_pop", 2, 0), {}, 2, "ref_pop", "greater than zero"),
        (with_cell("ref_pop", 3, -5), {}, 3, "ref_pop", "greater than zero"),
        (good().assign(total=[21, 21, -1, 9, 9, 9]), {"observed_totals": "total"}, 3, "total", "zero"),
        (good().assign(total=[21, 22, 21, 9, 9, 9]), {"observed_totals": "total"}, 2, "total", "same"),
        (good().assign(total=[21, 21, 21, 9, "nine", 9]), {"observed_totals": "total"}, 5, "total", "number"),
    ],
)
def test_bad_cells_name_row_and_column(
    data: pd.DataFrame, kwargs: dict[str, object], row: int, column: str, match: str
) -> None:
    for function in (stats.isr, stats.isratio):
        with pytest.raises(InputError, match=match) as caught:
            function(data, "deaths", "pop", "ref_deaths", "ref_pop", group_by="area", **kwargs)  # type: ignore[arg-type]
        assert (caught.value.row, caught.value.column) == (row, column)


@pytest.mark.parametrize(
    "arguments, kwargs, column",
    [
        (("death", "pop", "ref_deaths", "ref_pop"), {}, "death"),
        (("deaths", "population", "ref_deaths", "ref_pop"), {}, "population"),
        (("deaths", "pop", "reference", "ref_pop"), {}, "reference"),
        (("deaths", "pop", "ref_deaths", "refpop"), {}, "refpop"),
        (("deaths", "pop", "ref_deaths", "ref_pop"), {"group_by": "region"}, "region"),
        (("deaths", "pop", "ref_deaths", "ref_pop"), {"group_by": ["area", "sex"]}, "sex"),
        (("deaths", "pop", "ref_deaths", "ref_pop"), {"observed_totals": "totals"}, "totals"),
    ],
)
def test_unknown_columns(arguments: tuple[str, ...], kwargs: dict[str, object], column: str) -> None:
    for function in (stats.isr, stats.isratio):
        with pytest.raises(InputError, match="no such column") as caught:
            function(good(), *arguments, **kwargs)  # type: ignore[arg-type]
        assert caught.value.column == column


@pytest.mark.parametrize(
    "ref_count, ref_pop, column",
    [
        ([30.0, 120.0], REF_POP, "reference_count"),
        (REF_COUNT, [1.0, 2.0, 3.0, 4.0], "reference_population"),
        ([], REF_POP, "reference_count"),
    ],
)
def test_reference_vector_of_the_wrong_length(
    ref_count: list[float], ref_pop: list[float], column: str
) -> None:
    with pytest.raises(InputError, match="vector has") as caught:
        stats.isratio(good(), "deaths", "pop", ref_count, ref_pop, group_by="area")
    assert caught.value.column == column and caught.value.row == 1


def test_reference_vector_against_groups_of_different_sizes() -> None:
    data = good().iloc[:5]  # group B has 2 rows
    with pytest.raises(InputError, match="this group has 2 rows") as caught:
        stats.isr(data, "deaths", "pop", REF_COUNT, REF_POP, group_by="area")
    assert caught.value.row == 4


@pytest.mark.parametrize("confidence", [0, -0.5, 1.5, 95, 99.8, [0.95, 2], [], "high"])
def test_bad_confidence(confidence: object) -> None:
    for function in (stats.isr, stats.isratio):
        with pytest.raises(InputError, match="confidence"):
            function(good(), "deaths", "pop", "ref_deaths", "ref_pop", confidence=confidence)  # type: ignore[arg-type]


@settings(max_examples=30, deadline=None)
@given(row=st.integers(1, 6), value=st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=False))
def test_any_negative_count_or_population_is_rejected_at_its_row(row: int, value: float) -> None:
    for column in ("deaths", "pop", "ref_deaths"):
        with pytest.raises(InputError) as caught:
            stats.isratio(
                with_cell(column, row, value), "deaths", "pop", "ref_deaths", "ref_pop", group_by="area"
            )
        assert (caught.value.row, caught.value.column) == (row, column)


@settings(max_examples=30, deadline=None)
@given(row=st.integers(1, 6), text=st.text(min_size=1, max_size=8).filter(lambda t: not _is_number(t)))
def test_any_text_is_rejected_at_its_row(row: int, text: str) -> None:
    for column in ("deaths", "pop", "ref_pop"):
        with pytest.raises(InputError, match="not a number") as caught:
            stats.isr(with_cell(column, row, text), "deaths", "pop", "ref_deaths", "ref_pop", group_by="area")
        assert (caught.value.row, caught.value.column) == (row, column)


def _is_number(text: str) -> bool:
    return bool(pd.notna(pd.to_numeric(pd.Series([text]), errors="coerce").iloc[0]))
