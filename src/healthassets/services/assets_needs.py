"""Use case: assets beside needs — the small areas of a local authority (or the MSOAs of a
country) placed by a need measure against an asset measure, each area's quadrant (priority,
build-on, protect, thriving), "left behind" flag and rank intervals (docs/adr/0061).

Need: the IMD 2025 score or one of its domain scores (England), or Census 2021's households deprived
in one or more dimensions (England and Wales; the default in Wales, whose WIMD is not bundled);
higher = more need. Assets: the asset
register's measures (assets per 1,000 residents, by category, access measures), the distance to
the nearest park (ONS, every LSOA of England and Wales) or any other small-area indicator with a
polarity; "Low is good" measures (distances) are turned round so that rank 1 = most assets.

Outside the register's coverage its measures are not mapped (never zero): the areas without a
value are counted and left out of the ranking, and when the default register measure has no value
for at least 90 % of the areas, the national park-distance measure is used instead and the page
says so.
Ranks and cuts are relative to the areas shown (the authority's, or the country's).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from healthassets.errors import InputError, NotFoundError
from healthassets.indices.quadrant import CUTS, quadrants
from healthassets.indices.rank_intervals import rank_intervals, simulate
from healthassets.services.derived import ensure_derived
from healthassets.services.inequality import AUTHORITY_TYPES, latest_headline_values, source_of
from healthassets.store import Engine
from healthassets.store import areas as area_queries
from healthassets.store import indicators as indicator_store
from healthassets.store.areas import AreaInfo
from healthassets.store.inequality import indicators_with_values

#: the IMD 2025 score and its seven domain scores (England; docs/adr/0004), and Census 2021's
#: households deprived in one to four dimensions (England and Wales)
NEED_IDS = (*range(9_000_001, 9_000_009), *range(9_000_101, 9_000_105))
#: the need measure shown first: the IMD in England; in Wales (no WIMD is bundled) the households
#: deprived in one or more dimensions
DEFAULT_NEED = {"E": 9_000_001, "W": 9_000_101}
#: usual residents (Census 2021) at every small-area level (the small-areas step)
RESIDENTS = 9_220_010
PARKS = 9_220_000
#: the asset measure shown first: the register's assets per 1,000 residents, else (outside its
#: coverage) the distance to the nearest park, which every LSOA of England and Wales has
DEFAULT_ASSETS = (9_100_001, PARKS)
#: the levels offered for an authority and for a country
AUTHORITY_LEVELS = ("lsoa", "msoa", "ward")
COUNTRY_LEVELS = ("msoa",)
COUNTRIES = frozenset({"E92000001", "W92000004"})
DRAWS = 500
#: the default register measure is used only where it covers this share of the areas with a need
#: value (the quintile rule's 90 %, docs/adr/0047); else the national park measure is shown
COVERAGE = 0.9


@dataclass(frozen=True)
class Measure:
    indicator_id: int
    name: str
    #: +1: a higher value is more (need or assets); -1: lower is more ("Low is good" assets)
    direction: int
    #: "deprivation", "census", "assets", "access" or "other"
    source: str

    @property
    def from_register(self) -> bool:
        return self.source in ("assets", "access")


@dataclass
class AssetsAndNeeds:
    area: AreaInfo
    level: str
    levels: tuple[str, ...]
    need: Measure
    assets: Measure
    cut: str
    #: one row per area of the level: area_code, area_name, population, need_value,
    #: assets_value, need_rank, assets_rank, assets_rank_median/lower/upper, quadrant, left_behind
    table: pd.DataFrame
    need_periods: list[str]
    assets_periods: list[str]
    #: the default register measure had no value here, so the national park measure is used
    fell_back: bool = False
    need_choices: list[Measure] = field(default_factory=list)
    asset_choices: list[Measure] = field(default_factory=list)
    draws: int = DRAWS

    @property
    def compared(self) -> int:
        return int(self.table["quadrant"].notna().sum())

    @property
    def not_mapped(self) -> int:
        """Areas with a need value but no asset value (outside the register's coverage)."""
        return int((self.table["need_value"].notna() & self.table["assets_value"].isna()).sum())

    @property
    def priority(self) -> pd.DataFrame:
        """The priority areas (high need, low assets), highest need first."""
        rows = self.table[self.table["quadrant"] == "priority"]
        return rows.sort_values(["need_rank", "area_name"])


def offers_assets_and_needs(area: AreaInfo) -> bool:
    """Whether the view exists for ``area``: a local authority or a country."""
    return area.code in COUNTRIES or area.area_type in AUTHORITY_TYPES


def measures(engine: Engine, level: str) -> tuple[list[Measure], list[Measure]]:
    """(need choices, asset choices) with values at ``level``: the IMD and its domains; asset
    measures from the register (rates, not counts), access measures, and other small-area
    indicators with a polarity (the park distance)."""
    ensure_derived(engine)
    present = set(indicators_with_values(engine, level))
    meta = indicator_store.indicator_metadata(engine)
    needs, assets = [], []
    for ident in sorted(present):
        if ident not in meta.index or ident == RESIDENTS:
            continue
        row = meta.loc[ident]
        polarity, source = str(row.get("polarity") or ""), source_of(ident)
        if ident in NEED_IDS:
            needs.append(Measure(ident, str(row["name"]), +1, source))
        elif source == "assets" and ident % 10 != 1:
            continue  # counts: their per-1,000 rates are offered instead
        elif source in ("assets", "access") or (
            source == "other" and polarity in ("High is good", "Low is good")
        ):
            assets.append(Measure(ident, str(row["name"]), -1 if polarity == "Low is good" else +1, source))
    return needs, assets


def assets_and_needs(
    engine: Engine,
    code: str,
    *,
    level: str | None = None,
    need: int | None = None,
    assets: int | None = None,
    cut: str = "median",
    draws: int = DRAWS,
) -> AssetsAndNeeds:
    """The assets-vs-needs view of ``code`` (a local authority or a country)."""
    area = area_queries.get_area(engine, code)
    if not offers_assets_and_needs(area):
        raise NotFoundError(
            f"assets beside needs is shown for local authorities and countries, not {area.name}"
        )
    levels = COUNTRY_LEVELS if area.code in COUNTRIES else AUTHORITY_LEVELS
    level = level or levels[0]
    if level not in levels:
        raise InputError(
            f"level {level!r} is not offered here; choose from {', '.join(levels)}", column="level"
        )
    if cut not in CUTS:
        raise InputError(f"unknown cut {cut!r}; choose from {', '.join(CUTS)}", column="cut")
    need_choices, asset_choices = measures(engine, level)
    need_measure = _chosen(need_choices, need, DEFAULT_NEED.get(area.code[:1], NEED_IDS[0]), "need")
    asset_measure = _chosen(asset_choices, assets, DEFAULT_ASSETS[0], "assets")
    wanted = [need_measure.indicator_id, asset_measure.indicator_id, RESIDENTS]
    if assets is None:
        wanted.append(PARKS)
    values = latest_headline_values(engine, area.code, wanted, area_type=level)
    fell_back = False
    if assets is None and (
        asset_measure.indicator_id != DEFAULT_ASSETS[0]
        or _coverage(values, need_measure, asset_measure) < COVERAGE
    ):
        fallback = next((m for m in asset_choices if m.indicator_id == PARKS), None)
        if fallback is not None:
            asset_measure, fell_back = fallback, True
    places = area_queries.descendants(engine, area.code, level)
    table = _table(places, values, need_measure, asset_measure, cut, draws, seed=f"{area.code}:{level}")
    periods = _periods(values)
    return AssetsAndNeeds(
        area=area, level=level, levels=levels, need=need_measure, assets=asset_measure, cut=cut,
        table=table, need_periods=periods.get(need_measure.indicator_id, []),
        assets_periods=periods.get(asset_measure.indicator_id, []), fell_back=fell_back,
        need_choices=need_choices, asset_choices=asset_choices, draws=draws,
    )  # fmt: skip


def _coverage(values: pd.DataFrame, need: Measure, assets: Measure) -> float:
    """The share of the areas with a need value that also have the asset measure's value."""
    with_need = set(values.loc[values["indicator_id"] == need.indicator_id, "area_code"])
    with_assets = set(values.loc[values["indicator_id"] == assets.indicator_id, "area_code"])
    return len(with_need & with_assets) / len(with_need) if with_need else 0.0


def _chosen(choices: list[Measure], wanted: int | None, default: int, what: str) -> Measure:
    if not choices:
        raise NotFoundError(f"no {what} measure has values for these areas")
    if wanted is None:
        return next((m for m in choices if m.indicator_id == default), choices[0])
    found = next((m for m in choices if m.indicator_id == wanted), None)
    if found is None:
        raise InputError(f"indicator {wanted} is not a {what} measure for these areas", column=what)
    return found


def _periods(values: pd.DataFrame) -> dict[int, list[str]]:
    """The periods each indicator's latest values come from (usually one)."""
    if values.empty:
        return {}
    return {int(k): sorted(set(map(str, g))) for k, g in values.groupby("indicator_id")["period"]}


def _table(
    places: list[AreaInfo],
    values: pd.DataFrame,
    need: Measure,
    assets: Measure,
    cut: str,
    draws: int,
    seed: str,
) -> pd.DataFrame:
    """One row per area: its values, ranks, rank interval of the asset measure, quadrant."""
    table = pd.DataFrame({"area_code": [p.code for p in places], "area_name": [p.name for p in places]})

    def column(ident: int, name: str) -> pd.Series:
        rows = values[values["indicator_id"] == ident].set_index("area_code")
        return (
            table["area_code"].map(rows[name]).astype(float)
            if len(rows)
            else pd.Series(np.nan, index=table.index)
        )

    table["population"] = column(RESIDENTS, "value")
    table["need_value"] = column(need.indicator_id, "value")
    table["assets_value"] = column(assets.indicator_id, "value")
    need_values = need.direction * table["need_value"].to_numpy()
    asset_values = assets.direction * table["assets_value"].to_numpy()
    ranked = quadrants(need_values, asset_values, cut)
    table = pd.concat([table, ranked], axis=1)
    both = ~np.isnan(need_values) & ~np.isnan(asset_values)
    rng = np.random.default_rng(zlib.crc32(f"{seed}:{assets.indicator_id}:{need.indicator_id}".encode()))
    simulated, was = simulate(
        np.where(both, table["assets_value"], np.nan),
        column(assets.indicator_id, "lower95_0cl").to_numpy(),
        column(assets.indicator_id, "upper95_0cl").to_numpy(),
        column(assets.indicator_id, "count").to_numpy(),
        draws,
        rng,
    )
    intervals = rank_intervals(simulated, assets.direction, was)
    table["assets_rank_median"] = pd.array(intervals.median, dtype="Float64").astype("Int64")
    table["assets_rank_lower"] = pd.array(intervals.lower, dtype="Float64").astype("Int64")
    table["assets_rank_upper"] = pd.array(intervals.upper, dtype="Float64").astype("Int64")
    table["assets_rank_simulated"] = intervals.simulated & both
    return table
