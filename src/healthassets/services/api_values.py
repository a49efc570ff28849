"""Use cases of the JSON API over indicators and values: a bounded page of values, recent trends,
indicator metadata and profiles (the API calls these, never the store)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pandas as pd

from healthassets.errors import NotFoundError
from healthassets.indicators.disclosure import apply_disclosure
from healthassets.services.area_page import disclosure_of
from healthassets.services.profiles import indicator_metadata, profile_layout, with_trend
from healthassets.store import Engine
from healthassets.store.indicators import indicator_table
from healthassets.store.profiles import profile_summary
from healthassets.store.values import ValueFilter as ValueFilter
from healthassets.store.values import fetch_values
from healthassets.store.values import values_page as stored_page

#: the keys of one series of one area (every period of it)
SERIES_PER_AREA = ["indicator_id", "area_code", "sex", "age", "category_type", "category"]


def values_page(engine: Engine, value_filter: ValueFilter, page: int, size: int) -> tuple[pd.DataFrame, int]:
    """Page ``page`` (1-based, ``size`` rows) of the filtered values with their disclosure status
    (suppressed / no value), and the total number of matching values."""
    frame, total = stored_page(engine, value_filter, (page - 1) * size, size)
    if len(frame):
        frame = apply_disclosure(frame, disclosure_of(engine))
    return frame, total


def indicators(engine: Engine) -> pd.DataFrame:
    """Every indicator with all its metadata, by id."""
    return indicator_table(engine)


def indicator(engine: Engine, indicator_id: int) -> pd.DataFrame:
    """One indicator's metadata (one row); NotFoundError for an unknown id."""
    frame = indicator_table(engine, indicator_id)
    if frame.empty:
        raise NotFoundError(f"no indicator has the id {indicator_id}")
    return frame


def profile(engine: Engine, slug: str) -> dict[str, Any]:
    """A profile's name, description and its domains' indicator ids, in order."""
    found = profile_summary(engine, slug)
    if found is None:
        raise NotFoundError(f"no profile {slug!r}")
    name, description = found
    domains = [
        {
            "key": d.key,
            "name": d.name,
            "description": d.description or None,
            "indicators": d.indicators,
            "placements": [{"indicator": i, "placement": text} for i, text in d.placements.items()],
        }
        for d in profile_layout(engine, slug)
    ]
    return {"slug": slug, "name": name, "description": description, "domains": domains}


def recent_trends(
    engine: Engine, indicator_id: int, value_filter: ValueFilter, leave_out: Collection[str] = ()
) -> pd.DataFrame:
    """The recent trend of each series' latest period: the published trend where the data has one,
    else the Fingertips method (chi-squared test for trend over the latest five points). Areas of
    the types ``leave_out`` are left out (small areas, when no parent or type bounds them)."""
    meta = indicator_metadata(engine)
    if indicator_id not in meta.index:
        raise NotFoundError(f"no indicator has the id {indicator_id}")
    value_filter.indicators = [indicator_id]
    history = fetch_values(engine, value_filter)
    history = history[~history["area_type"].isin(list(leave_out))]
    if history.empty:
        return pd.DataFrame(columns=[*SERIES_PER_AREA, "area_name", "period", "trend", "source"])
    latest = history.sort_values("period_sortable").drop_duplicates(SERIES_PER_AREA, keep="last")
    latest = latest[[*SERIES_PER_AREA, "area_name", "period", "recent_trend"]]
    out = with_trend(latest, history, meta, SERIES_PER_AREA).rename(columns={"trend_source": "source"})
    return out.drop(columns="recent_trend")
