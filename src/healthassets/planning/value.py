"""Social return on investment (SROI) from an impact map, vectorised over outcomes and draws.

Each outcome of an impact map (Social Value UK, *A guide to Social Return on Investment*, 2012,
stages 3–5) has a quantity, a financial proxy per unit, a duration in whole years and four
impact deflators as fractions in [0, 1]: deadweight (what would have happened anyway),
displacement (what the outcome displaced), attribution (the share due to others) and drop-off
(the yearly decline after year 1). Then, for outcome ``i``:

    impact_1 = quantity × proxy × (1 − deadweight) × (1 − displacement) × (1 − attribution)
    impact_t = impact_1 × (1 − drop_off)^(t − 1)            for t = 1 … duration, else 0
    PV       = Σ_t impact_t × D_t,   D_t = Π_{k=1..t} 1 / (1 + r_k)     (planning.discounting)

and for the whole map, with ``investment`` > 0:

    NPV = Σ_i PV_i − investment,   SROI ratio = Σ_i PV_i / investment,
    payback (months) = investment / (Σ_i impact_1,i / 12)

Payback is undefined (NaN) when the year-1 impact is zero or negative: the investment is never
paid back (docs/adr/0067-sroi-engine-and-cli.md).

Every function takes whole arrays; a leading axis of draws (Monte Carlo) broadcasts through.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from healthassets.planning.discounting import discount_factors, rates_for

Floats = npt.NDArray[np.float64]

#: the inputs of an impact map that a range may vary, in the order the Monte Carlo draws them
VARIABLE_INPUTS: tuple[str, ...] = (
    "quantity",
    "proxy",
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
)
#: the four deflators: fractions in [0, 1]
DEFLATORS: tuple[str, ...] = ("deadweight", "displacement", "attribution", "drop_off")
#: quantile levels of the Monte Carlo summary: median and the 90 % interval
MONTE_CARLO_LEVELS = (0.5, 0.05, 0.95)
#: the largest year-by-year array one step of the Monte Carlo builds (draws × outcomes × years)
_CHUNK_CELLS = 1 << 22


@dataclass(frozen=True)
class ImpactMap:
    """The outcomes of an impact map as equal-length arrays (one element per outcome)."""

    outcome: tuple[str, ...]
    quantity: Floats
    proxy: Floats
    duration: npt.NDArray[np.int64]
    deadweight: Floats
    displacement: Floats
    attribution: Floats
    drop_off: Floats

    def __len__(self) -> int:
        return len(self.outcome)

    def with_input(self, name: str, values: Floats) -> ImpactMap:
        """The same map with one variable input replaced (``values`` may carry a draws axis)."""
        changes: dict[str, Any] = {name: values}
        return replace(self, **changes)


@dataclass(frozen=True)
class SroiResult:
    """Per-outcome and total figures of one SROI calculation."""

    outcome: tuple[str, ...]
    impact_year1: Floats
    present_value: Floats
    investment: float
    total_impact_year1: float
    total_present_value: float
    net_present_value: float
    sroi_ratio: float
    payback_months: float


def impact_year1(impacts: ImpactMap) -> Floats:
    """``quantity × proxy × (1 − deadweight) × (1 − displacement) × (1 − attribution)``."""
    return (
        impacts.quantity
        * impacts.proxy
        * (1.0 - impacts.deadweight)
        * (1.0 - impacts.displacement)
        * (1.0 - impacts.attribution)
    )


def present_values(impacts: ImpactMap, discount_rate: float | None = None) -> Floats:
    """Each outcome's ``PV = Σ_{t=1..duration} impact_1 × (1 − drop_off)^(t − 1) × D_t``.

    Rates: one constant ``discount_rate`` for every year, or the Green Book schedule. Inputs may
    carry a leading draws axis; the result has the shape of their broadcast.
    """
    year1 = impact_year1(impacts)
    keep = np.broadcast_to(1.0 - impacts.drop_off, year1.shape)
    duration = np.broadcast_to(impacts.duration, year1.shape)
    years = int(impacts.duration.max()) if len(impacts) else 0
    factors = discount_factors(rates_for(years, discount_rate))
    exponents = np.arange(years, dtype=np.float64)  # t − 1
    year = np.arange(1, years + 1)
    # Σ_t keep^(t−1) × D_t over each outcome's own years, in slices of bounded size
    flat_keep = np.ascontiguousarray(keep).reshape(-1)
    flat_duration = np.ascontiguousarray(duration).reshape(-1)
    weights = np.empty(flat_keep.size)
    step = max(1, _CHUNK_CELLS // max(years, 1))
    for start in range(0, flat_keep.size, step):
        part = slice(start, start + step)
        yearly = np.power(flat_keep[part, None], exponents) * factors
        within = year <= flat_duration[part, None]
        weights[part] = np.where(within, yearly, 0.0).sum(axis=-1)
    return year1 * weights.reshape(year1.shape)


def payback_months(investment: float | Floats, total_year1: float | Floats) -> Floats:
    """``investment / (total year-1 impact / 12)``; NaN where that impact is ≤ 0 (never paid back)."""
    total = np.asarray(total_year1, dtype=np.float64)
    positive = total > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        months = np.asarray(investment, dtype=np.float64) / (total / 12.0)
    return np.where(positive, months, np.nan)


def sroi(impacts: ImpactMap, investment: float, discount_rate: float | None = None) -> SroiResult:
    """The SROI of ``impacts`` for ``investment`` (see the module docstring for the formulas)."""
    year1 = impact_year1(impacts)
    present = present_values(impacts, discount_rate)
    total_year1 = float(year1.sum())
    total_present = float(present.sum())
    return SroiResult(
        outcome=impacts.outcome,
        impact_year1=year1,
        present_value=present,
        investment=float(investment),
        total_impact_year1=total_year1,
        total_present_value=total_present,
        net_present_value=total_present - investment,
        sroi_ratio=total_present / investment,
        payback_months=float(payback_months(investment, total_year1)),
    )


@dataclass(frozen=True)
class InputRange:
    """A uniform range for one variable input of each outcome (low = high: held fixed)."""

    low: Floats
    high: Floats


def draw_inputs(
    impacts: ImpactMap, ranges: dict[str, InputRange], draws: int, rng: np.random.Generator
) -> ImpactMap:
    """``impacts`` with a leading axis of ``draws``: each input with a range takes an independent
    uniform draw per outcome and draw, ``rng.uniform(low, high, size=(draws, outcomes))``, in the
    order of :data:`VARIABLE_INPUTS`; inputs without a range keep their value."""
    drawn = impacts
    for name in VARIABLE_INPUTS:
        if name in ranges:
            span = ranges[name]
            values = rng.uniform(span.low, span.high, size=(draws, len(impacts)))
            drawn = drawn.with_input(name, values)
    return drawn


def monte_carlo_ratios(
    impacts: ImpactMap,
    ranges: dict[str, InputRange],
    investment: float,
    draws: int,
    rng: np.random.Generator,
    discount_rate: float | None = None,
) -> Floats:
    """The SROI ratio of each of ``draws`` Monte Carlo draws (Σ_i PV_i / investment)."""
    drawn = draw_inputs(impacts, ranges, draws, rng)
    present = np.broadcast_to(present_values(drawn, discount_rate), (draws, len(impacts)))
    return present.sum(axis=1) / investment


def summarise_draws(ratios: Floats) -> tuple[float, float, float]:
    """(median, 5th percentile, 95th percentile) of the draws; percentiles interpolate linearly
    between order statistics (NumPy's default, R's type 7)."""
    median, lower, upper = np.quantile(ratios, MONTE_CARLO_LEVELS)
    return float(median), float(lower), float(upper)
