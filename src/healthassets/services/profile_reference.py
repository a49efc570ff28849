"""The per-request computation of an area's profile, as the pages ran it before the derived tables
(docs/adr/0044): kept as the reference those tables are checked against (tests/services/test_derived.py).

For each indicator series of the area (latest period per sex, age and category), the comparator
values (its country, England, its region, its parent authority: docs/adr/0053) come from the store;
where the store has no region rows (the bundled extract has none) the region's value is rebuilt
from its local authorities' counts and denominators (:mod:`healthassets.indicators.aggregate`).
'Quintiles' indicators are ranked among the comparator's areas of the area's kind (none against
England for a Welsh area).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from healthassets.benchmark import BenchmarkMethod, benchmark_quintiles
from healthassets.geography.areas import comparable_group
from healthassets.indicators.aggregate import aggregate_to_parent
from healthassets.services.benchmarking import (
    LIMITS,
    SERIES_KEYS,
    benchmark_against,
    benchmark_methods,
    fill_limits,
    if_covered,
    latest_of,
    with_trend,
)
from healthassets.services.profiles import AreaProfile, comparators_of, distinct_areas, indicator_metadata
from healthassets.stats.quantiles import QuantileWarning
from healthassets.store import Engine
from healthassets.store.areas import AreaInfo, ancestors, descendants, get_area
from healthassets.store.values import ValueFilter, fetch_values


def reference_region_values(
    engine: Engine, region: AreaInfo, series: pd.DataFrame, meta: pd.DataFrame
) -> pd.DataFrame:
    """The region's values for ``series``: from the store, else aggregated from its authorities."""
    indicators = sorted(series["indicator_id"].unique().tolist())
    stored = fetch_values(engine, ValueFilter(indicators=indicators, areas=[region.code]))
    parts = [stored]
    for group in ("ltla", "utla"):
        members = descendants(engine, region.code, group)
        codes = [a.code for a in members]
        children = fetch_values(engine, ValueFilter(indicators=indicators, areas=codes))
        children = children.merge(series[SERIES_KEYS].drop_duplicates(), on=SERIES_KEYS)
        built = aggregate_to_parent(
            children,
            expected_children=len(codes),
            value_type=meta["value_type"],
            multiplier=meta["multiplier"],
        )
        parts.append(built)
    combined = (
        pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else stored
    )
    return combined.drop_duplicates(SERIES_KEYS, keep="first")


def reference_area_profile(engine: Engine, code: str, *, indicators: list[int] | None = None) -> AreaProfile:
    """The area's latest values, each benchmarked against each of its comparators."""
    area = get_area(engine, code)
    meta = indicator_metadata(engine)
    history = fetch_values(engine, ValueFilter(areas=[area.code], indicators=indicators or []))
    values = fill_limits(latest_of(history), meta)
    values = with_trend(values, history, meta)
    line = ancestors(engine, area.code)
    kinds = comparators_of(engine, line)
    table = values.copy()
    methods = table["indicator_id"].map(benchmark_methods(meta))
    polarity = table["indicator_id"].map(meta["polarity"])
    for prefix, comparator in kinds.items():
        if prefix == "region":
            other = reference_region_values(engine, comparator, table, meta)
        else:
            other = fetch_values(
                engine,
                ValueFilter(areas=[comparator.code], indicators=table["indicator_id"].unique().tolist()),
            )
        other = fill_limits(other, meta) if len(other) else other
        joined = table[SERIES_KEYS].merge(
            other[[*SERIES_KEYS, "value", "count", "denominator", *LIMITS]].rename(
                columns={c: f"{prefix}_{c}" for c in ["value", "count", "denominator", *LIMITS]}
            )
            if len(other)
            else pd.DataFrame(columns=SERIES_KEYS),
            on=SERIES_KEYS,
            how="left",
        )
        table[f"{prefix}_value"] = joined.get(
            f"{prefix}_value", pd.Series(np.nan, index=joined.index)
        ).to_numpy()
        table[f"{prefix}_benchmark"] = benchmark_against(table, methods, polarity, table[f"{prefix}_value"])
        if prefix != "england" or comparator is kinds["country"]:  # never among England's for a Welsh area
            quintiles = quintile_benchmarks(engine, area, comparator, table, methods, meta)
            table.loc[quintiles.index, f"{prefix}_benchmark"] = quintiles
    table["indicator_name"] = table["indicator_id"].map(meta["name"])
    table["unit"] = table["indicator_id"].map(meta["unit"])
    table["polarity"] = polarity
    table["benchmark_method"] = methods
    return AreaProfile(
        area,
        distinct_areas(kinds),
        table.reset_index(drop=True),
        comparator_areas=kinds,
        country=kinds.get("country"),
    )


def quintile_benchmarks(
    engine: Engine,
    area: AreaInfo,
    within: AreaInfo,
    table: pd.DataFrame,
    methods: pd.Series,
    meta: pd.DataFrame,
) -> pd.Series:
    """For 'Quintiles' indicators: the area's quintile among the areas of its kind within ``within``
    (its region, country or parent authority; Best … Worst with polarity, Lowest … Highest
    without), indexed like ``table``."""
    rows = table[(methods == BenchmarkMethod.QUINTILES.value).to_numpy()]
    if rows.empty:
        return pd.Series(dtype=object)
    peers = [a.code for a in descendants(engine, within.code, comparable_group(area.area_type))]
    values = fetch_values(engine, ValueFilter(indicators=rows["indicator_id"].unique().tolist(), areas=peers))
    values = values.merge(rows[SERIES_KEYS].drop_duplicates(), on=SERIES_KEYS)
    if values.empty:
        return pd.Series("Not compared", index=rows.index, dtype=object)
    values["polarity"] = values["indicator_id"].map(meta["polarity"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QuantileWarning)
        labels = benchmark_quintiles(values, "value", "polarity", group_by=SERIES_KEYS)
    values["label"] = if_covered(labels, values, SERIES_KEYS, pd.Series(len(peers), index=values.index))
    mine = values[values["area_code"] == area.code][[*SERIES_KEYS, "label"]]
    labelled = rows[SERIES_KEYS].reset_index().merge(mine, on=SERIES_KEYS, how="left").set_index("index")
    return labelled["label"].fillna("Not compared")
