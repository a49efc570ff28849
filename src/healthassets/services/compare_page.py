"""Use case: the tartan rug — several areas × several indicators, each latest value benchmarked
against England at its indicator's own level."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from healthassets.errors import InputError
from healthassets.indicators.disclosure import apply_disclosure
from healthassets.services.area_page import disclosure_of, headline_rows
from healthassets.services.profiles import (
    ENGLAND,
    SERIES_KEYS,
    benchmark_against,
    benchmark_methods,
    fill_limits,
    indicator_metadata,
)
from healthassets.store import Engine
from healthassets.store import areas as area_queries
from healthassets.store.areas import AreaInfo
from healthassets.store.values import ValueFilter, fetch_values

MAX_AREAS = 40
MAX_INDICATORS = 60


@dataclass
class ComparePage:
    areas: list[AreaInfo]
    indicators: pd.DataFrame  # id, name, unit
    cells: pd.DataFrame  # one row per area × indicator headline series, with benchmark
    england: pd.DataFrame


def build_compare_page(engine: Engine, area_codes: list[str], indicator_ids: list[int]) -> ComparePage:
    if len(area_codes) > MAX_AREAS:
        raise InputError(f"compare at most {MAX_AREAS} areas at once", column="areas")
    if len(indicator_ids) > MAX_INDICATORS:
        raise InputError(f"compare at most {MAX_INDICATORS} indicators at once", column="indicators")
    areas = [area_queries.get_area(engine, code) for code in dict.fromkeys(c.upper() for c in area_codes)]
    meta = indicator_metadata(engine)
    unknown = [i for i in indicator_ids if i not in meta.index]
    if unknown:
        raise InputError(f"no indicator has the id {unknown[0]}", column="indicators")
    ids = list(dict.fromkeys(indicator_ids))
    if not areas or not ids:
        empty = pd.DataFrame(columns=[*SERIES_KEYS, "area_code", "value", "benchmark"])
        return ComparePage(areas, meta.loc[ids].reset_index(), empty, empty)
    values = fetch_values(
        engine, ValueFilter(indicators=ids, areas=[a.code for a in areas], latest_only=True)
    )
    values = headline_rows(values) if len(values) else values
    if len(values):
        values = values.drop_duplicates(["indicator_id", "area_code"])
        values = fill_limits(values, meta)
    england = fetch_values(engine, ValueFilter(indicators=ids, areas=[ENGLAND]))
    if len(values):
        joined = values[SERIES_KEYS].merge(
            england[[*SERIES_KEYS, "value"]].rename(columns={"value": "england_value"}),
            on=SERIES_KEYS,
            how="left",
        )
        values["england_value"] = joined["england_value"].to_numpy()
        methods = values["indicator_id"].map(benchmark_methods(meta))
        polarity = values["indicator_id"].map(meta["polarity"])
        values["benchmark"] = benchmark_against(values, methods, polarity, values["england_value"])
        values = apply_disclosure(values, disclosure_of(engine))
    info = meta.loc[ids, ["name", "unit"]].reset_index()
    return ComparePage(areas, info, values, england)
