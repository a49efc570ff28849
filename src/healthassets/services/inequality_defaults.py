"""Use case: every authority's default inequality section, computed once per data load and stored
(docs/adr/0075), so an authority's profile reads it instead of ranking its LSOAs and running the
SII's 100,000 simulations on its first visit.

The same figures as :func:`healthassets.services.inequality.area_inequality` without an indicator,
computed for all authorities at once: one read of the LSOAs' latest values, the headline rows and
latest period chosen per authority, and one vectorised :func:`~healthassets.indicators.inequality.
inequality` per default indicator, each authority's simulation drawn from its own seed
(:func:`~healthassets.indicators.inequality.authority_seed`) — so a stored section equals the one
computed on request, which a test checks.

Stored with the values version it was computed from; a later write of other indicators' values
(a survey's publication, say) re-stamps the rows, a write of one of their inputs recomputes them, and
a row with another version is ignored (the page computes its own).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from healthassets import settings
from healthassets.indicators.inequality import REPETITIONS, Reason, authority_seed, inequality, method_for
from healthassets.services.asset_places import lsoa_population
from healthassets.services.inequality import (
    AUTHORITY_TYPES,
    DEFAULT_ORDER,
    IMD_SCORE,
    AreaInequality,
    headline_rows,
    inequality_choices,
    reason_before,
    record_of,
)
from healthassets.services.inequality_rows import encode
from healthassets.store import Engine
from healthassets.store import areas as area_queries
from healthassets.store import derived as derived_store
from healthassets.store import inequality as inequality_store
from healthassets.store.areas import AreaInfo
from healthassets.store.values import ValueFilter, fetch_values

#: a change to the values of these indicators changes the stored sections (else they are re-stamped)
INPUTS = (IMD_SCORE, *DEFAULT_ORDER)


def default_inequalities(
    engine: Engine,
    data_dir: Path | None = None,
    *,
    repetitions: int = REPETITIONS,
    only: Sequence[str] | None = None,
) -> list[AreaInequality]:
    """The default inequality section of every authority of England and Wales (or of ``only``), as
    :func:`~healthassets.services.inequality.area_inequality` gives it without an indicator."""
    choices = inequality_choices(engine)
    offered = [c.indicator_id for c in choices]
    wanted = [i for i in DEFAULT_ORDER if i in offered]
    if not offered:
        return []
    authorities = [a for t in sorted(AUTHORITY_TYPES) for a in area_queries.areas_of_type(engine, t)]
    if only is not None:
        keep = set(only)
        authorities = [a for a in authorities if a.code in keep]
    members = inequality_store.lsoas_of_authorities(engine, [a.code for a in authorities])
    areas = None if only is None else members["area_code"].unique().tolist()
    values = _headline_values(engine, members, [IMD_SCORE, *wanted], areas)
    present = values.groupby("authority_code")["indicator_id"].agg(set) if len(values) else pd.Series()
    fallback = (wanted or offered)[0]
    default = {
        a.code: next((i for i in wanted if i in present.get(a.code, set())), fallback) for a in authorities
    }
    series = values[values["indicator_id"].to_numpy() == values["authority_code"].map(default).to_numpy()]
    newest = series.sort_values("period_sortable", ascending=False, kind="stable")
    periods = newest.drop_duplicates("authority_code").set_index("authority_code")["period"]
    counts = members["authority_code"].value_counts()
    valued = set(series.loc[series["value"].notna(), "authority_code"])
    records = {i: record_of(engine, i) for i in set(default.values())}
    results, computable = [], []
    for area in authorities:
        result = _section(area, default[area.code], records, periods, counts, valued, choices)
        results.append(result)
        if result.reason is None and result.method is not None:
            computable.append(result)
    frame = _lsoa_frames(members, values, series, periods, [r.area.code for r in computable], data_dir)
    by_code = {r.area.code: r for r in computable}
    for indicator_id in sorted({r.indicator_id for r in computable}):
        codes = [r.area.code for r in computable if r.indicator_id == indicator_id]
        part = frame[frame["authority_code"].isin(codes)].reset_index(drop=True)
        _compute(indicator_id, part, by_code, repetitions)
    return results


def _section(
    area: AreaInfo,
    indicator_id: int,
    records: dict[int, dict[str, Any]],
    periods: pd.Series,
    counts: pd.Series,
    valued: set[str],
    choices: list[Any],
) -> AreaInequality:
    """An authority's section before its SII: its method, latest period and (when it has none) the
    reason it has no SII."""
    metadata = dict(records[indicator_id])
    chosen = method_for(indicator_id, metadata.get("value_type"), metadata.get("multiplier"))
    method, multiplier = chosen if chosen else (None, float(metadata.get("multiplier") or 1))
    period = periods.get(area.code)
    result = AreaInequality(
        area=area, indicator_id=indicator_id, metadata=metadata, method=method, multiplier=multiplier,
        period=None if period is None else str(period), deciles=pd.DataFrame(),
        summary={"lsoas": int(counts.get(area.code, 0))}, reason=None, choices=choices,
    )  # fmt: skip
    has_values = pd.DataFrame({"value": [1.0 if area.code in valued else np.nan]})
    result.reason = reason_before(area, method, has_values, indicator_id)
    return result


def _headline_values(
    engine: Engine, members: pd.DataFrame, indicators: list[int], areas: list[str] | None
) -> pd.DataFrame:
    """Each authority's headline rows of its LSOAs' latest values of ``indicators`` (of ``areas``
    only, when given), in the order a single authority's read gives them."""
    chosen = ValueFilter(indicators=indicators, areas=areas or [], area_type="lsoa", latest_only=True)
    found = fetch_values(engine, chosen) if areas is None or areas else pd.DataFrame(columns=["area_code"])
    joined = members[["authority_code", "area_code"]].merge(found, on="area_code")
    order = ["authority_code", "indicator_id", "area_code", "period_sortable", "sex", "age"]
    joined = joined.sort_values([*order, "category_type", "category"], kind="stable")
    return headline_rows(joined, by=["authority_code"]) if len(joined) else joined


def _lsoa_frames(
    members: pd.DataFrame,
    values: pd.DataFrame,
    series: pd.DataFrame,
    periods: pd.Series,
    codes: list[str],
    data_dir: Path | None,
) -> pd.DataFrame:
    """:func:`~healthassets.services.inequality.lsoa_frame` of each authority of ``codes`` at once."""
    keys = ["authority_code", "area_code"]
    frame = members.loc[members["authority_code"].isin(codes), keys].reset_index(drop=True)
    imd = values.loc[values["indicator_id"] == IMD_SCORE, [*keys, "value"]]
    frame = frame.merge(imd.rename(columns={"value": "imd_score"}), on=keys, how="left")
    frame["imd_score"] = frame["imd_score"].astype(float)
    population = lsoa_population(settings.data_dir(data_dir))
    frame["population"] = frame["area_code"].map(population).astype(float)
    now = series[series["period"].to_numpy() == series["authority_code"].map(periods).to_numpy()]
    frame = frame.merge(now[[*keys, "value", "count", "denominator"]], on=keys, how="left")
    for column in ("value", "count", "denominator"):
        frame[column] = frame[column].astype(float)
    return frame


def _compute(
    indicator_id: int, frame: pd.DataFrame, pending: dict[str, AreaInequality], repetitions: int
) -> None:
    """The SII of every authority in ``frame`` (all of one indicator), written into its result."""
    first = pending[str(frame["authority_code"].iloc[0])]
    assert first.method is not None
    codes = pd.unique(frame["authority_code"])
    seeds = pd.Series([authority_seed(str(c), indicator_id) for c in codes], index=codes)
    computed = inequality(frame, first.method, first.multiplier, repetitions=repetitions, seeds=seeds)
    summaries = computed.summary.set_index("authority_code", drop=False)
    deciles = computed.deciles.groupby("authority_code", sort=False)
    for code in codes:
        result = pending[str(code)]
        summary = summaries.loc[code].to_dict()
        result.summary = summary
        result.reason = Reason(summary["reason"]) if isinstance(summary.get("reason"), str) else None
        if code in deciles.groups:
            table = deciles.get_group(code).drop(columns="authority_code").reset_index(drop=True)
        else:
            table = computed.deciles.iloc[0:0].drop(columns="authority_code")
        result.deciles = table


def store_default_inequalities(
    engine: Engine, changed: Sequence[int] | None = None, data_dir: Path | None = None
) -> int:
    """Store every authority's default section, computed from the current values, and return how
    many were computed: all of them (``changed`` None: a load); after a write of the values of
    ``changed`` indicators only the authorities with LSOA values of an input among them (or whose
    stored section is of one) — a moderation touches the register's few authorities —, the others
    re-stamped as current, in the same transaction."""
    version = derived_store.values_version(engine)
    touched = set(INPUTS) if changed is None else set(changed) & set(INPUTS)
    if not touched:
        inequality_store.replace_default_inequalities(engine, [], [], version)
        return 0
    only = None if changed is None else inequality_store.authorities_touched(engine, sorted(touched))
    computed = default_inequalities(engine, data_dir, only=only)
    rows = [
        encode(r.area.code, r.indicator_id, r.period, r.reason, r.summary, r.deciles, version)
        for r in computed
    ]
    inequality_store.replace_default_inequalities(engine, rows, only, version)
    return len(rows)
