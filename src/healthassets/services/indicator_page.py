"""Use case: one indicator across the areas of a type — values benchmarked against a comparator, the
trend of a chosen area beside its comparator's, and the indicator's metadata."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from healthassets.benchmark import BenchmarkMethod, benchmark_quintiles, parse_method
from healthassets.errors import InputError
from healthassets.geography.areas import AREA_TYPES, TYPE_GROUPS, comparable_group, expand_type
from healthassets.indicators.disclosure import apply_disclosure
from healthassets.services.area_page import disclosure_of
from healthassets.services.derived import ensure_derived
from healthassets.services.profiles import (
    ENGLAND,
    SERIES_KEYS,
    benchmark_against,
    fill_limits,
    indicator_metadata,
    region_values,
)
from healthassets.store import Engine
from healthassets.store import areas as area_queries
from healthassets.store import derived as derived_store
from healthassets.store import indicators as indicator_store
from healthassets.store.areas import AreaInfo
from healthassets.store.values import ValueFilter, fetch_values

#: types whose areas are too many to list without a parent
SMALL_AREA_TYPES = {"lsoa", "msoa", "ward", "gp"}


@dataclass
class IndicatorPage:
    metadata: dict[str, Any]
    area_type: str
    area_types: list[str]
    parent: AreaInfo | None
    area: AreaInfo | None
    comparator: AreaInfo | None
    period: str | None
    periods: list[str]
    sex: str | None
    sexes: list[str]
    age: str | None
    ages: list[str]
    values: pd.DataFrame
    comparator_row: pd.Series | None
    trend: pd.DataFrame


def indicator_record(engine: Engine, indicator_id: int) -> dict[str, Any]:
    """Every stored field of the indicator; NotFoundError for an unknown id."""
    return indicator_store.indicator_record(engine, indicator_id)


def types_with_values(engine: Engine, indicator_id: int) -> list[str]:
    """Area type groups (ltla, utla) or types with values of the indicator, most areas first."""
    ensure_derived(engine)
    counts = derived_store.area_type_counts(engine, indicator_id)
    types: list[str] = []
    for group in TYPE_GROUPS:
        if any(t in counts.index for t in expand_type(group)):
            types.append(group)
    for area_type in counts.index:
        if area_type not in ("district", "metropolitan", "unitary", "county", "country"):
            types.append(str(area_type))
    return types


def build_indicator_page(
    engine: Engine,
    indicator_id: int,
    *,
    area_type: str | None = None,
    parent: str | None = None,
    area: str | None = None,
    period: str | None = None,
    sex: str | None = None,
    age: str | None = None,
) -> IndicatorPage:
    """One indicator across the areas of ``area_type`` (within ``parent``) for a period and
    breakdown (defaults: the type with most areas, the latest period, Persons), benchmarked against
    the region listed within or else England, with the chosen ``area``'s trend."""
    metadata = indicator_record(engine, indicator_id)
    types = types_with_values(engine, indicator_id)
    if area_type is None:
        area_type = types[0] if types else "ltla"
    if area_type not in AREA_TYPES and area_type not in TYPE_GROUPS:
        raise InputError(f"unknown area type {area_type!r}", column="area_type")
    chosen_area = area_queries.get_area(engine, area) if area else None
    parent_area, members = listed_areas(engine, area_type, parent, chosen_area)
    all_values = fetch_values(
        engine, ValueFilter(indicators=[indicator_id], area_type=area_type, areas=members)
    )
    plain = all_values[all_values["category_type"].fillna("") == ""]
    sexes = sorted(plain["sex"].dropna().unique().tolist(), key=lambda s: (s != "Persons", s))
    ages = sorted(plain["age"].dropna().unique().tolist())
    sex = sex if sex in sexes else (sexes[0] if sexes else None)
    age = age if age in ages else (ages[0] if ages else None)
    series = plain[(plain["sex"] == sex) & (plain["age"] == age)]
    periods, period = chosen_period(series, period)
    meta = indicator_metadata(engine)
    shown = fill_limits(series[series["period"] == period], meta) if period else series.iloc[0:0]
    comparator = parent_area if parent_area and parent_area.area_type == "region" else None
    comparator = comparator or area_queries.get_area(engine, ENGLAND)
    comparator_rows = comparator_series(engine, comparator, series, meta)
    comparator_now = comparator_rows[comparator_rows["period"] == period]
    comparator_row = comparator_now.iloc[0] if len(comparator_now) else None
    shown = benchmark_rows(shown, comparator_row, meta, indicator_id)
    shown = apply_disclosure(shown, disclosure_of(engine))
    shown = shown.sort_values("value", ascending=False, na_position="last").reset_index(drop=True)
    trend = trend_frame(series, comparator_rows, chosen_area, comparator)
    return IndicatorPage(
        metadata=metadata,
        area_type=area_type,
        area_types=types,
        parent=parent_area,
        area=chosen_area,
        comparator=comparator,
        period=period,
        periods=periods,
        sex=sex,
        sexes=sexes,
        age=age,
        ages=ages,
        values=shown,
        comparator_row=comparator_row,
        trend=trend,
    )


def chosen_period(series: pd.DataFrame, period: str | None) -> tuple[list[str], str | None]:
    """The series' periods, newest first, and the one shown (``period``, default the newest); a
    period the series does not have is an InputError listing some it has."""
    newest_first = series.drop_duplicates("period").sort_values("period_sortable", ascending=False)
    periods = newest_first["period"].tolist()
    if period is not None and period not in periods:
        raise InputError(
            f"no values for the period {period!r}; choose one of {', '.join(periods[:8])}", column="period"
        )
    return periods, period or (periods[0] if periods else None)


def listed_areas(
    engine: Engine, area_type: str, parent: str | None, chosen: AreaInfo | None
) -> tuple[AreaInfo | None, list[str]]:
    """The parent to list within and the codes of its areas of ``area_type`` (no parent: every area
    of the type, []). Small areas need a parent: the chosen area's authority when none is given."""
    parent_area = area_queries.get_area(engine, parent) if parent else None
    if parent_area is None and area_type in SMALL_AREA_TYPES:
        line = area_queries.ancestors(engine, chosen.code) if chosen else []
        parent_area = next((a for a in line if comparable_group(a.area_type) == "ltla"), None)
        if parent_area is None:
            raise InputError(f"choose a parent area to list {area_type} areas", column="parent")
    if parent_area is None:
        return None, []
    members = [a.code for a in area_queries.descendants(engine, parent_area.code, area_type)]
    if not members:
        raise InputError(f"{parent_area.name} has no {area_type} areas", column="parent")
    return parent_area, members


def comparator_series(
    engine: Engine, comparator: AreaInfo, series: pd.DataFrame, meta: pd.DataFrame
) -> pd.DataFrame:
    """The comparator's values for every period of ``series`` (stored, or rebuilt for a region)."""
    if series.empty:
        return series
    if comparator.code == ENGLAND:
        stored = fetch_values(
            engine, ValueFilter(indicators=series["indicator_id"].unique().tolist(), areas=[ENGLAND])
        )
        stored = stored.merge(series[SERIES_KEYS].drop_duplicates(), on=SERIES_KEYS)
    else:
        stored = region_values(engine, comparator, series, meta)
    return fill_limits(stored, meta) if len(stored) else stored


def benchmark_rows(
    shown: pd.DataFrame, comparator: pd.Series | None, meta: pd.DataFrame, indicator_id: int
) -> pd.DataFrame:
    """``benchmark`` of each area against the comparator at the indicator's own level; quintiles
    among the listed areas of the same country (England and Wales apart) for 'Quintiles' indicators."""
    out = shown.copy()
    method = parse_method(meta.loc[indicator_id, "benchmark_method"]).value
    polarity = pd.Series(meta.loc[indicator_id, "polarity"], index=out.index)
    out["polarity"] = polarity
    out["comparator_value"] = float(comparator["value"]) if comparator is not None else np.nan
    if out.empty:
        return out.assign(benchmark=pd.Series(dtype=object))
    if method == BenchmarkMethod.QUINTILES.value:  # England and Wales ranked separately (ADR 0047)
        ranked = out.assign(_country=out["area_code"].astype(str).str.slice(0, 1))
        out["benchmark"] = benchmark_quintiles(ranked, "value", "polarity", group_by="_country")
    else:
        methods = pd.Series(method, index=out.index)
        out["benchmark"] = benchmark_against(out, methods, polarity, out["comparator_value"])
    out["benchmark"] = out["benchmark"].where(out["value"].notna(), "Not compared")
    return out


def trend_frame(
    series: pd.DataFrame, comparator_rows: pd.DataFrame, area: AreaInfo | None, comparator: AreaInfo | None
) -> pd.DataFrame:
    """Period, area value and limits, comparator value — for the trend chart and its table."""
    columns = ["period", "period_sortable", "value", "lower95_0cl", "upper95_0cl"]
    if area is None:
        return pd.DataFrame(columns=[*columns, "comparator_value"])
    mine = series[series["area_code"] == area.code][columns]
    theirs = comparator_rows[["period", "value"]].rename(columns={"value": "comparator_value"})
    out = mine.merge(theirs, on="period", how="left") if len(mine) else mine.assign(comparator_value=np.nan)
    return out.sort_values("period_sortable").reset_index(drop=True)
