"""``/indicators/{id}``: one indicator across areas — ordered bar chart with CI whiskers, trend of a
chosen area beside its comparator, benchmark choropleth, metadata — and its downloads."""

from __future__ import annotations

from typing import Any

import pandas as pd
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from healthassets.errors import NotFoundError
from healthassets.indicators.display import decimals_for
from healthassets.services.boundaries import boundary_note, simplified_boundaries
from healthassets.services.indicator_corrections import corrections_of
from healthassets.services.indicator_page import IndicatorPage, build_indicator_page
from healthassets.web import charts, svg
from healthassets.web.context import PageState
from healthassets.web.i18n import format_number, gettext
from healthassets.web.inequality import indicator_section
from healthassets.web.pages import memoised, render_page
from healthassets.web.routes.home import type_label
from healthassets.web.views import (
    benchmark_text,
    chart_colours,
    chart_response,
    ci_text,
    csv_response,
    value_text,
)

router = APIRouter()
METADATA_FIELDS = [
    ("definition", "Definition"),
    ("rationale", "Rationale"),
    ("data_source", "Data source"),
    ("methodology", "Methodology"),
    ("disclosure_control", "Disclosure control"),
    ("caveats", "Caveats"),
    ("copyright", "Copyright"),
    ("data_reuse", "Data re-use"),
    ("polarity", "Polarity"),
    ("benchmark_method", "Benchmarking method"),
]
#: metadata whose values are vocabulary words (shown in the page's language), not free text
VOCABULARY_FIELDS = {"polarity", "benchmark_method"}


def page_of(request: Request, indicator_id: int) -> IndicatorPage:
    p = request.query_params
    options = {name: p.get(name) or None for name in ("area_type", "parent", "area", "period", "sex", "age")}
    return memoised(
        request,
        ("indicator", indicator_id, *options.values()),
        lambda: build_indicator_page(request.app.state.engine, indicator_id, **options),
    )


def value_rows(page: IndicatorPage) -> list[dict[str, Any]]:
    places = decimals_for(page.values["value"]) if len(page.values) else 1
    rows = []
    for record in page.values.to_dict("records"):
        rows.append(
            {
                **record,
                "value_text": value_text(record.get("value"), record.get("value_status"), places),
                "count_text": format_number(record.get("count"), 0),
                "lower": record.get("lower95_0cl"),
                "upper": record.get("upper95_0cl"),
                "ci_text": ci_text(record.get("lower95_0cl"), record.get("upper95_0cl"), places),
                "benchmark_text": benchmark_text(record.get("benchmark")),
            }
        )
    return rows


def palette_colours(state: PageState) -> dict[str, str]:
    return chart_colours(state.palette)


def bar_spec(page: IndicatorPage, rows: list[dict[str, Any]], state: PageState) -> dict[str, Any]:
    comparator = float(page.comparator_row["value"]) if page.comparator_row is not None else None
    # the colour scale is keyed by the translated label (the legend speaks the page's language)
    data = [
        {
            **{k: r[k] for k in ("area_name", "value", "lower", "upper", "value_text", "ci_text")},
            "benchmark": r["benchmark_text"],
            "benchmark_text": r["benchmark_text"],
        }
        for r in rows
        if pd.notna(r.get("value"))
    ]
    labels = {
        "description": gettext("Values of every area, highest first, with 95% confidence intervals"),
        "value": str(page.metadata.get("unit") or gettext("Value")),
        "benchmark": gettext("Benchmark"),
        "area": gettext("Area"),
        "ci": gettext("95% confidence interval"),
    }
    highlight = page.area.name if page.area else None
    return charts.bar_chart(data, palette_colours(state), labels, comparator, highlight)


def trend_rows(page: IndicatorPage) -> list[dict[str, Any]]:
    if page.area is None:
        return []
    comparator_name = page.comparator.name if page.comparator else gettext("England")
    rows: list[dict[str, Any]] = []
    for record in page.trend.to_dict("records"):
        rows.append(
            {
                "period": record["period"],
                "series": page.area.name,
                "v": record["value"],
                "lower": record["lower95_0cl"],
                "upper": record["upper95_0cl"],
            }
        )
        rows.append({"period": record["period"], "series": comparator_name, "v": record["comparator_value"]})
    return rows


def trend_spec(page: IndicatorPage) -> dict[str, Any]:
    labels = {
        "description": gettext("Trend"),
        "area": page.area.name if page.area else gettext("Area"),
        "comparator": page.comparator.name if page.comparator else gettext("England"),
        "period": gettext("Period"),
        "value": str(page.metadata.get("unit") or gettext("Value")),
    }
    return charts.trend_chart(trend_rows(page), labels)


def map_geojson(request: Request, page: IndicatorPage, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Boundaries of the listed areas with value, benchmark and colour properties."""
    engine = request.app.state.engine
    within = page.parent.code if page.parent else None
    base = simplified_boundaries(engine, page.area_type, request.app.state.data_dir, within)
    state = PageState.of(request)
    colours = state.template_globals()["colours"]
    by_code = {r["area_code"]: r for r in rows}
    features = []
    for feature in base["features"]:
        code = feature["properties"]["code"]
        if code not in by_code:
            continue
        row = by_code[code]
        label = row.get("benchmark") or "Not compared"
        fill, _text = colours.get(label, colours["Not compared"])
        properties = {
            **feature["properties"],
            "value_text": row["value_text"],
            "benchmark": label,
            "benchmark_text": row["benchmark_text"],
            "colour": fill,
            "url": state.url(f"/areas/{code}"),
        }
        features.append({"type": "Feature", "properties": properties, "geometry": feature["geometry"]})
    return {"type": "FeatureCollection", "features": features}


def map_spec(request: Request, page: IndicatorPage, rows: list[dict[str, Any]]) -> dict[str, Any]:
    labels = {
        "description": gettext("Map"),
        "area": gettext("Area"),
        "value": gettext("Value"),
        "benchmark": gettext("Benchmark"),
    }
    return charts.choropleth(map_geojson(request, page, rows), palette_colours(PageState.of(request)), labels)


def parent_choices(request: Request, page: IndicatorPage) -> list[tuple[str, str]]:
    """Areas to list within: authorities for small areas, else regions and counties."""
    from healthassets.services.areas import areas_of_type
    from healthassets.services.indicator_page import SMALL_AREA_TYPES

    engine = request.app.state.engine
    kinds = ["ltla"] if page.area_type in SMALL_AREA_TYPES else ["region", "county"]
    return [(a.code, a.name) for kind in kinds for a in areas_of_type(engine, kind)]


def metadata_rows(page: IndicatorPage, corrections: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(heading, text) of each metadata field the indicator has; a corrected field says so, with
    what the extract says and the correction's source (docs/adr/0040-indicator-metadata-corrections.md)."""
    corrected = {c["field"]: c for c in corrections}
    rows = []
    for key, title in METADATA_FIELDS:
        if not page.metadata.get(key):
            continue
        words = gettext if key in VOCABULARY_FIELDS else str
        text = words(str(page.metadata[key]))
        if key in corrected:
            correction = corrected[key]
            published = correction["published_value"]
            text = gettext("{value} (corrected: the extract says {published}; source: {source})").format(
                value=text,
                published=f"“{words(published)}”" if published else gettext("nothing"),
                source=correction["source"],
            )
        rows.append((gettext(title), text))
    return rows


@router.get("/indicators/{indicator_id}", response_class=HTMLResponse)
def indicator(request: Request, indicator_id: int) -> HTMLResponse:
    page = page_of(request, indicator_id)
    state = PageState.of(request)
    rows = value_rows(page)
    bar = bar_spec(page, rows, state)
    trend = trend_rows(page)
    legend = sorted({r["benchmark"] or "Not compared" for r in rows})
    return render_page(
        request,
        "indicator.html",
        page=page,
        rows=rows,
        type_name=type_label(page.area_type),
        type_label=type_label,
        bar_svg=svg.bar(bar) if bar["data"]["values"] else None,
        trend_svg=svg.trend(trend_spec(page)) if trend else None,
        trend=[r for r in trend if r["series"] == (page.area.name if page.area else None)],
        comparator_trend={
            r["period"]: r["v"] for r in trend if r["series"] != (page.area.name if page.area else None)
        },
        legend=legend,
        parents=parent_choices(request, page),
        metadata=metadata_rows(page, corrections_of(request.app.state.engine, page.metadata)),
        places=decimals_for(page.values["value"]) if len(page.values) else 1,
        inequality=indicator_section(request, indicator_id, page.area, page.parent),
        approximate_boundaries=boundary_note(page.area_type) is not None,
    )


@router.get("/indicators/{indicator_id}/data.csv")
def indicator_csv(request: Request, indicator_id: int) -> Response:
    page = page_of(request, indicator_id)
    comparison = page.values.get("benchmark")
    return csv_response(page.values, f"indicator-{indicator_id}-{page.area_type}", comparison)


@router.get("/indicators/{indicator_id}/map.geojson")
def indicator_map(request: Request, indicator_id: int) -> JSONResponse:
    page = page_of(request, indicator_id)
    return JSONResponse(map_geojson(request, page, value_rows(page)))


@router.get("/indicators/{indicator_id}/charts/{name}.{fmt}")
def indicator_chart(request: Request, indicator_id: int, name: str, fmt: str) -> Response:
    page = page_of(request, indicator_id)
    rows = value_rows(page)
    filename = f"indicator-{indicator_id}-{name}"
    if name == "bar":
        return chart_response(bar_spec(page, rows, PageState.of(request)), fmt, filename, svg.bar)
    if name == "trend" and page.area is not None:
        return chart_response(trend_spec(page), fmt, filename, svg.trend)
    if name == "map":
        return chart_response(map_spec(request, page, rows), fmt, filename)
    raise NotFoundError(f"no chart {name!r} on this page")
