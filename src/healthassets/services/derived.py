"""Use case: build the derived tables once per data load (docs/adr/0044).

Every figure an area page used to compute per request from every peer's values is computed here
once, over whole columns, with the same functions the pages used:

- each area's latest value of each series (latest ``period_sortable`` per area and series), its
  missing 95 %/99.8 % limits completed (:func:`healthassets.services.profiles.fill_limits`), its recent
  trend (published, else the Fingertips trend-marker method), the value of each comparator
  (docs/adr/0053) — its own country (England or Wales), England (for Welsh areas too), its region,
  its parent authority — and the benchmark against each at the indicator's own level ('Quintiles'
  indicators: the quintile among the country's, region's or parent's areas of the area's kind; none
  against England for a Welsh area), and its polarity-adjusted mid-rank percentile among its country's
  areas of its kind (:func:`healthassets.benchmark.spine.percentile_ranks`);
- per comparison group (``comparable_group``: 'ltla', 'utla', 'lsoa'…), country and series, the spine
  chart's lowest, quartiles and highest among the country's areas of the group and the country's own
  value's percentile among them;
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
from healthassets.geography.areas import AUTHORITY_TYPES, comparable_group, expand_type
from healthassets.indicators.aggregate import aggregate_to_parent
from healthassets.services import job_leases
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
#: the lease row that keeps rebuilds to one process at a time across workers (services.job_leases)
DERIVED_LEASE = "derived-tables"


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
    spines = spine_table(values, meta, areas, chains)
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
        if not job_leases.try_lease(engine, DERIVED_LEASE):  # another worker is rebuilding them
            return
        try:
            if not is_current(engine):
                rebuild_derived(engine)
        finally:
            job_leases.let_go(engine, DERIVED_LEASE)
    finally:
        _building.release()


@contextmanager
def exclusive(engine: Engine) -> Iterator[None]:
    """Hold the rebuild lock — this process's and, through a lease row, every other worker's — around
    writing values and rebuilding their derived rows, so a reader in between does not start a full
    rebuild of its own (docs/adr/0076)."""
    with _building, job_leases.holding(engine, DERIVED_LEASE):
        yield


def is_current(engine: Engine) -> bool:
    """True when the derived tables reflect the stored values."""
    return derived_store.built_version(engine) == derived_store.values_version(engine)


def ancestry(engine: Engine) -> pd.DataFrame:
    """area_code → its type, its region (the nearest administrative ancestor of type region, or None),
    its country (the ancestor of type country: England or Wales), its parent authority (the nearest
    ancestor of a type in :data:`AUTHORITY_TYPES`: a district's county, a small area's district or UA)
    and whether England is among its administrative ancestors: one vectorised step per level, over
    integer positions."""
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
    found = {name: np.full(len(children), -1) for name in ("region", "country", "authority")}
    in_england = np.zeros(len(children), dtype=bool)
    for _ in range(12):  # deeper than any hierarchy: stop (a cycle)
        known = current >= 0
        if not known.any():
            break
        kind = kinds[np.where(known, current, 0)]
        for name, hit in (
            ("region", kind == "region"),
            ("country", kind == "country"),
            ("authority", np.isin(kind, AUTHORITY_TYPES)),
        ):
            found[name] = np.where(known & hit & (found[name] < 0), current, found[name])
        in_england |= known & (current == england) & (england >= 0)
        current = np.where(known, parent[np.where(known, current, 0)], -1)
    codes = nodes.to_numpy(object)
    return pd.DataFrame(
        {
            "area_code": children,
            "area_type": links["child_type"].to_numpy(object),
            **{f"{n}_code": np.where(at >= 0, codes[np.maximum(at, 0)], None) for n, at in found.items()},
            "in_england": in_england,
        }
    )


def members_of(chains: pd.DataFrame, group: str, within: str = "region_code") -> pd.DataFrame:
    """area_code and ``within`` (region_code, country_code, authority_code) of the areas of a type
    group that lie in such an area (the administrative hierarchy: its descendants of that group)."""
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


#: comparator → the ancestry column naming its area per row (England's is the constant ENGLAND)
COMPARATOR_COLUMNS = {
    "country": "country_code",
    "england": "england_code",
    "region": "region_code",
    "authority": "authority_code",
}


def area_table(
    engine: Engine, values: pd.DataFrame, meta: pd.DataFrame, regions: pd.DataFrame, chains: pd.DataFrame
) -> pd.DataFrame:
    """One row per area's latest value of each series, with its derived figures (not the percentile,
    added by :func:`spine_table`)."""
    latest = fill_limits(_latest(values), meta)
    latest = with_trend(latest, values, meta, keys=["area_code", *TREND_KEYS])
    latest = latest.merge(chains.drop(columns="area_type"), on="area_code", how="left")
    # England is a comparator of every area in England or Wales (docs/adr/0053)
    latest["england_code"] = pd.Series(ENGLAND, index=latest.index).where(latest["country_code"].notna())
    methods = latest["indicator_id"].map(benchmark_methods(meta))
    polarity = latest["indicator_id"].map(meta["polarity"]).astype(object)  # plain texts: faster to judge
    quintile = (methods == BenchmarkMethod.QUINTILES.value).to_numpy()
    by_limits = methods.isin([BenchmarkMethod.CI_95.value, BenchmarkMethod.CI_99_8.value]).to_numpy()
    stored = values[["area_code", *SERIES_KEYS, "value"]]
    pool = quintile_pool(values, meta, latest[quintile], chains)
    for name, column in COMPARATOR_COLUMNS.items():
        has = latest[column].notna().to_numpy()
        comparator = np.where(
            has, comparator_values(latest, regions if name == "region" else stored, column), np.nan
        )
        latest[f"{name}_value"] = comparator
        judged = pd.Series("Not compared", index=latest.index, dtype=object).where(has, None)
        need = has & by_limits  # only rows with limits to judge can be other than 'Not compared'
        if need.any():
            judged[need] = benchmark_against(
                latest[need], methods[need], polarity[need], latest.loc[need, f"{name}_value"]
            )
        ranked = quintile & has
        if name == "england":  # England's quintile is its country's for an English area, none for a Welsh one
            english = ranked & latest["country_code"].eq(ENGLAND).to_numpy()
            judged[english] = latest.loc[english, "country_benchmark"]
        elif ranked.any():
            judged[ranked] = quintiles_within(pool, latest[ranked], column).to_numpy()
        latest[f"{name}_benchmark"] = judged
    latest["trend_source"] = latest.get("trend_source", pd.Series(None, index=latest.index))
    return latest.rename(columns={"id": "value_id"}).assign(percentile=np.nan)


def comparator_values(latest: pd.DataFrame, pool: pd.DataFrame, column: str) -> np.ndarray:
    """For each row of ``latest``, the value in ``pool`` (area_code, series keys, value) of the area
    its ``column`` names, at the same series and period (NaN where there is none)."""
    joined = latest[[column, *SERIES_KEYS]].merge(
        pool[["area_code", *SERIES_KEYS, "value"]].rename(columns={"area_code": column}),
        on=[column, *SERIES_KEYS],
        how="left",
    )
    return joined["value"].to_numpy(dtype=float)


def quintile_pool(
    values: pd.DataFrame, meta: pd.DataFrame, rows: pd.DataFrame, chains: pd.DataFrame
) -> pd.DataFrame:
    """The values that 'Quintiles' ``rows`` are ranked among: every value of their indicators held
    by an area of a comparison group they belong to, with that area's region, country and parent
    authority (``_group`` names the group) and its indicator's polarity."""
    groups = rows["area_type"].map(comparable_group).unique()
    wanted = values[values["indicator_id"].isin(rows["indicator_id"].unique())]
    columns = ["area_code", "region_code", "country_code", "authority_code"]
    pieces = []
    for group in groups:
        members = chains.loc[chains["area_type"].isin(expand_type(group)), columns]
        piece = wanted.merge(members, on="area_code").assign(_group=group)
        for place in columns[1:]:  # how many areas of the kind each place has (if_covered)
            piece[f"_n_{place}"] = piece[place].map(members.groupby(place).size())
        pieces.append(piece)
    pool = pd.concat(pieces, ignore_index=True) if pieces else wanted.iloc[0:0].assign(_group="")
    pool["polarity"] = pool["indicator_id"].map(meta["polarity"])
    # one number per series, so that each ranking groups by three columns, not eight
    pool["_series"] = pool.groupby(SERIES_KEYS, sort=False, dropna=False).ngroup()
    return pool


def quintiles_within(pool: pd.DataFrame, rows: pd.DataFrame, within: str) -> pd.Series:
    """For 'Quintiles' rows: the area's quintile among the areas of its kind (at any depth) in the
    area ``within`` names (its region, country or parent authority; ``pool`` from
    :func:`quintile_pool`), Best … Worst with polarity, Lowest … Highest without; 'Not compared'
    when unranked or when fewer than 90 % of the place's areas of the kind have a value
    (:func:`healthassets.services.benchmarking.if_covered`, docs/adr/0048)."""
    rows = rows.assign(_group=rows["area_type"].map(comparable_group))
    pool = pool[pool[within].notna()]
    keys = [within, "_group", "_series"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QuantileWarning)
        labels = benchmark_quintiles(pool, "value", "polarity", group_by=keys)
    labels = if_covered(labels, pool, keys, pool[f"_n_{within}"])
    # a row's own value is in the pool once per comparison group: its id finds its label
    labelled = rows[["id", "_group"]].merge(
        pool[["id", "_group"]].assign(label=labels.to_numpy()), on=["id", "_group"], how="left"
    )
    return labelled["label"].fillna("Not compared")


def spine_table(
    values: pd.DataFrame, meta: pd.DataFrame, areas: pd.DataFrame, chains: pd.DataFrame
) -> pd.DataFrame:
    """Per comparison group, country and series: peers, lowest, q25, q75, highest and the country's
    percentile among them; fills each area row's ``percentile`` among its country's areas of its
    group (in place). Areas in no country (NHS organisations, GPs) are peers of one another."""
    country = values["area_code"].map(chains.set_index("area_code")["country_code"]).fillna("")
    values = values.assign(country_code=country.to_numpy(object))
    keys = ["country_code", *SERIES_KEYS]
    countries = values.loc[values["area_type"] == "country", [*SERIES_KEYS, "area_code", "value"]]
    countries = countries.rename(columns={"area_code": "country_code"})
    groups = areas["area_type"].map(comparable_group)
    spines = []
    for group in sorted(groups.dropna().unique()):
        peers = values[values["area_type"].isin(expand_type(group))]
        if peers.empty:
            continue
        polarity = peers["indicator_id"].map(meta["polarity"])
        percentile = pd.Series(percentile_ranks(peers, keys, polarity).to_numpy(), index=peers["id"])
        mine = (groups == group).to_numpy()
        areas.loc[mine, "percentile"] = areas.loc[mine, "value_id"].map(percentile).to_numpy()
        summary = spine_summary(peers, keys)
        shared = countries.merge(summary[keys], on=keys)
        shared["country_percentile"] = percentile_among(
            shared, peers, keys, shared["indicator_id"].map(meta["polarity"])
        ).to_numpy()
        summary = summary.merge(shared[[*keys, "country_percentile"]], on=keys, how="left")
        spines.append(summary.assign(area_group=group))
    if not spines:
        return pd.DataFrame(columns=derived_store.SPINE_COLUMNS)
    return pd.concat(spines, ignore_index=True)[derived_store.SPINE_COLUMNS]
