"""``/`` (find an area, browse by type, profiles) and ``/search``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from healthassets.errors import InputError
from healthassets.geography.areas import AREA_TYPES, TYPE_GROUP_NAMES, TYPE_GROUPS
from healthassets.geography.postcodes import postcode_slug
from healthassets.services.area_page import list_profiles
from healthassets.services.area_search import authorities_of, find_areas
from healthassets.services.areas import AreaInfo, areas_of_type, areas_within, get_area, nearest_parent
from healthassets.services.postcode_page import canonical_postcode, in_lookup, suggest_postcodes
from healthassets.services.site import Engine
from healthassets.web.context import PageState
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
) -> Response:
    engine = request.app.state.engine
    data_dir = request.app.state.data_dir
    error = None
    known_type = type in AREA_TYPES or type in TYPE_GROUPS
    if type and not known_type:
        error = "unknown-type"
        type = None
    text = q.strip()
    parent = get_area(engine, within) if within else None  # unknown → 404 page
    postcode = postcode_typed(text) if parent is None else None
    if postcode and in_lookup(data_dir, postcode):
        target = PageState.of(request).url(f"/postcodes/{postcode_slug(postcode)}")
        return RedirectResponse(target, status_code=303)
    postcodes = suggest_postcodes(data_dir, text) if text and parent is None and not postcode else []
    found = areas_found(engine, text, type, parent)
    if not (text or type or parent):
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
        postcode_missing=postcode,
        postcodes=postcodes,
        authorities=authorities_of(engine, [a.code for a in shown if a.area_type == "ward"]),
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


def areas_found(engine: Engine, text: str, area_type: str | None, parent: AreaInfo | None) -> list[AreaInfo]:
    """The areas a search lists: within ``parent`` (its children, or its descendants of the type)
    whose name or code holds ``text``; else those matching ``text``; else every area of the type."""
    if parent is not None:
        found = areas_within(engine, parent.code, area_type)
        if text:
            needle = text.casefold()
            found = [a for a in found if needle in a.name.casefold() or needle in a.code.casefold()]
        return found
    if text:
        return find_areas(engine, text, limit=500, area_types=[area_type] if area_type else None)
    return areas_of_type(engine, area_type) if area_type else []


def postcode_typed(text: str) -> str | None:
    """The postcode ``text`` is (shown form), or None when it is not shaped as one."""
    try:
        return canonical_postcode(text) if text else None
    except InputError:
        return None
