"""``/`` (find an area, browse by type, profiles) and ``/search``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from healthassets.geography.areas import AREA_TYPES, TYPE_GROUP_NAMES, TYPE_GROUPS
from healthassets.services.area_page import list_profiles
from healthassets.services.area_search import find_areas
from healthassets.services.areas import areas_of_type, areas_within, get_area, nearest_parent
from healthassets.web.pages import render_page

router = APIRouter()
PAGE_SIZE = 50
BROWSE_TYPES = ["region", "utla", "ltla", "ward", "msoa", "lsoa", "icb", "sub-icb"]


def type_label(area_type: str) -> str:
    if area_type in TYPE_GROUP_NAMES:
        return TYPE_GROUP_NAMES[area_type]
    info = AREA_TYPES.get(area_type)
    return info.name if info else area_type


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    engine = request.app.state.engine
    return render_page(
        request,
        "home.html",
        profiles=list_profiles(engine),
        browse=[(t, type_label(t)) for t in BROWSE_TYPES],
    )


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    q: Annotated[str, Query(max_length=100)] = "",
    type: str | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    within: Annotated[str | None, Query(max_length=12)] = None,
) -> HTMLResponse:
    engine = request.app.state.engine
    error = None
    known_type = type in AREA_TYPES or type in TYPE_GROUPS
    if type and not known_type:
        error = "unknown-type"
        type = None
    text = q.strip()
    parent = get_area(engine, within) if within else None  # unknown → 404 page
    if parent is not None:
        # the areas within: direct children, or every descendant of the chosen type
        found = areas_within(engine, parent.code, type)
        if text:
            needle = text.casefold()
            found = [a for a in found if needle in a.name.casefold() or needle in a.code.casefold()]
    elif text:
        found = find_areas(engine, text, limit=500, area_types=[type] if type else None)
    elif type:
        found = areas_of_type(engine, type)
    else:
        found = []
        error = error or ("empty" if "q" in request.query_params else None)
    total = len(found)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(page, pages)
    shown = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    rows = [(area, type_label(area.area_type), nearest_parent(engine, area.code)) for area in shown]
    return render_page(
        request,
        "search.html",
        q=text,
        area_type=type,
        type_name=type_label(type) if type else None,
        rows=rows,
        within=parent,
        total=total,
        page=page,
        pages=pages,
        error=error,
        browse=[(t, type_label(t)) for t in BROWSE_TYPES],
    )
