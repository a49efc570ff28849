"""Use case: the cost–savings template scaled up to chosen IMD 2025 deciles of an area (issue 13
part 4): residents of the area's LSOAs in each national decile (Census 2021 usual residents;
IMD 2025 decile, indicator 9000011, England only), the share reached, and
:func:`healthassets.planning.costs.cost_savings` for each decile and their total."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.errors import InputError
from healthassets.planning.costs import CostSavings, cost_savings
from healthassets.services.asset_places import lsoa_population
from healthassets.services.inequality import latest_headline_values
from healthassets.store import Engine
from healthassets.store.areas import AreaInfo, get_area

IMD_DECILE = 9_000_011
MAX_YEARS = 100


@dataclass(frozen=True)
class CostSavingsRequest:
    area: str
    deciles: list[int]
    reach: float
    """share of the deciles' residents the programme reaches, in [0, 1]"""
    cost_per_head: float
    effect_per_head: float
    unit_cost: float
    years: int
    discount_rate: float | None = None


@dataclass(frozen=True)
class DecileCostSavings:
    area: AreaInfo
    deciles: list[int]
    residents: np.ndarray
    lsoas: np.ndarray
    figures: CostSavings
    """one element per decile of ``deciles`` and then the total"""


def check_request(request: CostSavingsRequest) -> None:
    """InputError naming the field for values the template cannot use."""
    if not request.deciles or not set(request.deciles) <= set(range(1, 11)):
        raise InputError("choose one or more deciles from 1 (most deprived) to 10", column="deciles")
    if not 0 < request.reach <= 1:
        raise InputError("the share reached must be more than 0% and at most 100%", column="reach")
    if request.cost_per_head < 0 or request.unit_cost < 0:
        raise InputError("costs cannot be negative", column="cost_per_head")
    if not 1 <= request.years <= MAX_YEARS:
        raise InputError(f"the years must be a whole number from 1 to {MAX_YEARS}", column="years")
    if request.discount_rate is not None and not 0 <= request.discount_rate < 1:
        raise InputError("the discount rate must be from 0% to less than 100%", column="rate")


def residents_by_decile(engine: Engine, data_dir: Path, code: str) -> pd.DataFrame:
    """Per national IMD 2025 decile (1–10): the area's LSOAs in it and their residents."""
    deciles = latest_headline_values(engine, code, [IMD_DECILE])
    population = lsoa_population(data_dir)
    frame = pd.DataFrame(
        {
            "decile": pd.to_numeric(deciles["value"], errors="coerce").to_numpy(),
            "residents": deciles["area_code"].map(population).to_numpy(dtype=np.float64),
        }
    ).dropna()
    grouped = frame.groupby(frame["decile"].astype(int)).agg(
        lsoas=("residents", "size"), residents=("residents", "sum")
    )
    return grouped.reindex(range(1, 11), fill_value=0)


def scaled_cost_savings(engine: Engine, data_dir: Path, request: CostSavingsRequest) -> DecileCostSavings:
    """The template for each chosen decile of the area and their total (last element)."""
    check_request(request)
    area = get_area(engine, request.area)
    if area.code.startswith("W"):
        raise InputError("IMD 2025 deciles cover England only: choose an English area", column="area")
    table = residents_by_decile(engine, data_dir, area.code)
    chosen = sorted(set(request.deciles))
    residents = table.loc[chosen, "residents"].to_numpy(dtype=np.float64)
    lsoas = table.loc[chosen, "lsoas"].to_numpy(dtype=np.int64)
    if lsoas.sum() == 0 and table["lsoas"].sum() == 0:
        raise InputError(
            "this area has no small areas with an IMD 2025 decile: choose an authority", column="area"
        )
    residents = np.append(residents, residents.sum())
    lsoas = np.append(lsoas, lsoas.sum())
    figures = cost_savings(
        residents * request.reach, request.cost_per_head, request.effect_per_head, request.unit_cost,
        request.years, request.discount_rate,
    )  # fmt: skip
    return DecileCostSavings(area, chosen, residents, lsoas, figures)
