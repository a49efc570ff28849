"""Discount rates and discount factors for present values.

A present value weights year ``t``'s value by the discount factor
``D_t = Π_{k=1..t} 1 / (1 + r_k)``, so one constant rate ``r`` gives ``1 / (1 + r)^t`` and a
declining schedule compounds each year's own rate (HM Treasury, *The Green Book*, 2022,
§A6 "Discounting": the declining long-term discount rate, Table 8 — 3.5 % for years 0–30, 3.0 %
for 31–75, 2.5 % for 76–125, 2.0 % for 126–200, 1.5 % for 201–300 and 1.0 % from 301).

Year 1 is the first year of benefits and is discounted once (values are taken to arrive at the
end of each year, as SROI guides count them); year 0 would be undiscounted.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]

#: HM Treasury Green Book declining schedule: (last year of the period, rate); None = every later year
GREEN_BOOK_SCHEDULE: tuple[tuple[int | None, float], ...] = (
    (30, 0.035),
    (75, 0.030),
    (125, 0.025),
    (200, 0.020),
    (300, 0.015),
    (None, 0.010),
)


def green_book_rates(years: int) -> Floats:
    """The Green Book rate ``r_k`` of each year ``k = 1 … years``."""
    year = np.arange(1, years + 1)
    rates = np.full(years, GREEN_BOOK_SCHEDULE[-1][1])
    start = 1
    for last, rate in GREEN_BOOK_SCHEDULE[:-1]:
        assert last is not None
        rates[(year >= start) & (year <= last)] = rate
        start = last + 1
    return rates


def constant_rates(rate: float, years: int) -> Floats:
    """One rate for every year ``1 … years``."""
    return np.full(years, float(rate))


def discount_factors(rates: Floats) -> Floats:
    """``D_t = Π_{k=1..t} 1 / (1 + r_k)`` for ``t = 1 … len(rates)``."""
    factors: Floats = np.cumprod(1.0 / (1.0 + np.asarray(rates, dtype=np.float64))).astype(np.float64)
    return factors


def rates_for(years: int, discount_rate: float | None) -> Floats:
    """The yearly rates of a calculation: one constant rate when given, else the Green Book's."""
    return green_book_rates(years) if discount_rate is None else constant_rates(discount_rate, years)
