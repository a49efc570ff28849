"""Use case: the public browses the register — the list, the map's viewport points, a story's photo.

Everything returned here is public: people listed as assets come through
:func:`healthassets.assets.privacy.public_view` (no address, postcode or contact details; a point
coarsened to its 1 km grid square, docs/adr/0035), and the viewport and small-area filters act on
what is shown, never on a person's exact point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from healthassets.assets.privacy import SMALL_AREA_PREFIXES, in_box, public_view, widened
from healthassets.assets.search import AssetFilter
from healthassets.errors import NotFoundError
from healthassets.store import Engine
from healthassets.store.areas import AreaInfo, get_area
from healthassets.store.asset_points import asset_points
from healthassets.store.assets import count_assets, list_assets
from healthassets.store.stories import published_photo
from healthassets.tables import records

LIST_COLUMNS = [
    "id", "name", "description", "asset_type", "is_person", "address", "postcode", "latitude", "longitude",
]  # fmt: skip


@dataclass
class AssetPage:
    """One page of the public list: its rows (public view), the total and the page numbers."""

    rows: list[dict[str, Any]]
    total: int
    page: int
    pages: int


def public_filter(asset_filter: AssetFilter) -> AssetFilter:
    """The filter as the public may apply it: published, live assets only; no people in small areas."""
    small = bool(asset_filter.area and asset_filter.area.startswith(SMALL_AREA_PREFIXES))
    return replace(
        asset_filter,
        statuses=["published"],
        include_deleted=False,
        created_by=None,
        people="none" if small else asset_filter.people,
    )


def list_page(engine: Engine, asset_filter: AssetFilter, page: int, page_size: int) -> AssetPage:
    """Page ``page`` (1-based, clamped to the last page) of the public list."""
    chosen = public_filter(asset_filter)
    total = count_assets(engine, chosen)
    pages = max(1, math.ceil(total / page_size))
    page = min(max(1, page), pages)
    rows = list_assets(engine, chosen, offset=(page - 1) * page_size, limit=page_size, columns=LIST_COLUMNS)
    return AssetPage(records(public_view(rows)), total, page, pages)


def map_points(engine: Engine, asset_filter: AssetFilter, limit: int) -> tuple[pd.DataFrame, bool]:
    """Located public assets matching the filter, at most ``limit``, as (id, name, asset_type,
    latitude, longitude, approximate_location); and whether there were more. ``bbox`` acts on the
    points shown: people are looked for in a wider box and kept when their coarse point is inside."""
    chosen = public_filter(asset_filter)
    others = asset_points(engine, replace(chosen, people="none"), limit + 1)
    people = pd.DataFrame(columns=others.columns)
    if chosen.people != "none":
        wider = widened(chosen.bbox) if chosen.bbox is not None else None
        people = public_view(asset_points(engine, replace(chosen, people="only", bbox=wider), limit + 1))
        if chosen.bbox is not None:
            people = people[in_box(people, chosen.bbox)]
    frame = public_view(others)
    if len(people):
        frame = pd.concat([frame, people], ignore_index=True)
    return frame.head(limit).reset_index(drop=True), len(frame) > limit


def area_of(engine: Engine, code: str) -> AreaInfo:
    """The area a listing is filtered by; NotFoundError for an unknown code."""
    return get_area(engine, code)


def story_photo(engine: Engine, story_id: str) -> tuple[bytes, str]:
    """A published story's photo and its media type; NotFoundError otherwise."""
    found = published_photo(engine, story_id)
    if found is None:
        raise NotFoundError("no photo")
    return found
