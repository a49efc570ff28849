"""The figures of an area's profile, shared by the derived-table build and the pages: completed
confidence limits, recent trends and benchmarks at each indicator's own level.

Missing confidence limits of proportions and crude rates with a count and a denominator (the
extract has no 99.8 % limits at all) are computed with the Fingertips methods (Wilson; exact/Byar's)
so that every indicator can be benchmarked at its own level.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from healthassets import stats
from healthassets.benchmark import (
    NOT_COMPARED,
    BenchmarkMethod,
    benchmark,
    mark_missing_comparator,
    parse_method,
)
from healthassets.benchmark.trend import CANNOT, POINTS, recent_trend
from healthassets.indicators.aggregate import AGGREGATABLE

ENGLAND = "E92000001"
#: a quintile is given only where at least this share of the place's areas of the kind have a value:
#: ranking a partial list (an extract of one region) "among England" would mislead (docs/adr/0047)
QUINTILE_COVERAGE = 0.9
SERIES_KEYS = ["indicator_id", "period", "sex", "age", "category_type", "category"]
LIMITS = ["lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]


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


def latest_of(values: pd.DataFrame) -> pd.DataFrame:
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
    # a series with fewer than POINTS periods "cannot be calculated": only longer ones are fitted
    long = history.groupby(keys, dropna=False)["period_sortable"].transform("size") >= POINTS
    fitted = history[long.to_numpy()]
    frame = fitted.assign(
        value_type=fitted["indicator_id"].map(meta["value_type"]),
        polarity=fitted["indicator_id"].map(meta["polarity"]),
    )
    computed = (
        recent_trend(frame, keys)[[*keys, "trend"]] if len(frame) else pd.DataFrame(columns=[*keys, "trend"])
    )
    out = latest.merge(computed, on=keys, how="left")
    published = out["recent_trend"].fillna("").astype(str).str.strip()
    out["trend"] = published.where(published != "", out["trend"].fillna(CANNOT))
    out["trend_source"] = np.where(published != "", "published", "computed")
    return out


def benchmark_against(
    table: pd.DataFrame, methods: pd.Series, polarity: pd.Series, comparator: pd.Series
) -> np.ndarray:
    """Benchmark each row at its indicator's own level (95 % or 99.8 %); 'No comparator value
    published' where the area could be compared but the comparator has no value; 'Not compared'
    for quintile or no-comparison indicators (quintiles: :func:`quintiles_within`)."""
    levels = []
    for low, up in (("lower95_0cl", "upper95_0cl"), ("lower99_8cl", "upper99_8cl")):
        judged = benchmark(table["value"], table[low], table[up], comparator, polarity)
        levels.append(
            mark_missing_comparator(judged, table["value"], table[low], table[up], comparator, polarity)
        )
    use998 = (methods == BenchmarkMethod.CI_99_8.value).to_numpy()
    use95 = (methods == BenchmarkMethod.CI_95.value).to_numpy()
    return np.where(use998, levels[1], np.where(use95, levels[0], NOT_COMPARED))


def if_covered(labels: pd.Series, pool: pd.DataFrame, keys: list[str], expected: pd.Series) -> pd.Series:
    """Quintile ``labels`` of ``pool`` rows, 'Not compared' where fewer than
    :data:`QUINTILE_COVERAGE` of the ``expected`` areas (per row: how many areas the place has of
    the kind) hold a value of the row's series (``keys``)."""
    present = pool.groupby(keys, dropna=False)["value"].transform("count")
    return labels.where(present >= QUINTILE_COVERAGE * expected, NOT_COMPARED)
