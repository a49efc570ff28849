"""Discount rates and factors: the Green Book schedule year by year and the compounding rule."""

from __future__ import annotations

import numpy as np
import pytest

from healthassets.planning.discounting import (
    constant_rates,
    discount_factors,
    green_book_rates,
    rates_for,
)


@pytest.mark.parametrize(
    ("year", "rate"),
    [
        (1, 0.035),
        (30, 0.035),
        (31, 0.030),
        (75, 0.030),
        (76, 0.025),
        (125, 0.025),
        (126, 0.020),
        (200, 0.020),
        (201, 0.015),
        (300, 0.015),
        (301, 0.010),
        (400, 0.010),
    ],
)
def test_green_book_schedule_edges(year: int, rate: float) -> None:
    assert green_book_rates(400)[year - 1] == rate


def test_constant_rate_factors_are_powers() -> None:
    factors = discount_factors(constant_rates(0.035, 5))
    np.testing.assert_allclose(factors, [1.035**-t for t in range(1, 6)], rtol=1e-15)


def test_declining_rate_compounds_each_years_own_rate() -> None:
    factors = discount_factors(green_book_rates(32))
    assert factors[29] == pytest.approx(1.035**-30, rel=1e-14)
    assert factors[31] == pytest.approx(1.035**-30 / 1.03**2, rel=1e-14)


def test_rates_for_prefers_the_given_rate() -> None:
    assert rates_for(3, 0.05).tolist() == [0.05] * 3
    assert rates_for(3, None).tolist() == [0.035] * 3
    assert rates_for(0, None).size == 0
