"""Use case: the social return on investment of an impact map — the figures of
``healthassets sroi`` and of the /sroi page (one-way sensitivity, Monte Carlo, reflation).

The formulas are in :mod:`healthassets.planning.value`; the impact map's rules in
:mod:`healthassets.io.impact_map`; the choices in docs/adr/0067 and 0068.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from healthassets.errors import InputError
from healthassets.io.impact_map import TOTAL, ImpactFile, read_deflators, read_impact_text
from healthassets.planning.prices import reflate
from healthassets.planning.sensitivity import OneWay, one_way
from healthassets.planning.value import (
    InputRange,
    SroiResult,
    monte_carlo_ratios,
    sroi,
    summarise_draws,
)

COLUMNS = ["outcome", "impact_year1", "present_value", "net_present_value", "sroi_ratio", "payback_months"]
DRAW_COLUMNS = ["sroi_ratio_median", "sroi_ratio_lower", "sroi_ratio_upper"]
#: what one request to the page may ask for (the CLI has no limits)
MAX_OUTCOMES = 200
MAX_DRAWS = 50_000
MAX_YEAR_CELLS = 50_000_000  # draws × the outcomes' years added up
HISTOGRAM_BINS = 30


def check_investment(value: float, label: str = "--investment") -> float:
    if not np.isfinite(value) or value <= 0:
        raise InputError(f"{label} must be a positive amount, not {value:g}")
    return float(value)


def check_discount_rate(value: float | None, label: str = "--discount-rate") -> float | None:
    if value is not None and (not np.isfinite(value) or not 0 <= value < 1):
        raise InputError(
            f"{label} is a yearly rate as a fraction in [0, 1), e.g. 0.035 for 3.5 %, not {value:g}"
        )
    return value


def result_table(result: SroiResult, draws: tuple[float, float, float] | None = None) -> pd.DataFrame:
    """The output rows of ``healthassets sroi``: one per outcome (impact_year1, present_value),
    then TOTAL (sums, NPV, ratio, payback and, after a Monte Carlo, the ratio's median and 5th and
    95th percentiles)."""
    columns = COLUMNS + (DRAW_COLUMNS if draws is not None else [])
    n = len(result.outcome)
    rows = pd.DataFrame(np.nan, index=range(n + 1), columns=columns[1:])
    rows.insert(0, "outcome", [*result.outcome, TOTAL])
    rows.loc[: n - 1, "impact_year1"] = result.impact_year1
    rows.loc[: n - 1, "present_value"] = result.present_value
    total = {
        "impact_year1": result.total_impact_year1,
        "present_value": result.total_present_value,
        "net_present_value": result.net_present_value,
        "sroi_ratio": result.sroi_ratio,
        "payback_months": result.payback_months,
    }
    if draws is not None:
        total.update(zip(DRAW_COLUMNS, draws, strict=True))
    for column, value in total.items():
        rows.loc[n, column] = value
    return rows


@dataclass(frozen=True)
class SroiRequest:
    """What the page's form asks for. ``change``: the one-way move (0.1 = ±10 % of amounts,
    ±10 points of the deflators); ``price_year`` with ``deflators``: reflate the proxies."""

    impact_csv: str
    investment: float
    discount_rate: float | None = None
    draws: int | None = None
    seed: int = 1
    change: float = 0.1
    price_year: int | None = None
    deflators: str = ""


@dataclass(frozen=True)
class MonteCarlo:
    draws: int
    seed: int
    median: float
    lower: float
    upper: float
    #: the histogram of the draws: counts per bin and the bins' edges
    counts: np.ndarray
    edges: np.ndarray


@dataclass(frozen=True)
class SroiCalculation:
    request: SroiRequest
    impact: ImpactFile
    result: SroiResult
    one_way: OneWay
    monte_carlo: MonteCarlo | None
    reflated: bool

    def table(self) -> pd.DataFrame:
        mc = self.monte_carlo
        return result_table(self.result, None if mc is None else (mc.median, mc.lower, mc.upper))


def _reflated(impact: ImpactFile, price_year: int, deflators: str) -> ImpactFile:
    """Proxies (and their ranges) in prices of ``price_year``; rows without a price year as given."""
    years = impact.price_year
    if years is None or not np.isfinite(years).any():
        raise InputError(
            "add a price_year column to the impact map to reflate its proxies", column="price_year"
        )
    index = read_deflators(deflators)
    given = np.isfinite(years)
    factor = np.ones(len(years))
    factor[given] = reflate(np.ones(int(given.sum())), years[given].astype(np.int64), price_year, index)
    impacts = impact.impacts.with_input("proxy", impact.impacts.proxy * factor)
    ranges = dict(impact.ranges)
    if "proxy" in ranges:
        ranges["proxy"] = InputRange(ranges["proxy"].low * factor, ranges["proxy"].high * factor)
    return replace(impact, impacts=impacts, ranges=ranges)


def _check_size(impact: ImpactFile, draws: int | None) -> None:
    if len(impact.impacts) > MAX_OUTCOMES:
        raise InputError(f"at most {MAX_OUTCOMES} outcomes at a time here (use healthassets sroi)")
    if draws is not None:
        if not 1 <= draws <= MAX_DRAWS:
            raise InputError(f"the number of draws is from 1 to {MAX_DRAWS:,}", column="draws")
        if draws * int(impact.impacts.duration.sum()) > MAX_YEAR_CELLS:
            raise InputError("too many draws for outcomes this long: use fewer draws", column="draws")


def calculate(request: SroiRequest) -> SroiCalculation:
    """Every figure of the /sroi page for ``request``; InputError naming the field at fault."""
    investment = check_investment(request.investment, "the investment")
    rate = check_discount_rate(request.discount_rate, "the discount rate")
    if not 0 < request.change < 1:
        raise InputError("the sensitivity change is between 0 % and 100 %", column="change")
    impact = read_impact_text(request.impact_csv)
    _check_size(impact, request.draws)
    reflated = request.price_year is not None
    if request.price_year is not None:
        impact = _reflated(impact, request.price_year, request.deflators)
    result = sroi(impact.impacts, investment, rate)
    bars = one_way(impact.impacts, investment, request.change, rate)
    monte_carlo = None
    if request.draws is not None:
        rng = np.random.default_rng(request.seed)
        ratios = monte_carlo_ratios(impact.impacts, impact.ranges, investment, request.draws, rng, rate)
        median, lower, upper = summarise_draws(ratios)
        counts, edges = np.histogram(ratios, bins=HISTOGRAM_BINS)
        monte_carlo = MonteCarlo(request.draws, request.seed, median, lower, upper, counts, edges)
    return SroiCalculation(request, impact, result, bars, monte_carlo, reflated)
