"""Funnel plot limits and significance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import special

from healthassets import stats
from healthassets.errors import InputError


def test_proportion_limits_are_wilson_around_the_target() -> None:
    limits = stats.funnel_limits([100, 1000], 5.0, "proportion", multiplier=100, proportion_method="wilson")
    lower, upper = stats.wilson_limits([5, 50], [100, 1000], 0.95)
    assert limits["lower95_0cl"].tolist() == pytest.approx((lower * 100).tolist())
    assert limits["upper95_0cl"].tolist() == pytest.approx((upper * 100).tolist())


def test_poisson_funnels_pass_through_the_exact_limits_of_the_observed_count() -> None:
    # lower funnel at E: the count O with exact upper limit U(O) = Γ⁻¹(O + 1; 0.999) = E;
    # upper funnel at E: the count O with exact lower limit L(O) = Γ⁻¹(O; 0.001) = E
    sizes = np.array([1000.0, 100_000.0, 2_000_000.0])
    limits = stats.funnel_limits(sizes, 50.0, "rate", multiplier=100_000)
    expected = 50.0 / 100_000 * sizes
    low_count = limits["lower99_8cl"].to_numpy() * sizes / 100_000
    high_count = limits["upper99_8cl"].to_numpy() * sizes / 100_000
    assert low_count[0] == 0  # 0.5 expected events: no count is significantly low
    assert special.gammaincinv(low_count[1:] + 1, 0.999) == pytest.approx(expected[1:], rel=1e-9)
    assert special.gammaincinv(high_count, 0.001) == pytest.approx(expected, rel=1e-9)


def test_funnel_narrows_as_areas_grow() -> None:
    limits = stats.funnel_limits(stats.funnel_points(10, 1e6, 50), 20.0, "proportion", multiplier=100)
    width = (limits["upper95_0cl"] - limits["lower95_0cl"]).to_numpy()
    assert (np.diff(width) < 0).all()
    assert (
        (limits["lower99_8cl"] <= limits["lower95_0cl"]) & (limits["upper95_0cl"] <= limits["upper99_8cl"])
    ).all()


def test_significance_labels() -> None:
    data = pd.DataFrame({"x": [5, 50, 500, 30, 0, 50_000], "n": [100, 1000, 10000, 100, 10000, 1_000_000]})
    result = stats.funnel_significance(data, "proportion", numerator="x", denominator="n", multiplier=100)
    target = data["x"].sum() / data["n"].sum() * 100
    assert result["target"].tolist() == pytest.approx([target] * 6)
    assert result["significance"].tolist()[:5] == [
        "Within limits",
        "Within limits",
        "Within limits",
        "Above 99.8% limit",
        "Below 99.8% limit",
    ]


def test_targets_per_group() -> None:
    data = pd.DataFrame({"g": ["a", "a", "b", "b"], "x": [1, 3, 10, 30], "n": [10, 10, 10, 10]})
    result = stats.funnel_significance(
        data, "rate", numerator="x", denominator="n", multiplier=1, group_by="g"
    )
    assert result["target"].tolist() == pytest.approx([0.2, 0.2, 2.0, 2.0])


def test_ratio_and_dsr() -> None:
    data = pd.DataFrame({"o": [40, 90, 10], "e": [40, 50, 10], "dsr": [500.0, 900.0, 100.0]})
    ratio = stats.funnel_significance(data, "ratio", numerator="o", expected="e", reference_value=100)
    assert ratio["target"].tolist() == [100, 100, 100]
    assert ratio["significance"].tolist()[1] == "Above 99.8% limit"
    dsr = stats.funnel_significance(data, "dsr", numerator="o", value="dsr", multiplier=100_000)
    assert dsr["size"].tolist() == pytest.approx([8000, 10000, 10000])


def test_missing_input_is_not_compared() -> None:
    data = pd.DataFrame({"x": [5, np.nan], "n": [100, 100]})
    result = stats.funnel_significance(data, "proportion", numerator="x", denominator="n")
    assert result["significance"].tolist()[1] == "Not compared"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"kind": "median"}, "unknown funnel type"),
        ({"denominator": None}, "needs the denominator"),
        ({"denominator": "nope"}, "no such column"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"kind": "proportion", "numerator": "x", "denominator": "n"}
    args.update(kwargs)
    kind = args.pop("kind")
    with pytest.raises(InputError, match=message):
        stats.funnel_significance(pd.DataFrame({"x": [1], "n": [10]}), kind, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "x, n, message",
    [
        (-1, 10, "greater than or equal"),
        (1, 0, "greater than zero"),
        (11, 10, "less than or equal"),
        ("a", 10, "not a number"),
    ],
)
def test_bad_values(x: object, n: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        stats.funnel_significance(
            pd.DataFrame({"x": [x], "n": [n]}), "proportion", numerator="x", denominator="n"
        )


def test_bad_axis() -> None:
    with pytest.raises(InputError):
        stats.funnel_points(10, 5)


@given(st.integers(1, 10_000), st.floats(0.01, 0.99))
def test_target_always_inside_its_limits(n: int, p: float) -> None:
    limits = stats.funnel_limits([n], p * 100, "proportion", multiplier=100).iloc[0]
    assert limits["lower99_8cl"] <= p * 100 <= limits["upper99_8cl"]


# --- hand-worked limits -------------------------------------------------------------------------
# Wilson (1927) for 5 of 100 at 95 %: z = 1.959964, (2x + z² ∓ z√(z² + 4x(1 − x/n))) / (2(n + z²))
#   = (13.8415 ∓ 1.959964·√22.8415) / 207.6829 → 2.1544 % and 11.1751 %.
# Exact Poisson limits of a count of 1 at 95 % (Garwood): −ln(0.975) = 0.025318 and χ²₀.₉₇₅(4)/2 = 5.571643.


def test_hand_worked_wilson_funnel() -> None:
    limits = stats.funnel_limits(
        [100], 5.0, "proportion", confidence=0.95, multiplier=100, proportion_method="wilson"
    )
    assert list(limits.columns) == ["size", "target", "lower95_0cl", "upper95_0cl"]
    assert limits.loc[0, "lower95_0cl"] == pytest.approx(2.1544, abs=1e-4)
    assert limits.loc[0, "upper95_0cl"] == pytest.approx(11.1751, abs=1e-4)


def test_hand_worked_normal_proportion_funnel() -> None:
    # 5 % of 100: 0.05 ∓ 1.959964·√(0.05·0.95/100) = 0.05 ∓ 0.0427164 → 0.72836 % and 9.27164 %
    limits = stats.funnel_limits([100], 5.0, "proportion", confidence=0.95, multiplier=100)
    assert limits.loc[0, "lower95_0cl"] == pytest.approx(0.72836, abs=1e-5)
    assert limits.loc[0, "upper95_0cl"] == pytest.approx(9.27164, abs=1e-5)


# PHEindicatormethods 2.x published test output (tests/testthat/testdata_funnel_prop_outputs.csv):
# baseline 80.642448 %, limits at a few of its populations; the first rows are cut at 0 and 100.
PHE_PROPORTION_FUNNEL = [
    # population, lower 95 %, upper 95 %, lower 99.8 %, upper 99.8 %
    (1, 3.204264, 100, 0, 100),
    (3, 35.933491, 100, 10.150815, 100),
    (18, 62.390093, 98.894803, 51.864359, 100),
    (41, 68.548635, 92.73626, 61.574398, 99.710497),
    (1008, 78.203374, 83.081521, 76.796814, 84.488082),
    (110000, 80.408963, 80.875933, 80.274317, 81.010578),
]


@pytest.mark.parametrize("population, lower95, upper95, lower998, upper998", PHE_PROPORTION_FUNNEL)
def test_proportion_funnel_matches_phe_indicator_methods(
    population: int, lower95: float, upper95: float, lower998: float, upper998: float
) -> None:
    limits = stats.funnel_limits([population], 80.642448, "proportion", multiplier=100).iloc[0]
    expected = [lower95, upper95, lower998, upper998]
    actual = limits[["lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]].tolist()
    assert actual == pytest.approx(expected, abs=2e-6)


def test_hand_worked_exact_ratio_funnel() -> None:
    # one observed event is just significantly low when E = U(1) = χ²₀.₉₇₅(4)/2 = 5.5716434 (ratio
    # 1/E = 0.179480) and just significantly high when E = L(1) = −ln 0.975 = 0.0253178 (ratio 39.4978)
    limits = stats.funnel_limits([5.5716434, 0.0253178], 1.0, "ratio", confidence=[0.95])
    assert limits.loc[0, "lower95_0cl"] == pytest.approx(0.179480, abs=1e-6)
    assert limits.loc[1, "upper95_0cl"] == pytest.approx(39.4978, abs=1e-3)


# PHEindicatormethods 2.x published test output (tests/testthat/testdata_funnel_ratio_outputs.csv and
# testdata_funnel_rate_outputs.csv): expected events / 1-year populations at which an observed count
# sits on a limit. Its expected counts differ from the exact χ² quantiles by ~2e-7 (relative).
PHE_RATIO_FUNNEL = [
    # observed, expected at lower 95 %, expected at upper 95 %, expected at lower 99.8 %, at upper 99.8 %
    (1, 5.571644585, 0.025317898, 9.233410143, 0.001000547),
    (10, 18.39035799, 4.795387629, 24.13397235, 2.960519925),
    (100, 121.6268111, 81.36400699, 134.9243187, 71.92139974),
    (716, 770.4222128, 664.5083011, 802.60414, 636.1521174),
]


@pytest.mark.parametrize("observed, lower95, upper95, lower998, upper998", PHE_RATIO_FUNNEL)
def test_ratio_funnel_matches_phe_indicator_methods(
    observed: int, lower95: float, upper95: float, lower998: float, upper998: float
) -> None:
    sizes = [lower95, upper95, lower998, upper998]
    limits = stats.funnel_limits(sizes, 100.0, "ratio")  # ISRs × 100
    actual = [
        limits.loc[0, "lower95_0cl"],
        limits.loc[1, "upper95_0cl"],
        limits.loc[2, "lower99_8cl"],
        limits.loc[3, "upper99_8cl"],
    ]
    assert actual == pytest.approx([100 * observed / size for size in sizes], rel=1e-5)


def test_rate_funnel_matches_phe_indicator_methods() -> None:
    # baseline 116.1720835 per 100,000 per year over 3 years; one event sits on the lower 95 % limit
    # (20.85059119) at 3 × 1598.675694 person-years and on the upper one (4588.535848) at 7.264481402
    sizes = [3 * 1598.675694, 3 * 7.264481402]
    limits = stats.funnel_limits(sizes, 116.1720835, "rate", confidence=0.95, multiplier=100_000)
    assert limits.loc[0, "lower95_0cl"] == pytest.approx(20.85059119, rel=2e-6)
    assert limits.loc[1, "upper95_0cl"] == pytest.approx(4588.535848, rel=2e-6)


def test_every_significance_label_for_ratios() -> None:
    data = pd.DataFrame({"o": [140, 125, 110, 100, 75, 70, np.nan], "e": [100.0] * 6 + [100.0]})
    result = stats.funnel_significance(data, "ratio", numerator="o", expected="e")
    assert result["significance"].tolist() == [
        "Above 99.8% limit",
        "Above 95% limit",
        "Within limits",
        "Within limits",
        "Below 95% limit",
        "Below 99.8% limit",
        "Not compared",
    ]
    # the upper 95 % funnel at E = 100 is the count whose exact lower limit is 100
    assert special.gammaincinv(result["funnel_upper95_0cl"].iloc[0] * 100, 0.025) == pytest.approx(100)


def test_missing_denominator_is_not_compared_and_left_out_of_the_target() -> None:
    data = pd.DataFrame({"x": [10, 20, 5], "n": [100, 100, np.nan]})
    result = stats.funnel_significance(data, "rate", numerator="x", denominator="n", multiplier=100)
    assert result["target"].tolist() == pytest.approx([15.0] * 3)
    assert result["significance"].iloc[2] == "Not compared"


def test_dsr_equivalent_population() -> None:
    # a DSR of 250 per 100,000 from 50 events is worth a crude rate on 20,000 people
    data = pd.DataFrame({"count": [50], "dsr": [250.0]})
    result = stats.funnel_significance(data, "dsr", numerator="count", value="dsr", multiplier=100_000)
    assert result["size"].iloc[0] == pytest.approx(20_000)
    assert result["target"].iloc[0] == pytest.approx(250.0)
    assert result["significance"].iloc[0] == "Within limits"


def test_output_keeps_the_input_index_and_group_columns() -> None:
    data = pd.DataFrame({"g": ["b", "a", "b"], "x": [1, 2, 3], "n": [10, 10, 10]}, index=[7, 3, 9])
    result = stats.funnel_significance(data, "rate", numerator="x", denominator="n", group_by="g")
    assert result.index.tolist() == [7, 3, 9]
    assert result["g"].tolist() == ["b", "a", "b"]
    assert result["target"].tolist() == pytest.approx([0.2, 0.2, 0.2])


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "size, target, kind, kwargs, message",
    [
        ([10], 5.0, "proportion", {"confidence": [95]}, "did you mean 0.95"),
        ([10], 5.0, "proportion", {"confidence": 0}, r"must be in \(0, 1\]"),
        ([10], 5.0, "proportion", {"confidence": []}, "at least one confidence level"),
        ([10], 5.0, "proportion", {"confidence": ["high"]}, "not a number"),
        ([10], 150.0, "proportion", {"multiplier": 100}, "at most the multiplier"),
        ([10], -1.0, "rate", {}, "at least 0"),
        ([10], float("nan"), "rate", {}, "finite"),
        ([10], float("inf"), "ratio", {}, "finite"),
        ([10], "high", "rate", {}, "not a number"),
        ([10], 5.0, "rate", {"multiplier": 0}, "multiplier must be greater than zero"),
        ([10], 5.0, "rate", {"multiplier": -100}, "multiplier must be greater than zero"),
        ([0], 5.0, "rate", {}, "greater than zero"),
        ([10, -5], 5.0, "rate", {}, "greater than zero"),
        ([float("inf")], 5.0, "rate", {}, "finite"),
        (["ten"], 5.0, "rate", {}, "must be numbers"),
        ([10], 5.0, "mean", {}, "unknown funnel type"),
        ([10], 5.0, "proportion", {"proportion_method": "exact"}, "unknown proportion funnel method"),
    ],
)
def test_bad_limit_arguments(
    size: list[object], target: object, kind: str, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        stats.funnel_limits(size, target, kind, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kind, frame, kwargs, message",
    [
        ("rate", {"x": [np.inf], "n": [10]}, {"denominator": "n"}, "finite"),
        ("rate", {"x": [1], "n": [np.inf]}, {"denominator": "n"}, "finite"),
        ("rate", {"x": [1], "n": [-10]}, {"denominator": "n"}, "greater than zero"),
        ("rate", {"x": [1], "n": [10]}, {"denominator": "n", "multiplier": 0}, "multiplier"),
        ("ratio", {"x": [1], "e": [0.0]}, {"expected": "e"}, "greater than zero"),
        ("ratio", {"x": [1], "e": [2.0]}, {"expected": "e", "reference_value": -1}, "reference_value"),
        ("ratio", {"x": [1], "e": [2.0]}, {"denominator": "e"}, "needs the expected column"),
        ("dsr", {"x": [1], "v": [2.0]}, {"denominator": "v"}, "needs the value column"),
        ("dsr", {"x": [1], "v": ["x"]}, {"value": "v"}, "not a number"),
        ("dsr", {"x": [-1], "v": [2.0]}, {"value": "v"}, "greater than or equal to zero"),
        ("rate", {"x": [1], "n": [10]}, {"denominator": "n", "group_by": ["n", "nope"]}, "no such column"),
    ],
)
def test_bad_significance_inputs(
    kind: str, frame: dict[str, list[object]], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        stats.funnel_significance(pd.DataFrame(frame), kind, numerator="x", **kwargs)  # type: ignore[arg-type]


def test_bad_input_names_the_row_and_column() -> None:
    data = pd.DataFrame({"x": [1, 2, -3], "n": [10, 10, 10]})
    with pytest.raises(InputError) as caught:
        stats.funnel_significance(data, "rate", numerator="x", denominator="n")
    assert caught.value.row == 3
    assert caught.value.column == "x"


@pytest.mark.parametrize(
    "minimum, maximum, points", [(0, 10, 5), (5, 5, 5), (1, float("inf"), 5), (1, 10, 1), (1, 10, 2.5)]
)
def test_bad_axis_arguments(minimum: float, maximum: float, points: int) -> None:
    with pytest.raises(InputError):
        stats.funnel_points(minimum, maximum, points)


# --- properties ---------------------------------------------------------------------------------


@given(
    st.lists(st.tuples(st.integers(0, 500), st.integers(1, 5_000)), min_size=1, max_size=20),
    st.sampled_from([1, 100, 100_000]),
)
def test_labels_agree_with_the_limits_and_ignore_the_multiplier(
    rows: list[tuple[int, int]], multiplier: int
) -> None:
    data = pd.DataFrame(rows, columns=["x", "n"])
    data["x"] = np.minimum(data["x"], data["n"])
    result = stats.funnel_significance(
        data, "proportion", numerator="x", denominator="n", multiplier=multiplier
    )
    plain = stats.funnel_significance(data, "proportion", numerator="x", denominator="n")
    assert result["significance"].tolist() == plain["significance"].tolist()
    above = result["value"] > result["funnel_upper99_8cl"]
    assert (result["significance"][above] == "Above 99.8% limit").all()
    inside = (result["value"] >= result["funnel_lower95_0cl"]) & (
        result["value"] <= result["funnel_upper95_0cl"]
    )
    assert (result["significance"][inside] == "Within limits").all()


@given(st.floats(0.5, 1e5), st.floats(1, 500), st.sampled_from(["rate", "dsr", "ratio"]))
def test_poisson_funnels_bracket_the_target(size: float, target: float, kind: str) -> None:
    limits = stats.funnel_limits([size], target, kind, multiplier=100_000).iloc[0]
    assert (
        limits["lower99_8cl"]
        <= limits["lower95_0cl"]
        <= target
        <= limits["upper95_0cl"]
        <= limits["upper99_8cl"]
    )


def test_dsrs_from_fewer_than_ten_events_are_not_compared_nor_in_the_target() -> None:
    data = pd.DataFrame({"count": [9, 100, 300], "dsr": [5000.0, 100.0, 300.0]})
    result = stats.funnel_significance(data, "dsr", numerator="count", value="dsr", multiplier=100_000)
    assert result["significance"].iloc[0] == "Not compared"
    # target from the other two: 400 events over 100,000 + 100,000 equivalent people
    assert result["target"].tolist() == pytest.approx([200.0] * 3)


@given(st.integers(0, 3000), st.floats(0.05, 3000))
def test_ratio_label_is_the_exact_test_of_the_observed_count(observed: int, expected: float) -> None:
    data = pd.DataFrame({"o": [observed], "e": [expected]})
    label = stats.funnel_significance(data, "ratio", numerator="o", expected="e")["significance"].iloc[0]
    lower95 = special.gammaincinv(observed, 0.025) if observed else 0.0
    upper95 = special.gammaincinv(observed + 1, 0.975)
    margin = 1e-7 * expected
    if expected < lower95 - margin:
        assert label.startswith("Above")
    elif expected > upper95 + margin:
        assert label.startswith("Below")
    elif lower95 + margin < expected < upper95 - margin:
        assert label == "Within limits"
