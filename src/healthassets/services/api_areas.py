"""Use cases of the JSON API over areas: search, list a type, one area with its parents or the
areas within it (the API calls these, never the store)."""

from __future__ import annotations

from healthassets.errors import NotFoundError
from healthassets.services import area_search
from healthassets.store import Engine
from healthassets.store import areas as area_queries
from healthassets.store.areas import AreaInfo as AreaInfo

#: what ``/api/v1/areas`` lists when neither a search nor a type is given
DEFAULT_LIST_TYPE = "region"
#: small-area types, listed only within an area at county level or below (bounded work)
SMALL_AREA_TYPES = frozenset({"lsoa", "msoa", "ward", "pcn", "gp"})


def find_areas(engine: Engine, text: str | None, area_type: str | None, limit: int) -> list[AreaInfo]:
    """Areas matching ``text`` (of ``area_type`` when given) as the site's search finds them, with or
    without accents (:func:`healthassets.services.area_search.find_areas`); without ``text``, the
    first ``limit`` areas of ``area_type`` (default: the regions) by name."""
    if text and text.strip():
        return area_search.find_areas(
            engine, text, limit=limit, area_types=[area_type] if area_type else None
        )
    return area_queries.first_areas_of_type(engine, area_type or DEFAULT_LIST_TYPE, limit)


def area(engine: Engine, code: str) -> AreaInfo:
    """The area with this code; NotFoundError if there is none."""
    return area_queries.get_area(engine, code)


def area_with_parents(engine: Engine, code: str) -> tuple[AreaInfo, list[AreaInfo]]:
    """The area and its administrative ancestors, nearest first."""
    found = area_queries.get_area(engine, code)
    return found, area_queries.ancestors(engine, found.code)


def check_small_area_listing(engine: Engine, area_type: str | None, within: str | None) -> None:
    """Small areas (LSOAs, MSOAs, wards, PCNs, GPs) are listed only within a county, district or smaller
    area, so one answer is never England's 35,000 LSOAs: NotFoundError otherwise."""
    if area_type not in SMALL_AREA_TYPES:
        return
    if not within:
        raise NotFoundError(
            f"{area_type} areas are listed within a parent area: give parent (a district code)"
        )
    if area_queries.get_area(engine, within).level < 2:
        raise NotFoundError(f"{area_type} areas are listed within a county, district or smaller area")


def area_with_children(engine: Engine, code: str, area_type: str | None) -> tuple[AreaInfo, list[AreaInfo]]:
    """The area and its direct children, or with ``area_type`` every area of that type within it
    (small areas only within a county or smaller: :func:`check_small_area_listing`)."""
    found = area_queries.get_area(engine, code)
    check_small_area_listing(engine, area_type, found.code)
    return found, area_queries.children(engine, found.code, area_type)


def nearest_parents(engine: Engine, areas: list[AreaInfo]) -> dict[str, AreaInfo]:
    """code → nearest administrative parent of each listed area, so a list can say which authority
    a ward is in (ward names repeat across authorities, docs/adr/0049)."""
    return area_queries.nearest_parents(engine, [a.code for a in areas])
