"""Which assets to list: the filters the register's list, map, exports and queues share (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass
class AssetFilter:
    """Which assets to list; empty means 'any'. ``bbox`` = (west, south, east, north) in WGS84."""

    statuses: list[str] = field(default_factory=lambda: ["published"])
    asset_types: list[str] = field(default_factory=list)
    dimensions: list[str] = field(default_factory=list)
    five_ways: list[str] = field(default_factory=list)
    area: str | None = None
    text: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    source: str | None = None
    created_by: int | None = None
    include_deleted: bool = False
    #: people listed as assets (``is_person`` or type *individual*): "any", "none" or "only"
    people: Literal["any", "none", "only"] = "any"
