"""``/postcodes/{postcode}``: the areas containing a postcode and the community assets nearest it
(docs/adr/0052). ``/postcodes/OL11AA`` is the canonical address; any other spelling of the postcode
("ol1 1aa", "OL1%201AA") redirects there permanently."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from healthassets.assets.vocabulary import AssetType, short_label
from healthassets.geography.postcodes import parse_postcode, postcode_slug
from healthassets.services.postcode_page import PostcodeNotInLookup, PostcodePlace, find_postcode
from healthassets.web.context import PageState
from healthassets.web.i18n import format_number
from healthassets.web.pages import render_page

router = APIRouter()


def distance_text(metres: float) -> str:
    """'350 m' under a kilometre (to 10 m), else '1.2 km'."""
    if metres < 1_000:
        return f"{format_number(round(metres, -1), 0)} m"
    return f"{format_number(metres / 1_000, 1)} km"


def asset_rows(place: PostcodePlace) -> list[dict[str, Any]]:
    types = {t.value: short_label(t) for t in AssetType}
    return [
        {
            "id": a.id,
            "name": a.name,
            "type": types.get(a.asset_type, a.asset_type),
            "distance": distance_text(a.distance_m),
            "approximate": a.approximate,
            "latitude": a.latitude,
            "longitude": a.longitude,
        }
        for a in place.assets
    ]


@router.get("/postcodes/{postcode}", response_class=HTMLResponse)
def postcode_page(request: Request, postcode: str) -> Response:
    shown = parse_postcode(postcode[:20])
    state = PageState.of(request)
    if shown is None:
        return render_page(request, "postcode_unknown.html", status_code=404, typed=postcode[:20], shown=None)
    if postcode != postcode_slug(shown):
        target = state.url(
            f"/postcodes/{postcode_slug(shown)}", [p for p in state.query if p[0] not in ("lang", "palette")]
        )
        return RedirectResponse(target, status_code=301)
    engine = request.app.state.engine
    try:
        place = find_postcode(engine, request.app.state.data_dir, shown)
    except PostcodeNotInLookup:
        return render_page(request, "postcode_unknown.html", status_code=404, typed=shown, shown=shown)
    return render_page(request, "postcode.html", place=place, assets=asset_rows(place))
