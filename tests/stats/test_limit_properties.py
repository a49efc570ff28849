"""Property tests of the shared limits and the crude statistics, against formulas written out here.

Wilson (1927) score limits, exact Poisson limits from the χ² distribution (Armitage & Berry),
Byar's approximation (Breslow & Day 1987), Student's t limits of a mean, and the Dobson DSR
(Dobson et al. 1991) — each checked against an independent evaluation with scipy.stats, plus
structural properties (limits bracket the value, 99.8 % contains 95 %, grouped = per group).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2, norm, t

from healthassets import stats
from healthassets.errors import InputError

levels = st.floats(0.5, 0.999)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 10_000), share=st.floats(0, 1), confidence=levels)
def test_wilson_matches_the_score_formula(n: int, share: float, confidence: float) -> None:
    x = round(share * n)
    z = norm.ppf(0.5 + confidence / 2)
    p = x / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    lower, upper = stats.wilson_limits([x], [n], confidence)
    assert lower[0] == pytest.approx(centre - half, rel=1e-9, abs=1e-12)
    assert upper[0] == pytest.approx(centre + half, rel=1e-9, abs=1e-12)
    assert 0 <= lower[0] <= p <= upper[0] <= 1 + 1e-12


@settings(max_examples=60, deadline=None)
@given(x=st.integers(0, 500), confidence=levels)
def test_exact_poisson_matches_chi_squared(x: int, confidence: float) -> None:
    alpha = 1 - confidence
    lower, upper = stats.exact_poisson_limits([x], confidence)
    expected_lower = chi2.ppf(alpha / 2, 2 * x) / 2 if x > 0 else 0.0
    assert lower[0] == pytest.approx(expected_lower, rel=1e-9, abs=1e-12)
    assert upper[0] == pytest.approx(chi2.ppf(1 - alpha / 2, 2 * x + 2) / 2, rel=1e-9)
    assert lower[0] <= x <= upper[0]


@settings(max_examples=60, deadline=None)
@given(x=st.integers(1, 5000), confidence=levels)
def test_byars_matches_breslow_and_day(x: int, confidence: float) -> None:
    z = norm.ppf(0.5 + confidence / 2)
    lower, upper = stats.byars_limits([x], confidence)
    expected_lower = x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
    if expected_lower < 0:
        assert np.isnan(lower[0])
    else:
        assert lower[0] == pytest.approx(expected_lower, rel=1e-9)
    assert upper[0] == pytest.approx(
        (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * np.sqrt(x + 1))) ** 3, rel=1e-9
    )


def test_poisson_limits_switch_at_ten_and_propagate_missing() -> None:
    counts = np.array([0, 9, 10, 11, np.nan])
    lower, upper, method = stats.poisson_limits(counts, 0.95)
    exact_lo, exact_hi = stats.exact_poisson_limits(counts[:2], 0.95)
    byars_lo, byars_hi = stats.byars_limits(counts[2:4], 0.95)
    np.testing.assert_allclose(lower[:4], np.r_[exact_lo, byars_lo], rtol=1e-14)
    np.testing.assert_allclose(upper[:4], np.r_[exact_hi, byars_hi], rtol=1e-14)
    assert method.tolist() == ["Exact", "Exact", "Byars", "Byars", None]
    assert np.isnan(lower[4]) and np.isnan(upper[4])


def test_confidence_one_gives_the_widest_limits_without_error() -> None:
    lower, upper = stats.wilson_limits([0, 3, 5], [5, 10, 5], 1)
    assert lower.tolist() == [0, 0, 0] and upper.tolist() == [1, 1, 1]
    lower, upper = stats.exact_poisson_limits([0, 4], 1)
    assert lower.tolist() == [0, 0] and np.isinf(upper).all()
    lower, upper = stats.byars_limits([20], 1)
    assert np.isnan(lower[0]) and np.isinf(upper[0])


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=30), confidence=levels)
def test_mean_matches_student_t(values: list[float], confidence: float) -> None:
    result = stats.mean(pd.DataFrame({"v": values}), "v", confidence=confidence)
    sample = np.array(values)
    sd = sample.std(ddof=1)
    half = t.ppf(0.5 + confidence / 2, len(values) - 1) * sd / np.sqrt(len(values))
    low_name, up_name = stats.ci_columns(confidence)
    assert result.loc[0, "value"] == pytest.approx(sample.mean(), rel=1e-9, abs=1e-9)
    assert result.loc[0, "stdev"] == pytest.approx(sd, rel=1e-9, abs=1e-9)
    assert result.loc[0, low_name] == pytest.approx(sample.mean() - half, rel=1e-9, abs=1e-7)
    assert result.loc[0, up_name] == pytest.approx(sample.mean() + half, rel=1e-9, abs=1e-7)


rows = st.lists(
    st.tuples(st.sampled_from("ABC"), st.integers(0, 200), st.integers(1, 400)), min_size=1, max_size=12
)


@settings(max_examples=40, deadline=None)
@given(rows=rows)
def test_proportion_and_rate_grouped_equal_summed_rows(rows: list[tuple[str, int, int]]) -> None:
    data = pd.DataFrame(rows, columns=["area", "x", "n"])
    data["n"] = data[["x", "n"]].max(axis=1)  # a proportion needs x ≤ n
    for function in (stats.proportion, stats.rate):
        grouped = function(data, "x", "n", group_by="area", confidence=[0.95, 0.998])
        summed = data.groupby("area", sort=False)[["x", "n"]].sum().reset_index()
        direct = function(summed, "x", "n", confidence=[0.95, 0.998])
        numbers = ["value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]
        np.testing.assert_allclose(
            grouped[numbers].to_numpy(float), direct[numbers].to_numpy(float), rtol=1e-12
        )
        assert grouped["area"].tolist() == list(dict.fromkeys(data["area"]))
        assert (grouped["lower99_8cl"] <= grouped["lower95_0cl"]).all()
        assert (grouped["lower95_0cl"] <= grouped["value"] + 1e-12).all()
        assert (grouped["value"] <= grouped["upper95_0cl"]).all()
        assert (grouped["upper95_0cl"] <= grouped["upper99_8cl"]).all()


def test_missing_inputs_give_missing_outputs() -> None:
    data = pd.DataFrame({"x": [1, np.nan, 3], "n": [10, 10, np.nan]})
    for function in (stats.proportion, stats.rate):
        result = function(data, "x", "n")
        assert result.loc[[1, 2], ["value", "lower95_0cl", "upper95_0cl"]].isna().all(axis=None)
        assert result.loc[0, ["value", "lower95_0cl", "upper95_0cl"]].notna().all()


def test_a_missing_cell_makes_its_group_missing_when_grouped() -> None:
    """phe_proportion / phe_rate summarise with R's sum (no na.rm); phe_mean with sum and sd."""
    data = pd.DataFrame({"g": ["a", "a", "b", "b"], "x": [1, np.nan, 3, 4], "n": [10, 10, 10, 10]})
    for function in (stats.proportion, stats.rate):
        result = function(data, "x", "n", group_by="g")
        assert result.loc[0, ["numerator", "value", "lower95_0cl"]].isna().all()
        assert result.loc[0, "denominator"] == 20
        assert result.loc[1, "value"] == function(data.iloc[2:], "x", "n", group_by="g").loc[0, "value"]
    means = stats.mean(data, "x", group_by="g")
    assert means.loc[0, ["value_sum", "stdev", "value", "upper95_0cl"]].isna().all()
    assert means["value_count"].tolist() == [2, 2]
    assert means.loc[1, "value"] == 3.5
    overall = stats.mean(data, "x")
    assert np.isnan(overall.loc[0, "value"]) and overall.loc[0, "value_count"] == 4


@pytest.mark.parametrize("column", ["n", "w"])
def test_dsr_missing_population_makes_its_group_missing(column: str) -> None:
    data = pd.concat([dsr_frame([20, 15, 10, 5], "A"), dsr_frame([20, 15, 10, 5], "B")], ignore_index=True)
    data.loc[5, column] = np.nan
    with pytest.warns(stats.DSRWarning, match="1 group"):
        result = stats.dsr(data, "x", "n", standard_population="w", group_by="area")
    assert result.loc[1, ["value", "lower95_0cl", "upper95_0cl"]].isna().all()
    alone = stats.dsr(data.iloc[:4], "x", "n", standard_population="w", group_by="area")
    pd.testing.assert_frame_equal(result.iloc[:1], alone)


def dsr_frame(counts: list[int], area: str = "A") -> pd.DataFrame:
    return pd.DataFrame(
        {"area": area, "x": counts, "n": [1000, 800, 600, 300], "w": [3000.0, 2500.0, 1500.0, 500.0]}
    )


dsr_counts = st.lists(st.integers(0, 80), min_size=4, max_size=4)


@settings(max_examples=40, deadline=None)
@given(counts=dsr_counts, scale=st.floats(0.01, 100))
def test_dsr_matches_dobson_and_ignores_the_scale_of_the_standard(counts: list[int], scale: float) -> None:
    data = dsr_frame(counts)
    result = stats.dsr(data, "x", "n", standard_population="w", confidence=[0.95, 0.998])
    rescaled = stats.dsr(data.assign(w=data["w"] * scale), "x", "n", standard_population="w")
    total = sum(counts)
    if total < 10:
        assert result[["value", "lower95_0cl", "upper99_8cl"]].isna().all(axis=None)
        assert result.loc[0, "statistic"] == "dsr NA for total count < 10"
        return
    w, n, x = data["w"].to_numpy(), data["n"].to_numpy(), np.array(counts, dtype=float)
    value = (w * x / n).sum() / w.sum()
    variance = (w**2 * x / n**2).sum() / w.sum() ** 2
    z = norm.ppf(0.975)
    upper_count = (total + 1) * (1 - 1 / (9 * (total + 1)) + z / (3 * np.sqrt(total + 1))) ** 3
    assert result.loc[0, "value"] == pytest.approx(value * 1e5, rel=1e-12)
    assert result.loc[0, "upper95_0cl"] == pytest.approx(
        (value + np.sqrt(variance / total) * (upper_count - total)) * 1e5, rel=1e-10
    )
    row = result.iloc[0]
    assert (
        row["lower99_8cl"] <= row["lower95_0cl"] <= row["value"] <= row["upper95_0cl"] <= row["upper99_8cl"]
    )
    for column in ("value", "lower95_0cl", "upper95_0cl"):
        assert rescaled.loc[0, column] == pytest.approx(result.loc[0, column], rel=1e-10)


@settings(max_examples=25, deadline=None)
@given(groups=st.lists(dsr_counts, min_size=1, max_size=4))
def test_dsr_grouped_equals_each_group_alone(groups: list[list[int]]) -> None:
    frames = [dsr_frame(counts, f"g{i}") for i, counts in enumerate(groups)]
    grouped = stats.dsr(pd.concat(frames), "x", "n", standard_population="w", group_by="area")
    for i, frame in enumerate(frames):
        alone = stats.dsr(frame, "x", "n", standard_population="w").assign(area=f"g{i}")[grouped.columns]
        pd.testing.assert_frame_equal(grouped.iloc[[i]].reset_index(drop=True), alone)


# ---- bad input through the Python API ---------------------------------------------------------

CASES = [
    ("proportion", {"x": [1, -1]}, 2, "x"),
    ("proportion", {"n": [10, 0]}, 2, "n"),
    ("proportion", {"n": [-3, 10]}, 1, "n"),
    ("proportion", {"x": [11, 2]}, 1, "x"),
    ("proportion", {"x": [1, "two"]}, 2, "x"),
    ("rate", {"x": [-0.5, 2]}, 1, "x"),
    ("rate", {"n": [10, 0]}, 2, "n"),
    ("rate", {"n": ["ten", 10]}, 1, "n"),
    ("mean", {"x": [1, "abc"]}, 2, "x"),
    ("dsr", {"x": [1, -2]}, 2, "x"),
    ("dsr", {"n": [0, 10]}, 1, "n"),
    ("dsr", {"w": [1, -1]}, 2, "w"),
    ("dsr", {"w": [1, "std"]}, 2, "w"),
]


@pytest.mark.parametrize("method, change, row, column", CASES)
def test_bad_cells_are_located(method: str, change: dict[str, list[object]], row: int, column: str) -> None:
    data = pd.DataFrame({"x": [1, 2], "n": [10, 10], "w": [1, 1]}).astype(object)
    for name, values in change.items():
        data[name] = values
    with pytest.raises(InputError) as caught:
        if method == "mean":
            stats.mean(data, "x")
        elif method == "dsr":
            stats.dsr(data, "x", "n", standard_population="w")
        else:
            getattr(stats, method)(data, "x", "n")
    assert (caught.value.row, caught.value.column) == (row, column)


@pytest.mark.parametrize("method", ["proportion", "rate", "mean", "dsr"])
@pytest.mark.parametrize("confidence", [0, 1.01, 95, -0.1, [0.95, 0]])
def test_bad_confidence(method: str, confidence: object) -> None:
    data = pd.DataFrame({"x": [1, 2], "n": [10, 10], "w": [1, 1]})
    with pytest.raises(InputError, match="confidence"):
        if method == "mean":
            stats.mean(data, "x", confidence=confidence)  # type: ignore[arg-type]
        elif method == "dsr":
            stats.dsr(data, "x", "n", standard_population="w", confidence=confidence)  # type: ignore[arg-type]
        else:
            getattr(stats, method)(data, "x", "n", confidence=confidence)


def test_dsr_standard_choices() -> None:
    data = pd.DataFrame({"x": [1, 2], "n": [10, 10], "w": [1, 1], "band": ["a", "b"]})
    with pytest.raises(InputError, match="exactly one"):
        stats.dsr(data, "x", "n")
    with pytest.raises(InputError, match="exactly one"):
        stats.dsr(data, "x", "n", standard_population="w", standard="esp2013", age_band="band")
    with pytest.raises(InputError, match="unknown standard"):
        stats.dsr(data, "x", "n", standard="esp1976", age_band="band")
    with pytest.raises(InputError, match="19 age bands"):
        stats.dsr(data, "x", "n", standard="esp2013", age_band="band")


@settings(max_examples=30, deadline=None)
@given(
    method=st.sampled_from(["proportion", "rate", "dsr"]),
    row=st.integers(1, 5),
    bad=st.floats(max_value=-1e-6, allow_nan=False, allow_infinity=False),
)
def test_any_negative_numerator_is_rejected(method: str, row: int, bad: float) -> None:
    data = pd.DataFrame({"x": [1.0] * 5, "n": [10.0] * 5, "w": [1.0] * 5})
    data.loc[row - 1, "x"] = bad
    with pytest.raises(InputError) as caught:
        if method == "dsr":
            stats.dsr(data, "x", "n", standard_population="w")
        else:
            getattr(stats, method)(data, "x", "n")
    assert (caught.value.row, caught.value.column) == (row, "x")
