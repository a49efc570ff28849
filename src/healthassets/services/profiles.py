"""Use case: the profile of one area — its indicators benchmarked against England and its region.

For each indicator series of the area (latest period per sex, age and category), the comparator
values come from the store; where the store has no region rows (the bundled extract has none) the
region's value is rebuilt from its local authorities' counts and denominators
(:mod:`healthassets.indicators.aggregate`). Missing confidence limits of proportions and crude rates
with a count and a denominator (the extract has no 99.8 % limits at all) are computed with the
Fingertips methods so that every indicator can be benchmarked at its own level.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from healthassets import stats
from healthassets.benchmark import BenchmarkMethod, benchmark, benchmark_quintiles, parse_method
from healthassets.benchmark.trend import recent_trend
from healthassets.errors import NotFoundError
from healthassets.geography.areas import comparable_group
from healthassets.indicators.aggregate import AGGREGATABLE, aggregate_to_parent
from healthassets.indicators.profile_definitions import bundled_profiles
from healthassets.stats.quantiles import QuantileWarning
from healthassets.store import Engine
from healthassets.store import indicators as indicator_store
from healthassets.store import profiles as profile_store
from healthassets.store.areas import AreaInfo, ancestors, descendants, get_area
from healthassets.store.values import ValueFilter, fetch_values

ENGLAND = "E92000001"
SERIES_KEYS = ["indicator_id", "period", "sex", "age", "category_type", "category"]
LIMITS = ["lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]


@dataclass
class AreaProfile:
    area: AreaInfo
    comparators: list[AreaInfo]
    table: pd.DataFrame


def indicator_metadata(engine: Engine) -> pd.DataFrame:
    """Indicator id → name, value type, polarity, benchmark method, unit, multiplier."""
    return indicator_store.indicator_metadata(engine)


def benchmark_methods(meta: pd.DataFrame) -> pd.Series:
    """Indicator id → its benchmark method value (parsed once per indicator, not per row)."""
    return pd.Series({i: parse_method(m).value for i, m in meta["benchmark_method"].items()}, dtype=object)


def fill_limits(values: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """Compute missing 95 % / 99.8 % limits for proportions and crude rates from count and
    denominator (Wilson; exact/Byar's), leaving published limits untouched."""
    out = values.copy()
    kind = out["indicator_id"].map(meta["value_type"].str.strip().str.lower().map(AGGREGATABLE))
    factor = out["indicator_id"].map(meta["multiplier"])
    usable = kind.notna() & factor.notna() & out["count"].notna() & (out["denominator"] > 0)
    usable &= ~((kind == "proportion") & (out["count"] > out["denominator"]))
    for (method_kind, multiplier), block in out[usable].groupby([kind[usable], factor[usable]]):
        method = stats.proportion if method_kind == "proportion" else stats.rate
        limits = method(block, "count", "denominator", confidence=[0.95, 0.998], multiplier=float(multiplier))
        for column in LIMITS:
            missing = out.loc[block.index, column].isna()
            out.loc[block.index[missing], column] = limits.loc[missing[missing].index, column]
    return out


def _latest(values: pd.DataFrame) -> pd.DataFrame:
    keys = ["indicator_id", "sex", "age", "category_type", "category"]
    latest = values.groupby(keys, dropna=False)["period_sortable"].transform("max")
    return values[values["period_sortable"] == latest]


TREND_KEYS = ["indicator_id", "sex", "age", "category_type", "category"]


def with_trend(
    latest: pd.DataFrame, history: pd.DataFrame, meta: pd.DataFrame, keys: list[str] | None = None
) -> pd.DataFrame:
    """Add ``trend``: the published recent trend where the data carries one, else our own
    (Fingertips trend-marker method, :func:`healthassets.benchmark.trend.recent_trend`), and
    ``trend_source`` ('published' or 'computed'). ``keys`` name a series (default: one area's)."""
    keys = keys or TREND_KEYS
    if history.empty:
        return latest.assign(trend=pd.Series(dtype=object))
    frame = history.assign(
        value_type=history["indicator_id"].map(meta["value_type"]),
        polarity=history["indicator_id"].map(meta["polarity"]),
    )
    computed = recent_trend(frame, keys)[[*keys, "trend"]]
    out = latest.merge(computed, on=keys, how="left")
    published = out["recent_trend"].fillna("").astype(str).str.strip()
    out["trend"] = published.where(published != "", out["trend"])
    out["trend_source"] = np.where(published != "", "published", "computed")
    return out


def region_values(engine: Engine, region: AreaInfo, series: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
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


def area_profile(engine: Engine, code: str, *, indicators: list[int] | None = None) -> AreaProfile:
    """The area's latest values, each benchmarked against England and against its region."""
    area = get_area(engine, code)
    meta = indicator_metadata(engine)
    history = fetch_values(engine, ValueFilter(areas=[area.code], indicators=indicators or []))
    values = fill_limits(_latest(history), meta)
    values = with_trend(values, history, meta)
    line = ancestors(engine, area.code)
    england = next((a for a in line if a.code == ENGLAND), None)
    region = next((a for a in line if a.area_type == "region"), None)
    comparators = [a for a in (england, region) if a is not None]
    table = values.copy()
    methods = table["indicator_id"].map(benchmark_methods(meta))
    polarity = table["indicator_id"].map(meta["polarity"])
    for comparator, prefix in ((england, "england"), (region, "region")):
        if comparator is None:
            continue
        if comparator.code == ENGLAND:
            other = fetch_values(
                engine, ValueFilter(areas=[ENGLAND], indicators=table["indicator_id"].unique().tolist())
            )
        else:
            other = region_values(engine, comparator, table, meta)
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
    if region is not None:
        quintiles = quintile_benchmarks(engine, area, region, table, methods, meta)
        table.loc[quintiles.index, "region_benchmark"] = quintiles
    table["indicator_name"] = table["indicator_id"].map(meta["name"])
    table["unit"] = table["indicator_id"].map(meta["unit"])
    table["polarity"] = polarity
    table["benchmark_method"] = methods
    return AreaProfile(area, comparators, table.reset_index(drop=True))


def quintile_benchmarks(
    engine: Engine,
    area: AreaInfo,
    region: AreaInfo,
    table: pd.DataFrame,
    methods: pd.Series,
    meta: pd.DataFrame,
) -> pd.Series:
    """For 'Quintiles' indicators: the area's quintile among the region's areas of its kind
    (Best … Worst with polarity, Lowest … Highest without), indexed like ``table``."""
    rows = table[(methods == BenchmarkMethod.QUINTILES.value).to_numpy()]
    if rows.empty:
        return pd.Series(dtype=object)
    peers = [a.code for a in descendants(engine, region.code, comparable_group(area.area_type))]
    values = fetch_values(engine, ValueFilter(indicators=rows["indicator_id"].unique().tolist(), areas=peers))
    values = values.merge(rows[SERIES_KEYS].drop_duplicates(), on=SERIES_KEYS)
    if values.empty:
        return pd.Series("Not compared", index=rows.index, dtype=object)
    values["polarity"] = values["indicator_id"].map(meta["polarity"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QuantileWarning)
        values["label"] = benchmark_quintiles(values, "value", "polarity", group_by=SERIES_KEYS)
    mine = values[values["area_code"] == area.code][[*SERIES_KEYS, "label"]]
    labelled = rows[SERIES_KEYS].reset_index().merge(mine, on=SERIES_KEYS, how="left").set_index("index")
    return labelled["label"].fillna("Not compared")


def benchmark_against(
    table: pd.DataFrame, methods: pd.Series, polarity: pd.Series, comparator: pd.Series
) -> np.ndarray:
    """Benchmark each row at its indicator's own level (95 % or 99.8 %); 'Not compared' for
    quintile or no-comparison indicators."""
    at95 = benchmark(table["value"], table["lower95_0cl"], table["upper95_0cl"], comparator, polarity)
    at998 = benchmark(table["value"], table["lower99_8cl"], table["upper99_8cl"], comparator, polarity)
    use998 = (methods == BenchmarkMethod.CI_99_8.value).to_numpy()
    use95 = (methods == BenchmarkMethod.CI_95.value).to_numpy()
    return np.where(use998, at998, np.where(use95, at95, "Not compared"))


def ensure_demo_profile(engine: Engine) -> None:
    """Write the bundled profile definitions (replacing earlier copies), skipping unknown indicators."""
    profile_store.write_profiles(engine, bundled_profiles())


def profile_domains(engine: Engine, slug: str | None) -> list[tuple[str, list[int]]]:
    """(domain name, indicator ids in order) of a profile; ``None`` → one domain of every indicator."""
    if slug is None:
        return [("All indicators", indicator_store.indicator_ids(engine))]
    rows = profile_store.domain_indicators(engine, slug)
    if not rows:
        raise NotFoundError(f"no profile {slug!r} (run `healthassets load` to install the bundled profiles)")
    domains: dict[str, list[int]] = {}
    for name, indicator in rows:
        domains.setdefault(name, []).append(indicator)
    return list(domains.items())
