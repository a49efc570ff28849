"""Use case: build the derived tables once per data load (docs/adr/0044).

Every figure an area page used to compute per request from every peer's values is computed here
once, over whole columns, with the same functions the pages used:

- each area's latest value of each series (latest ``period_sortable`` per area and series), its
  missing 95 %/99.8 % limits completed (:func:`healthassets.services.profiles.fill_limits`), its recent
  trend (published, else the Fingertips trend-marker method), England's and its region's value and
  the benchmark against each at the indicator's own level (quintiles among the region's, and among
  the country's, areas of the area's kind for 'Quintiles' indicators; "No comparator value published"
  where the comparator has no stored value), the same for the area's own country (England or
  Wales), and its polarity-adjusted mid-rank percentile among the areas it is compared within
  (:func:`healthassets.benchmark.spine.percentile_ranks`);
- per comparison group (``comparable_group``: 'ltla', 'utla', 'lsoa'…) and series, the spine chart's
  lowest, quartiles and highest and England's percentile among the group;
- how many areas of each type hold a value of each indicator (the indicator page's types);
- each region's values at every period: stored, else aggregated from its authorities' counts and
  denominators (:func:`healthassets.indicators.aggregate.aggregate_to_parent`).

Every figure depends on one indicator's values only, so a rebuild of a few indicators (after a
moderation rewrites the asset indicators) replaces just their rows.
"""

from __future__ import annotations

import logging
import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd

from healthassets.benchmark import BenchmarkMethod, benchmark_quintiles
from healthassets.benchmark.spine import percentile_among, percentile_ranks, spine_summary
from healthassets.geography.areas import comparable_group, expand_type
from healthassets.indicators.aggregate import aggregate_to_parent
from healthassets.services.benchmarking import (
    ENGLAND,
    SERIES_KEYS,
    TREND_KEYS,
    benchmark_against,
    benchmark_methods,
    fill_limits,
    if_covered,
    with_trend,
)
from healthassets.stats.quantiles import QuantileWarning
from healthassets.store import Engine
from healthassets.store import derived as derived_store
from healthassets.store import indicators as indicator_store

log = logging.getLogger(__name__)
_building = threading.Lock()


@dataclass
class DerivedReport:
    seconds: float
    #: CPU time of this process (the machine may be busy with other work)
    cpu_seconds: float
    rows: dict[str, int]
    indicators: list[int] | None


def rebuild_derived(engine: Engine, indicators: Sequence[int] | None = None) -> DerivedReport:
    """Recompute the derived rows of ``indicators`` (None: of every indicator) and record the values
    version they reflect."""
    started, cpu = time.perf_counter(), time.process_time()
    version = derived_store.values_version(engine)
    wanted = None if indicators is None else sorted({int(i) for i in indicators})
    meta = indicator_store.indicator_metadata(engine)
    values = derived_store.values_to_derive(engine, wanted)
    chains = ancestry(engine)
    regions = region_table(engine, values, meta, chains)
    areas = area_table(engine, values, meta, regions, chains)
    spines = spine_table(values, meta, areas)
    types = values.groupby(["indicator_id", "area_type"])["area_code"].nunique().rename("areas").reset_index()
    seconds = time.perf_counter() - started
    derived_store.replace_derived(
        engine,
        wanted,
        areas=areas,
        spines=spines,
        regions=regions,
        types=types,
        version=version,
        seconds=round(seconds, 3),
    )
    seconds = time.perf_counter() - started
    log.info(
        "derived tables rebuilt (%s indicators) in %.1f s", "all" if wanted is None else len(wanted), seconds
    )
    return DerivedReport(
        seconds=seconds,
        cpu_seconds=time.process_time() - cpu,
        rows={"areas": len(areas), "spines": len(spines), "regions": len(regions), "types": len(types)},
        indicators=wanted,
    )


def ensure_derived(engine: Engine) -> None:
    """Rebuild the derived tables if the values changed since they were built (a write path that
    did not rebuild them, or a database loaded before they existed). While another rebuild runs in
    this process (a moderation's refresh) the tables are read as they are: consistent, and at most
    that refresh behind."""
    if is_current(engine):
        return
    if not _building.acquire(blocking=False):
        return
    try:
        if not is_current(engine):
            rebuild_derived(engine)
    finally:
        _building.release()


@contextmanager
def exclusive() -> Iterator[None]:
    """Hold the rebuild lock around writing values and rebuilding their derived rows, so a reader
    in between does not start a full rebuild of its own."""
    with _building:
        yield


def is_current(engine: Engine) -> bool:
    """True when the derived tables reflect the stored values."""
    return derived_store.built_version(engine) == derived_store.values_version(engine)


def ancestry(engine: Engine) -> pd.DataFrame:
    """area_code → its type, its region and its country (the nearest administrative ancestors of type
    region and country, or None) and whether England is among its administrative ancestors: one
    vectorised step per level, over integer positions."""
    links = derived_store.administrative_links(engine).drop_duplicates("child_code")
    children = links["child_code"].to_numpy(object)
    nodes = pd.Index(pd.unique(np.concatenate([children, links["parent_code"].to_numpy(object)])))
    kinds = np.empty(len(nodes), dtype=object)
    kinds[nodes.get_indexer(links["parent_code"])] = links["parent_type"].to_numpy(object)
    kinds[nodes.get_indexer(children)] = links["child_type"].to_numpy(object)
    parent = np.full(len(nodes), -1)
    parent[nodes.get_indexer(children)] = nodes.get_indexer(links["parent_code"])
    england = nodes.get_indexer([ENGLAND])[0]
    current = parent[nodes.get_indexer(children)]
    found = {"region": np.full(len(children), -1), "country": np.full(len(children), -1)}
    in_england = np.zeros(len(children), dtype=bool)
    for _ in range(12):  # deeper than any hierarchy: stop (a cycle)
        known = current >= 0
        if not known.any():
            break
        kind = kinds[np.where(known, current, 0)]
        for name, nearest in found.items():
            found[name] = np.where(known & (kind == name) & (nearest < 0), current, nearest)
        in_england |= known & (current == england) & (england >= 0)
        current = np.where(known, parent[np.where(known, current, 0)], -1)
    codes = nodes.to_numpy(object)
    region, country = found["region"], found["country"]
    return pd.DataFrame(
        {
            "area_code": children,
            "area_type": links["child_type"].to_numpy(object),
            "region_code": np.where(region >= 0, codes[np.maximum(region, 0)], None),
            "country_code": np.where(country >= 0, codes[np.maximum(country, 0)], None),
            "in_england": in_england,
        }
    )


def members_of(chains: pd.DataFrame, group: str, within: str = "region_code") -> pd.DataFrame:
    """area_code and ``within`` ('region_code' or 'country_code') of the areas of a type group that lie
    in such an area (the administrative hierarchy: its descendants of that group). The peers a
    quintile ranks an area among; areas without parents (inactive, replaced ones) are never peers."""
    found = chains[chains["area_type"].isin(expand_type(group)) & chains[within].notna()]
    return found[["area_code", within]]


def region_table(
    engine: Engine, values: pd.DataFrame, meta: pd.DataFrame, chains: pd.DataFrame
) -> pd.DataFrame:
    """Every region's values: its stored rows first, then those aggregated from its districts and UAs
    ('ltla'), then from its counties and UAs ('utla'); the first per series kept; limits completed."""
    stored = values[values["area_type"] == "region"]
    pieces = [stored.assign(_order=0)]
    for order, group in enumerate(("ltla", "utla"), start=1):
        members = members_of(chains, group)
        expected = members.groupby("region_code").size()
        children = values.merge(members, on="area_code")
        for region, block in children.groupby("region_code"):
            built = aggregate_to_parent(
                block,
                expected_children=int(expected[region]),
                value_type=meta["value_type"],
                multiplier=meta["multiplier"],
            )
            pieces.append(built.assign(area_code=region, _order=order))
    found = (
        pd.concat([p for p in pieces if len(p)], ignore_index=True) if any(len(p) for p in pieces) else None
    )
    if found is None:
        return pd.DataFrame(columns=derived_store.REGION_COLUMNS)
    found = found.sort_values(["area_code", "_order"], kind="stable")
    regions = fill_limits(found.drop_duplicates(["area_code", *SERIES_KEYS], keep="first"), meta)
    for column in derived_store.REGION_COLUMNS:
        if column not in regions:
            regions[column] = np.nan
    return regions[derived_store.REGION_COLUMNS].reset_index(drop=True)


def _latest(values: pd.DataFrame) -> pd.DataFrame:
    keys = ["area_code", *TREND_KEYS]
    latest = values.groupby(keys, dropna=False)["period_sortable"].transform("max")
    return values[values["period_sortable"] == latest]


def area_table(
    engine: Engine, values: pd.DataFrame, meta: pd.DataFrame, regions: pd.DataFrame, chains: pd.DataFrame
) -> pd.DataFrame:
    """One row per area's latest value of each series, with its derived figures (not the percentile,
    added by :func:`spine_table`): the comparison with England (English areas), the region and the
    area's own country (England or Wales), each against the comparator's stored value."""
    latest = fill_limits(_latest(values), meta)
    latest = with_trend(latest, values, meta, keys=["area_code", *TREND_KEYS])
    latest = latest.merge(chains.drop(columns="area_type"), on="area_code", how="left")
    methods = latest["indicator_id"].map(benchmark_methods(meta))
    polarity = latest["indicator_id"].map(meta["polarity"]).astype(object)  # plain texts: faster to judge
    in_england = latest["in_england"].fillna(False).astype(bool).to_numpy()
    latest["england_code"] = None
    latest.loc[in_england, "england_code"] = ENGLAND
    countries = values[values["area_type"] == "country"]
    countries = fill_limits(countries, meta) if len(countries) else countries
    for code, prefix, comparators in (
        ("england_code", "england", countries),
        ("region_code", "region", regions),
        ("country_code", "country", countries),
    ):
        compare_with(latest, comparators, code, prefix, methods, polarity)
    quintile = (methods == BenchmarkMethod.QUINTILES.value).to_numpy()
    for place, columns in (("region_code", ["region_benchmark"]), ("country_code", ["country_benchmark"])):
        rows = quintile & latest[place].notna().to_numpy()
        if rows.any():
            labels = quintiles_among(values, meta, latest[rows], chains, place).to_numpy()
            latest.loc[rows, columns] = labels
    english = quintile & in_england & latest["country_code"].eq(ENGLAND).to_numpy()
    latest.loc[english, "england_benchmark"] = latest.loc[english, "country_benchmark"]
    latest["trend_source"] = latest.get("trend_source", pd.Series(None, index=latest.index))
    return latest.drop(columns="england_code").rename(columns={"id": "value_id"}).assign(percentile=np.nan)


def compare_with(
    latest: pd.DataFrame,
    comparators: pd.DataFrame,
    code: str,
    prefix: str,
    methods: pd.Series,
    polarity: pd.Series,
) -> None:
    """Add ``{prefix}_value`` (the stored value of the comparator named in column ``code``, same
    series) and ``{prefix}_benchmark`` (:func:`benchmark_against`) to ``latest``, in place; both
    empty where the area has no such comparator."""
    joined = latest[[code, *SERIES_KEYS]].merge(
        comparators[["area_code", *SERIES_KEYS, "value"]].rename(columns={"area_code": code}),
        on=[code, *SERIES_KEYS],
        how="left",
    )
    has = latest[code].notna().to_numpy()
    latest[f"{prefix}_value"] = np.where(has, joined["value"].to_numpy(dtype=float), np.nan)
    judged = benchmark_against(latest, methods, polarity, latest[f"{prefix}_value"])
    latest[f"{prefix}_benchmark"] = pd.Series(judged, index=latest.index, dtype=object).where(has, None)


def quintiles_among(
    values: pd.DataFrame, meta: pd.DataFrame, rows: pd.DataFrame, chains: pd.DataFrame, place: str
) -> pd.Series:
    """For 'Quintiles' rows: the area's quintile among the areas of its kind in its ``place``
    ('region_code': its region, at any depth; 'country_code': its country, so England and Wales are
    ranked separately), Best … Worst with polarity, Lowest … Highest without; 'Not compared' when
    unranked or when fewer than 90 % of the place's areas of the kind have a value (``if_covered``)."""
    rows = rows.assign(_group=rows["area_type"].map(comparable_group))
    quintile_values = values[values["indicator_id"].isin(rows["indicator_id"].unique())]
    parts = []
    for group in rows["_group"].unique():
        members = members_of(chains, group, place)
        sizes = members.groupby(place).size()
        joined = quintile_values.merge(members, on="area_code")
        parts.append(joined.assign(_group=group, _expected=joined[place].map(sizes)))
    pool = pd.concat(parts, ignore_index=True)
    pool["polarity"] = pool["indicator_id"].map(meta["polarity"])
    keys = [place, "_group", *SERIES_KEYS]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QuantileWarning)
        labels = benchmark_quintiles(pool, "value", "polarity", group_by=keys)
    pool["label"] = if_covered(labels, pool, keys, pool["_expected"])
    labelled = rows[[*keys, "area_code"]].merge(
        pool[[*keys, "area_code", "label"]], on=[*keys, "area_code"], how="left"
    )
    return labelled["label"].fillna("Not compared")


def spine_table(values: pd.DataFrame, meta: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Per comparison group and series: peers, lowest, q25, q75, highest and England's percentile;
    fills each area row's ``percentile`` among its group (in place)."""
    england = values.loc[values["area_code"] == ENGLAND, [*SERIES_KEYS, "value"]].reset_index(drop=True)
    groups = areas["area_type"].map(comparable_group)
    spines = []
    for group in sorted(groups.dropna().unique()):
        peers = values[values["area_type"].isin(expand_type(group))]
        if peers.empty:
            continue
        polarity = peers["indicator_id"].map(meta["polarity"])
        percentile = pd.Series(percentile_ranks(peers, SERIES_KEYS, polarity).to_numpy(), index=peers["id"])
        mine = (groups == group).to_numpy()
        areas.loc[mine, "percentile"] = areas.loc[mine, "value_id"].map(percentile).to_numpy()
        summary = spine_summary(peers, SERIES_KEYS)
        shared = england.merge(summary[SERIES_KEYS], on=SERIES_KEYS)
        shared["england_percentile"] = percentile_among(
            shared, peers, SERIES_KEYS, shared["indicator_id"].map(meta["polarity"])
        ).to_numpy()
        summary = summary.merge(shared[[*SERIES_KEYS, "england_percentile"]], on=SERIES_KEYS, how="left")
        spines.append(summary.assign(area_group=group))
    if not spines:
        return pd.DataFrame(columns=derived_store.SPINE_COLUMNS)
    return pd.concat(spines, ignore_index=True)[derived_store.SPINE_COLUMNS]
