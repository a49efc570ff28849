"""Use case: the tartan rug — several areas × several indicators, each latest value benchmarked
against England at its indicator's own level."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from healthassets.errors import InputError
from healthassets.geography.names import search_key
from healthassets.indicators.disclosure import apply_disclosure
from healthassets.services.area_page import disclosure_of, headline_rows
from healthassets.services.area_search import find_areas
from healthassets.services.derived import ensure_derived
from healthassets.services.profiles import (
    ENGLAND,
    SERIES_KEYS,
    benchmark_against,
    benchmark_methods,
    indicator_metadata,
    profile_domains,
    region_values,
)
from healthassets.store import Engine
from healthassets.store import areas as area_queries
from healthassets.store import derived as derived_store
from healthassets.store.areas import AreaInfo

MAX_AREAS = 40
MAX_INDICATORS = 60
#: a code as typed: E08000004, w06000015 (anything else is looked up as a name)
AREA_CODE = re.compile(r"^[EWSNKJ]\d{8}$", re.IGNORECASE)


@dataclass
class ComparePage:
    areas: list[AreaInfo]
    indicators: pd.DataFrame  # id, name, unit
    cells: pd.DataFrame  # one row per area × indicator headline series, with benchmark
    england: pd.DataFrame
    #: comparator columns shown before the areas: England, then the chosen areas' regions
    comparators: list[AreaInfo] = field(default_factory=list)
    #: the indicators were not chosen: the profile's own are shown
    default_indicators: bool = False


def resolve_area(engine: Engine, text: str) -> AreaInfo:
    """An area typed as a code or a name ("Oldham", "oldham", "Rhondda Cynon Taf").

    A name matching one area's English or Welsh name exactly (ignoring case) wins; else the only
    area whose name contains it; several candidates are an error listing them with their codes.
    """
    typed = text.strip()
    if AREA_CODE.match(typed):
        return area_queries.get_area(engine, typed)
    found = find_areas(engine, typed, limit=6)
    wanted = search_key(typed)
    exact = [a for a in found if wanted in {search_key(a.name), search_key(a.name_cy)}]
    if exact:
        # "Manchester" names a district and a combined authority: search ranks larger areas first
        return exact[0]
    starting = [a for a in found if search_key(a.name).startswith(wanted)]
    if len(starting) == 1 and len(found) == 1:
        return starting[0]
    if not found:
        raise InputError(f"no area is called {typed!r}: check the spelling or use its code", column="areas")
    listed = "; ".join(f"{a.name} ({a.type_name}, {a.code})" for a in found[:5])
    raise InputError(f"{typed!r} matches several areas: {listed}. Use the area's code", column="areas")


def default_indicator_ids(engine: Engine, meta: pd.DataFrame) -> list[int]:
    """The first profile's indicators, in its domain order (at most MAX_INDICATORS)."""
    ids = [i for _, members in profile_domains(engine, None) for i in members if i in meta.index]
    return list(dict.fromkeys(ids))[:MAX_INDICATORS]


def comparator_areas(engine: Engine, areas: list[AreaInfo]) -> list[AreaInfo]:
    """England, then each distinct region (or country) the chosen areas lie in, nearest first."""
    found: dict[str, AreaInfo] = {}
    for area in areas:
        for parent in area_queries.ancestors(engine, area.code):
            if parent.area_type in ("region", "country") and parent.code not in {a.code for a in areas}:
                found.setdefault(parent.code, parent)
    regions = [a for a in found.values() if a.code != ENGLAND]
    england = [found[ENGLAND]] if ENGLAND in found else []
    return england + regions[:4]


def regions_of(
    engine: Engine, comparators: list[AreaInfo], values: pd.DataFrame, meta: pd.DataFrame
) -> list[pd.DataFrame]:
    """Each region comparator's values for the areas' series: stored, else aggregated from its
    authorities' counts (as on the area profile)."""
    series = values[values["area_code"] != ENGLAND]
    found = []
    for region in (c for c in comparators if c.code != ENGLAND):
        rows = region_values(engine, region, series, meta)
        if len(rows):
            rows = rows.merge(series[SERIES_KEYS].drop_duplicates(), on=SERIES_KEYS)
            found.append(rows.assign(area_code=region.code, area_name=region.name))
    return found


def latest_benchmarked(engine: Engine, codes: list[str], ids: list[int]) -> pd.DataFrame:
    """Each area's latest headline value of each indicator with its benchmark against England at the
    indicator's own level, as computed once per load (the derived tables, docs/adr/0044)."""
    ensure_derived(engine)
    rows = derived_store.areas_rows(engine, codes, ids)
    if rows.empty:
        return rows.assign(benchmark=pd.Series(dtype=object))
    rows = headline_rows(rows).drop_duplicates(["indicator_id", "area_code"])
    return rows.assign(benchmark=rows["england_benchmark"].fillna("Not compared")).reset_index(drop=True)


def benchmarked_regions(regions: pd.DataFrame, values: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """The region comparators' rows, each benchmarked against England's value of the same series and
    period (the areas' rows carry it)."""
    areas = values[values["area_code"] != ENGLAND]
    england = areas[[*SERIES_KEYS, "england_value"]].dropna().drop_duplicates(SERIES_KEYS)
    joined = regions[SERIES_KEYS].merge(england, on=SERIES_KEYS, how="left")
    regions = regions.assign(england_value=joined["england_value"].to_numpy())
    methods = regions["indicator_id"].map(benchmark_methods(meta))
    polarity = regions["indicator_id"].map(meta["polarity"])
    return regions.assign(benchmark=benchmark_against(regions, methods, polarity, regions["england_value"]))


def build_compare_page(engine: Engine, area_codes: list[str], indicator_ids: list[int]) -> ComparePage:
    if len(area_codes) > MAX_AREAS:
        raise InputError(f"compare at most {MAX_AREAS} areas at once", column="areas")
    if len(indicator_ids) > MAX_INDICATORS:
        raise InputError(f"compare at most {MAX_INDICATORS} indicators at once", column="indicators")
    resolved = [resolve_area(engine, text) for text in area_codes]
    areas = list({a.code: a for a in resolved}.values())
    meta = indicator_metadata(engine)
    unknown = [i for i in indicator_ids if i not in meta.index]
    if unknown:
        raise InputError(f"no indicator has the id {unknown[0]}", column="indicators")
    ids = list(dict.fromkeys(indicator_ids))
    defaulted = bool(areas) and not ids
    if defaulted:
        ids = default_indicator_ids(engine, meta)
    if not areas or not ids:
        empty = pd.DataFrame(columns=[*SERIES_KEYS, "area_code", "value", "benchmark"])
        return ComparePage(areas, meta.loc[ids].reset_index(), empty, empty)
    comparators = comparator_areas(engine, areas)
    codes = [a.code for a in areas] + ([ENGLAND] if any(c.code == ENGLAND for c in comparators) else [])
    values = latest_benchmarked(engine, codes, ids)
    if len(values):
        regions = regions_of(engine, comparators, values, meta)
        if regions:
            values = pd.concat(
                [values, benchmarked_regions(pd.concat(regions), values, meta)], ignore_index=True
            )
            values = values.drop_duplicates(["indicator_id", "area_code"])
        values = apply_disclosure(values, disclosure_of(engine))
        values.loc[values["area_code"] == ENGLAND, "benchmark"] = "Not compared"  # itself
    england = values[values["area_code"] == ENGLAND] if len(values) else values
    info = meta.loc[ids, ["name", "unit"]].reset_index()
    return ComparePage(areas, info, values, england, comparators, defaulted)
