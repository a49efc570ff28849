"""``/assets``: the community asset register — map and accessible list with the same filters,
asset pages with their stories, and the viewport GeoJSON the map reads."""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from healthassets.assets.privacy import APPROXIMATE
from healthassets.assets.search import AssetFilter
from healthassets.assets.vocabulary import LABELS, AssetType, Dimension, FiveWays
from healthassets.errors import InputError, NotFoundError
from healthassets.services.area_search import area_names
from healthassets.services.asset_browse import area_of, list_page, map_points, story_photo
from healthassets.services.asset_coverage import coverage_statement
from healthassets.services.asset_edits import pending_revision
from healthassets.services.assets_moderation import get_asset
from healthassets.web.accounts import current_account, may_edit
from healthassets.web.pages import render_page
from healthassets.web.security import csrf_token

router = APIRouter()
#: vocabulary value → English label (templates translate it)
LABEL_OF = {term.value: text for term, text in LABELS.items()}
PAGE_SIZE = 25
MAP_LIMIT = 20_000


def vocabulary() -> dict[str, Any]:
    return {
        "types": [(t.value, LABELS[t]) for t in AssetType],
        "dimensions": [(d.value, LABELS[d]) for d in Dimension],
        "five_ways": [(w.value, LABELS[w]) for w in FiveWays],
    }


def _known(values: list[str], kind: type[Any], name: str) -> list[str]:
    allowed = {term.value for term in kind}
    bad = [v for v in values if v not in allowed]
    if bad:
        raise InputError(f"unknown {name} {bad[0]!r}", column=name)
    return values


def filter_of(request: Request) -> AssetFilter:
    """The list/map filters from the query string (the same for both, so a URL holds them)."""
    params = request.query_params
    area = (params.get("area") or "").strip().upper() or None
    if area:
        area_of(request.app.state.engine, area)  # NotFoundError for unknown codes
    return AssetFilter(
        asset_types=_known(params.getlist("type"), AssetType, "type"),
        dimensions=_known(params.getlist("dimension"), Dimension, "dimension"),
        five_ways=_known(params.getlist("five_ways"), FiveWays, "five_ways"),
        area=area,
        text=(params.get("q") or "").strip()[:200] or None,
    )


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    try:
        west, south, east, north = (float(p) for p in text.split(","))
    except ValueError as error:
        raise InputError("bbox must be west,south,east,north in degrees", column="bbox") from error
    if not all(math.isfinite(v) for v in (west, south, east, north)) or west > east or south > north:
        raise InputError("bbox must be west,south,east,north in degrees", column="bbox")
    return west, south, east, north


@router.get("/assets", response_class=HTMLResponse)
def assets(request: Request) -> HTMLResponse:
    engine = request.app.state.engine
    chosen = filter_of(request)
    try:
        page = int(request.query_params.get("page") or 1)
    except ValueError as error:
        raise InputError("page must be a whole number", column="page") from error
    listing = list_page(engine, chosen, page, PAGE_SIZE)
    area = area_of(engine, chosen.area) if chosen.area else None
    return render_page(
        request,
        "assets.html",
        account=current_account(request),
        csrf=csrf_token(request),
        rows=listing.rows,
        total=listing.total,
        page=listing.page,
        pages=listing.pages,
        chosen=chosen,
        area=area,
        labels=LABEL_OF,
        coverage=coverage_statement(engine),
        **vocabulary(),
    )


@router.get("/assets/map.geojson")
def assets_geojson(request: Request) -> JSONResponse:
    """Published assets in the viewport (``bbox``) matching the filters, as GeoJSON points (a person
    at their approximate location)."""
    chosen = filter_of(request)
    chosen.bbox = parse_bbox(request.query_params.get("bbox"))
    frame, truncated = map_points(request.app.state.engine, chosen, MAP_LIMIT)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"id": i, "name": n, "type": t, **({"approximate": True} if rough else {})},
        }
        for i, n, t, lat, lon, rough in zip(
            frame["id"],
            frame["name"],
            frame["asset_type"],
            frame["latitude"].astype(float),
            frame["longitude"].astype(float),
            frame[APPROXIMATE].astype(bool),
            strict=True,
        )
    ]
    return JSONResponse({"type": "FeatureCollection", "features": features, "truncated": truncated})


@router.get("/assets/{asset_id}", response_class=HTMLResponse)
def asset(request: Request, asset_id: str) -> HTMLResponse:
    engine = request.app.state.engine
    account = current_account(request)
    try:
        record = get_asset(engine, asset_id, public=True)
        public = True
        if account and account.can_moderate:
            record = {**get_asset(engine, asset_id, public=False), "stories": record["stories"]}
    except NotFoundError:
        # its author and moderators may see an asset before it is published
        record = get_asset(engine, asset_id, public=False)
        if not may_edit(account, record) or (
            record.get("deleted_at") is not None and not (account and account.can_moderate)
        ):
            raise
        public = False
    return render_page(
        request,
        "asset.html",
        account=account,
        asset=record,
        pending=pending_revision(engine, asset_id) if may_edit(account, record) else None,
        public=public,
        can_edit=may_edit(account, record),
        labels=LABEL_OF,
        csrf=csrf_token(request),
        submitted=request.query_params.get("submitted"),
        area_names=area_names(request.app.state.engine, record.get("areas") or []),
    )


@router.get("/stories/{story_id}/photo")
def photo(request: Request, story_id: str) -> Response:
    data, media_type = story_photo(request.app.state.engine, story_id)
    return Response(data, media_type=media_type, headers={"Cache-Control": "public, max-age=3600"})
