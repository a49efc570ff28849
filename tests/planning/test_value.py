"""The SROI engine on hand-checked worked examples, the Monte Carlo's documented draw order and
its properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthassets.planning.value import (
    ImpactMap,
    InputRange,
    impact_year1,
    monte_carlo_ratios,
    payback_months,
    present_values,
    sroi,
    summarise_draws,
)


def impact_map(**columns: list[float]) -> ImpactMap:
    n = len(columns["quantity"])
    defaults = {
        "deadweight": [0.0] * n,
        "displacement": [0.0] * n,
        "attribution": [0.0] * n,
        "drop_off": [0.0] * n,
        "duration": [1] * n,
    }
    merged = {**defaults, **columns}
    return ImpactMap(
        outcome=tuple(f"outcome {i}" for i in range(n)),
        quantity=np.array(merged["quantity"], dtype=float),
        proxy=np.array(merged["proxy"], dtype=float),
        duration=np.array(merged["duration"], dtype=np.int64),
        deadweight=np.array(merged["deadweight"], dtype=float),
        displacement=np.array(merged["displacement"], dtype=float),
        attribution=np.array(merged["attribution"], dtype=float),
        drop_off=np.array(merged["drop_off"], dtype=float),
    )


def test_worked_example_with_deflators_and_drop_off() -> None:
    # 10 people × £100; 10 % deadweight, 20 % attribution → 720 in year 1; half drops off each year
    impacts = impact_map(
        quantity=[10], proxy=[100], deadweight=[0.1], attribution=[0.2], drop_off=[0.5], duration=[3]
    )
    assert impact_year1(impacts)[0] == pytest.approx(720.0, rel=1e-15)
    by_hand = 720 / 1.035 + 360 / 1.035**2 + 180 / 1.035**3  # 695.652… + 336.064… + 162.349…
    assert present_values(impacts)[0] == pytest.approx(by_hand, rel=1e-14)
    assert present_values(impacts, 0.1)[0] == pytest.approx(720 / 1.1 + 360 / 1.21 + 180 / 1.331, rel=1e-14)


def test_worked_example_totals_ratio_and_payback() -> None:
    # two outcomes: 20 × 50 × 0.75 (displacement) = 750 a year for 2 years; 4 × 250 = 1000 once
    impacts = impact_map(quantity=[20, 4], proxy=[50, 250], displacement=[0.25, 0], duration=[2, 1])
    result = sroi(impacts, investment=1500, discount_rate=0.05)
    pv = [750 / 1.05 + 750 / 1.05**2, 1000 / 1.05]
    np.testing.assert_allclose(result.present_value, pv, rtol=1e-14)
    assert result.total_impact_year1 == 1750
    assert result.total_present_value == pytest.approx(sum(pv), rel=1e-14)
    assert result.net_present_value == pytest.approx(sum(pv) - 1500, rel=1e-13)
    assert result.sroi_ratio == pytest.approx(sum(pv) / 1500, rel=1e-14)
    assert result.payback_months == pytest.approx(1500 / (1750 / 12), rel=1e-14)  # 10.2857… months


def test_green_book_schedule_crossing_year_30() -> None:
    impacts = impact_map(quantity=[1], proxy=[1000], duration=[32])
    annuity = (1 - 1.035**-30) / 0.035 + 1.035**-30 * (1 / 1.03 + 1 / 1.03**2)
    assert present_values(impacts)[0] == pytest.approx(1000 * annuity, rel=1e-13)


def test_full_drop_off_leaves_year_one_only() -> None:
    impacts = impact_map(quantity=[1], proxy=[100], drop_off=[1.0], duration=[5])
    assert present_values(impacts, 0.0)[0] == pytest.approx(100.0)


def test_payback_is_undefined_without_a_positive_year_one_impact() -> None:
    months = payback_months(1000.0, np.array([0.0, -5.0, 120.0]))
    assert np.isnan(months[:2]).all()
    assert months[2] == pytest.approx(100.0)
    zero = sroi(impact_map(quantity=[0], proxy=[10]), 100.0)
    assert np.isnan(zero.payback_months) and zero.sroi_ratio == 0


def test_monte_carlo_draws_in_the_documented_order() -> None:
    impacts = impact_map(
        quantity=[10, 5], proxy=[100, 40], deadweight=[0.1, 0.2], duration=[3, 2], drop_off=[0.2, 0.0]
    )
    ranges = {
        "drop_off": InputRange(np.array([0.1, 0.0]), np.array([0.3, 0.0])),
        "proxy": InputRange(np.array([80.0, 30.0]), np.array([120.0, 50.0])),
    }
    ratios = monte_carlo_ratios(impacts, ranges, 500.0, 4, np.random.default_rng(7), 0.035)
    rng = np.random.default_rng(7)
    proxy = rng.uniform([80.0, 30.0], [120.0, 50.0], size=(4, 2))  # proxy before drop_off
    drop = rng.uniform([0.1, 0.0], [0.3, 0.0], size=(4, 2))
    for draw in range(4):
        total = 0.0
        for i, (q, d, years) in enumerate([(10, 0.1, 3), (5, 0.2, 2)]):
            year1 = q * proxy[draw, i] * (1 - d)
            total += sum(year1 * (1 - drop[draw, i]) ** (t - 1) / 1.035**t for t in range(1, years + 1))
        assert ratios[draw] == pytest.approx(total / 500.0, rel=1e-13)


def test_monte_carlo_without_ranges_is_the_point_estimate() -> None:
    impacts = impact_map(quantity=[3], proxy=[70], duration=[4])
    ratios = monte_carlo_ratios(impacts, {}, 100.0, 5, np.random.default_rng(1))
    np.testing.assert_allclose(ratios, sroi(impacts, 100.0).sroi_ratio, rtol=1e-15)


def test_monte_carlo_summary_brackets_a_linear_input() -> None:
    # PV is linear in the proxy: a symmetric range leaves the median near the point estimate
    impacts = impact_map(quantity=[10], proxy=[100], duration=[5])
    ranges = {"proxy": InputRange(np.array([50.0]), np.array([150.0]))}
    ratios = monte_carlo_ratios(impacts, ranges, 1000.0, 20_000, np.random.default_rng(3))
    median, lower, upper = summarise_draws(ratios)
    point = sroi(impacts, 1000.0).sroi_ratio
    assert lower < median < upper
    assert median == pytest.approx(point, rel=0.02)
    # uniform proxy: the 5th and 95th percentiles sit at 55 and 145
    assert lower == pytest.approx(point * 0.55, rel=0.02)
    assert upper == pytest.approx(point * 1.45, rel=0.02)


def test_monte_carlo_in_bounded_slices_matches_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    impacts = impact_map(quantity=[10, 2], proxy=[100, 9], duration=[40, 7], drop_off=[0.1, 0.3])
    ranges = {"quantity": InputRange(np.array([5.0, 1.0]), np.array([15.0, 3.0]))}
    whole = monte_carlo_ratios(impacts, ranges, 900.0, 300, np.random.default_rng(5))
    monkeypatch.setattr("healthassets.planning.value._CHUNK_CELLS", 50)
    sliced = monte_carlo_ratios(impacts, ranges, 900.0, 300, np.random.default_rng(5))
    np.testing.assert_array_equal(whole, sliced)


rates = st.floats(0.0, 1.0)


@settings(max_examples=60, deadline=None)
@given(
    quantity=st.floats(0, 1e4),
    proxy=st.floats(-1e4, 1e4),
    duration=st.integers(1, 80),
    deadweight=rates,
    displacement=rates,
    attribution=rates,
    drop_off=rates,
    rate=st.one_of(st.none(), st.floats(0.0, 0.5)),
)
def test_present_value_matches_the_year_by_year_sum(
    quantity: float,
    proxy: float,
    duration: int,
    deadweight: float,
    displacement: float,
    attribution: float,
    drop_off: float,
    rate: float | None,
) -> None:
    impacts = impact_map(
        quantity=[quantity],
        proxy=[proxy],
        duration=[duration],
        deadweight=[deadweight],
        displacement=[displacement],
        attribution=[attribution],
        drop_off=[drop_off],
    )
    year1 = quantity * proxy * (1 - deadweight) * (1 - displacement) * (1 - attribution)
    factor, expected = 1.0, 0.0
    for t in range(1, duration + 1):
        r = rate if rate is not None else (0.035 if t <= 30 else 0.03)
        factor /= 1 + r
        expected += year1 * (1 - drop_off) ** (t - 1) * factor
    assert present_values(impacts, rate)[0] == pytest.approx(expected, rel=1e-12, abs=1e-9)
