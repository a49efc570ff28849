"""``/areas/{code}/assets-and-needs``: an authority's small areas (or a country's MSOAs) by need
against assets — map coloured by quadrant, scatter of ranks with the cut lines and each area's
rank interval, priority areas with their residents, the full table; CSV and GeoJSON of the same
(docs/adr/0061). The chooser's values stay in the URL, so a view can be shared."""

from __future__ import annotations

from typing import Any

import pandas as pd
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from healthassets.errors import InputError
from healthassets.indicators.display import decimals_for
from healthassets.indices.quadrant import CUTS
from healthassets.io.csv_safety import csv_text
from healthassets.services.assets_needs import AssetsAndNeeds, assets_and_needs
from healthassets.services.boundaries import simplified_boundaries
from healthassets.web.context import PageState, display_name
from healthassets.web.i18n import current_language, format_number, gettext
from healthassets.web.messages import N_
from healthassets.web.pages import memoised, render_page
from healthassets.web.svg.scatter import QUADRANT_COLOURS, rank_scatter
from healthassets.web.views import csv_download

router = APIRouter()

QUADRANT_WORDS = {
    "priority": N_("Priority: high need, low assets"),
    "build-on": N_("Build on: high need, high assets"),
    "protect": N_("Protect: low need, low assets"),
    "thriving": N_("Thriving: low need, high assets"),
    "middle": N_("Between the cuts"),
}
LEVEL_WORDS = {
    "lsoa": N_("Small areas (LSOAs)"),
    "msoa": N_("Neighbourhoods (MSOAs)"),
    "ward": N_("Electoral wards"),
}
CUT_WORDS = {
    "median": N_("Halves (median)"),
    "tercile": N_("Top and bottom thirds"),
    "quintile": N_("Top and bottom fifths"),
    "decile": N_("Top and bottom tenths"),
}
CSV_COLUMNS = [
    "area_code", "area_name", "population", "need_value", "assets_value", "need_rank", "assets_rank",
    "assets_rank_median", "assets_rank_lower", "assets_rank_upper", "quadrant", "left_behind",
]  # fmt: skip


def number_text(value: object, places: int, missing: str = "") -> str:
    """``value`` formatted in the page's language; ``missing`` when it is absent or not a number."""
    if value is None or pd.isna(value):
        return missing
    return format_number(float(value), places)  # type: ignore[arg-type]


def _whole(value: object) -> int | str:
    """A rank as an integer; '' when missing (pandas' NA, NaN or None)."""
    return "" if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]


def view_of(request: Request, code: str) -> AssetsAndNeeds:
    """The service's result for the URL's choices, memoised per data version."""
    params = request.query_params
    level = params.get("level") or None
    need = _int(params.get("need"))
    assets = _int(params.get("assets"))
    cut = params.get("cut") or "median"
    engine = request.app.state.engine
    return memoised(
        request,
        ("assets-and-needs", code.upper(), level, need, assets, cut),
        lambda: assets_and_needs(engine, code.upper(), level=level, need=need, assets=assets, cut=cut),
    )


def _int(text: str | None) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise InputError(f"{text!r} is not an indicator id", column="indicator")
    return int(text)


def table_rows(result: AssetsAndNeeds) -> list[dict[str, Any]]:
    """The table's rows as the page, the map and the report show them (one decimal-places choice
    per column, :func:`~healthassets.indicators.display.decimals_for`)."""
    table = result.table
    need_places = decimals_for(table["need_value"])
    rows = []
    for r in table.itertuples():
        quadrant = r.quadrant if isinstance(r.quadrant, str) else ""
        lower, upper = _whole(r.assets_rank_lower), _whole(r.assets_rank_upper)
        rows.append(
            {
                "code": r.area_code,
                "name": r.area_name,
                "population": number_text(r.population, 0),
                "need": number_text(r.need_value, need_places),
                "assets": number_text(r.assets_value, 2),
                "need_rank": _whole(r.need_rank),
                "assets_rank": _whole(r.assets_rank),
                "interval": f"{lower}–{upper}" if r.assets_rank_simulated and lower != "" else "",
                "quadrant": quadrant,
                "quadrant_text": gettext(QUADRANT_WORDS[quadrant]) if quadrant else gettext("Not mapped"),
                "left_behind": str(r.left_behind) == "true",
            }
        )
    return rows


def priority_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The priority areas' rows, highest need first (ties by name)."""
    chosen = [r for r in rows if r["quadrant"] == "priority"]
    return sorted(chosen, key=lambda r: (r["need_rank"], r["name"]))


def summary_rows(result: AssetsAndNeeds) -> list[dict[str, Any]]:
    """Areas and residents per quadrant, in the legend's order."""
    table = result.table
    out = []
    for key in (*QUADRANT_WORDS,):
        chosen = table[table["quadrant"] == key]
        if key == "middle" and chosen.empty:
            continue
        out.append(
            {
                "key": key,
                "text": gettext(QUADRANT_WORDS[key]),
                "colour": QUADRANT_COLOURS[key],
                "areas": len(chosen),
                "population": number_text(chosen["population"].sum(), 0),
            }
        )
    return out


@router.get("/areas/{code}/assets-and-needs", response_class=HTMLResponse)
def assets_needs_page(request: Request, code: str) -> HTMLResponse:
    result = view_of(request, code)
    name = display_name(result.area, current_language.get())
    rows = table_rows(result)
    base = f"/areas/{result.area.code}/assets-and-needs"
    labels = {
        "x": gettext("Need rank (1 = highest need)"),
        "y": gettext("Assets rank (1 = most assets)"),
        "interval": gettext("90% rank interval of the asset measure"),
    }
    return render_page(
        request,
        "assets_needs.html",
        result=result,
        area_name_text=name,
        rows=rows,
        priority=priority_rows(rows),
        summary=summary_rows(result),
        scatter_svg=rank_scatter(result.table, CUTS[result.cut], labels) if result.compared else None,
        base=base,
        level_words=LEVEL_WORDS,
        cut_words=CUT_WORDS,
    )


@router.get("/areas/{code}/assets-and-needs/data.csv")
def assets_needs_csv(request: Request, code: str) -> Response:
    result = view_of(request, code)
    frame = result.table[CSV_COLUMNS].copy()
    frame.insert(3, "need_indicator_id", result.need.indicator_id)
    frame.insert(5, "assets_indicator_id", result.assets.indicator_id)
    filename = f"{result.area.code}-assets-and-needs-{result.level}"
    return csv_download(csv_text(frame), filename)


def quadrant_geojson(request: Request, result: AssetsAndNeeds) -> dict[str, Any]:
    """The areas' boundaries with their group as properties (``colour``, ``benchmark_text``: the
    map script's and the static map's)."""
    state = PageState.of(request)
    boundaries = simplified_boundaries(
        request.app.state.engine, result.level, request.app.state.data_dir, result.area.code
    )
    by_code = {r["code"]: r for r in table_rows(result)}
    features = []
    for feature in boundaries["features"]:
        row = by_code.get(feature["properties"]["code"])
        if row is None:
            continue
        properties = {
            **feature["properties"],
            "quadrant": row["quadrant"] or None,
            "value_text": gettext("need rank {need}, assets rank {assets}").format(
                need=row["need_rank"] or "–", assets=row["assets_rank"] or "–"
            ),
            "benchmark_text": row["quadrant_text"],
            "colour": QUADRANT_COLOURS.get(row["quadrant"], QUADRANT_COLOURS[""]),
            "url": state.url(f"/areas/{row['code']}"),
        }
        features.append({"type": "Feature", "properties": properties, "geometry": feature["geometry"]})
    return {"type": "FeatureCollection", "features": features}


@router.get("/areas/{code}/assets-and-needs/map.geojson")
def assets_needs_geojson(request: Request, code: str) -> JSONResponse:
    return JSONResponse(quadrant_geojson(request, view_of(request, code)))
