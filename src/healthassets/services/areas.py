"""Use cases: areas for the pages and the command line (which never query the store themselves) —
an area by code, every area of a type, the areas within one, an area's parent. Searching by name is
:mod:`healthassets.services.area_search`."""

from __future__ import annotations

from healthassets.store import Engine
from healthassets.store import areas as area_store
from healthassets.store.areas import AreaInfo

__all__ = [
    "AreaInfo",
    "areas_of_type",
    "areas_within",
    "get_area",
    "known_area_codes",
    "nearest_parent",
]


def get_area(engine: Engine, code: str) -> AreaInfo:
    """The area with this code (case-insensitive); NotFoundError if there is none."""
    return area_store.get_area(engine, code)


def areas_of_type(engine: Engine, area_type: str) -> list[AreaInfo]:
    """Every area of a type or type group ('ltla', 'utla'), by name."""
    return area_store.areas_of_type(engine, area_type)


def areas_within(engine: Engine, code: str, area_type: str | None = None) -> list[AreaInfo]:
    """The area's direct children, or with ``area_type`` every descendant of that type or group."""
    return area_store.children(engine, code, area_type)


def nearest_parent(engine: Engine, code: str) -> AreaInfo | None:
    """The area's nearest administrative parent (an LSOA's MSOA, a district's county…), if any."""
    line = area_store.ancestors(engine, code)
    return line[0] if line else None


def known_area_codes(engine: Engine) -> set[str]:
    """The code of every stored area."""
    return area_store.known_area_codes(engine)
