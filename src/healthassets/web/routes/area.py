"""``/areas/{code}``: the area profile — domains, benchmarks, the spider chart of its indicators
against its country (docs/adr/0053), spine charts and domain scores — and its downloads (CSV of the
profile's values, SVG/PNG of every chart); ``/methods/statistical-neighbours`` says how its similar
areas are found."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from healthassets.indicators.display import decimals_for
from healthassets.services.area_page import AreaPage, build_area_page
from healthassets.services.assets_needs import offers_assets_and_needs
from healthassets.services.neighbours import neighbour_method
from healthassets.services.profiles import ENGLAND
from healthassets.web import charts, svg
from healthassets.web.context import PageState, display_name
from healthassets.web.i18n import current_language, format_number, gettext
from healthassets.web.inequality import area_section
from healthassets.web.pages import memoised, render_page
from healthassets.web.views import (
    benchmark_text,
    chart_colours,
    chart_response,
    ci_text,
    csv_response,
    value_text,
)

router = APIRouter()


def page_of(request: Request, code: str) -> AreaPage:
    params = request.query_params
    profile, comparator = params.get("profile") or None, params.get("comparator") or None
    return memoised(
        request,
        ("area", code.upper(), profile, comparator),
        lambda: build_area_page(
            request.app.state.engine,
            code,
            profile=profile,
            comparator=comparator,
            data_dir=request.app.state.data_dir,
        ),
    )


def row_views(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Table rows of one domain with formatted numbers and translated words."""
    out = []
    for record in frame.to_dict("records"):
        places = decimals_for(pd.Series([record.get("value")]))
        status = record.get("value_status")
        label = f"{record['indicator_name']}" + (
            f" ({gettext(record['sex'])})" if record["sex"] != "Persons" else ""
        )
        unit = record.get("unit")
        out.append(
            {
                **record,
                "unit": unit if isinstance(unit, str) and unit.strip() else None,
                "label": label,
                "value_text": value_text(record.get("value"), status, places),
                "count_text": format_number(record.get("count"), 0),
                "ci_text": ci_text(record.get("lower95_0cl"), record.get("upper95_0cl"), places),
                "comparator_text": format_number(record.get("comparator_value"), places),
                "benchmark_text": benchmark_text(record.get("comparator_benchmark")),
                "worst_text": format_number(record.get("worst"), places),
                "best_text": format_number(record.get("best"), places),
                "trend_text": gettext(record["trend"]) if isinstance(record.get("trend"), str) else "",
            }
        )
    return out


def spine_spec(page: AreaPage, rows: list[dict[str, Any]], state: PageState) -> dict[str, Any]:
    colours = chart_colours(state.palette)
    data = [
        {
            "label": r["label"][:60],
            **{k: r.get(k) for k in ("lowest_pos", "highest_pos", "q25_pos", "q75_pos", "marker_pos")},
            "benchmark": r["benchmark_text"],
            "value_text": r["value_text"],
            "benchmark_text": r["benchmark_text"],
        }
        for r in rows
        if pd.notna(r.get("lowest_pos"))
    ]
    labels = {
        "description": gettext(
            "Spine chart: each indicator's range across areas of the same type, worst on the left"
        ),
        "indicator": gettext("Indicator"),
        "value": gettext("Value"),
        "benchmark": gettext("Benchmark"),
    }
    return charts.spine_chart(data, colours, labels)


#: a radar chart of fewer than three axes is a line or a point, not a shape: a table says more
MIN_RADAR_DOMAINS = 3


def radar_spec(page: AreaPage) -> dict[str, Any]:
    """Domain scores of the area and its country (this project's method, docs/adr/0028)."""
    area_name = display_name(page.area, current_language.get())
    country = display_name(page.country, current_language.get()) if page.country else gettext("Country")
    data = []
    for record in page.scores.to_dict("records"):
        if pd.notna(record.get("score")):
            data.append({"domain": gettext(record["domain"]), "series": area_name, "score": record["score"]})
        if pd.notna(record.get("country")):
            data.append({"domain": gettext(record["domain"]), "series": country, "score": record["country"]})
    labels = {
        "area": area_name,
        "comparator": country,
        "description": gettext("Domain scores (this project's method)"),
    }
    return charts.radar_chart(data, labels)


#: a spoke label's width on the spider chart (px): the table beside it gives the full names
SPIDER_LABEL_LIMIT = 160


def spider_spec(page: AreaPage) -> dict[str, Any]:
    """The spider chart: each drawable spoke (scaled 0–100 against the country's areas' spread,
    best at the rim) for the area, and the country's value on the same spokes, dashed."""
    lang = current_language.get()
    area_name = display_name(page.area, lang)
    country = display_name(page.country, lang) if page.country else gettext("Country")
    data = []
    for spoke in spider_spokes(page):
        axis = f"{spoke['number']} {spoke['short']}"
        data.append({"domain": axis, "series": area_name, "score": 100 * spoke["scaled"]})
        if pd.notna(spoke["country_scaled"]):
            data.append({"domain": axis, "series": country, "score": 100 * spoke["country_scaled"]})
    labels = {
        "area": area_name,
        "comparator": country,
        "description": gettext("Spider chart: each indicator against the spread of the country's areas"),
    }
    return charts.radar_chart(data, labels, 720, label_limit=SPIDER_LABEL_LIMIT, tall=0.78)


def spider_spokes(page: AreaPage) -> list[dict[str, Any]]:
    """The spider rows that are drawn (a polarity and a spread to scale against)."""
    if page.spider.empty:
        return []
    drawn = page.spider[page.spider["scaled"].notna()]
    return list(drawn.to_dict("records"))


def spider_table(page: AreaPage) -> list[dict[str, Any]]:
    """The spider chart's data table: every row of the profile, drawn or not, formatted."""
    out = []
    for record in page.spider.to_dict("records") if not page.spider.empty else []:
        places = decimals_for(pd.Series([record["value"], record["lowest"], record["highest"]]))
        drawn = pd.notna(record["scaled"])
        out.append(
            {
                **record,
                "drawn": drawn,
                "value_text": format_number(record["value"], places) or gettext("No value"),
                "country_text": format_number(record["country_value"], places),
                "range_text": ci_text(record["lowest"], record["highest"], places),
                "scaled_text": format_number(100 * record["scaled"], 0) if drawn else "",
                "country_scaled_text": format_number(100 * record["country_scaled"], 0)
                if pd.notna(record["country_scaled"])
                else "",
            }
        )
    return out


#: fewer spokes than this draw a line or a triangle, not a profile: the table says more
MIN_SPIDER_SPOKES = 3


def domain_views(page: AreaPage, state: PageState) -> list[dict[str, Any]]:
    """Each domain of the profile: its key, name, description, rows (each with its placement) and
    spine chart."""
    views = []
    first_asset_domain = next((name for name, _ in page.domains if name in page.unmapped), None)
    for number, (name, frame) in enumerate(page.domains, start=1):
        layout = page.layout[number - 1] if number <= len(page.layout) else None
        rows = row_views(frame) if len(frame) else []
        for row in rows:
            row["placement"] = layout.placements.get(int(row["indicator_id"]), "") if layout else ""
        spec = spine_spec(page, rows, state) if rows else None
        unmapped = page.unmapped.get(name, [])
        views.append(
            {
                "number": number,
                "key": layout.key if layout else f"domain-{number}",
                "description": layout.description if layout else "",
                "name": name,
                # every asset measure of the domain is outside its coverage here: "not mapped"
                "not_mapped": name in page.asset_domains and bool(unmapped) and not rows,
                "unmapped": len(unmapped),
                "coverage": page.coverage if name == first_asset_domain else None,
                "rows": rows,
                "spine_svg": svg.spine(spec) if spec and spec["data"]["values"] else None,
            }
        )
    return views


@router.get("/areas/{code}", response_class=HTMLResponse)
def area(request: Request, code: str) -> HTMLResponse:
    page = page_of(request, code)
    state = PageState.of(request)
    radar = radar_spec(page)
    spokes = len(spider_spokes(page))
    return render_page(
        request,
        "area.html",
        page=page,
        domains=domain_views(page, state),
        radar_svg=svg.radar(radar) if page.scored_domains >= MIN_RADAR_DOMAINS else None,
        scores=page.scores.to_dict("records"),
        spider_svg=svg.radar(spider_spec(page)) if spokes >= MIN_SPIDER_SPOKES else None,
        spider_rows=spider_table(page),
        compare_url=compare_url(page, state),
        inequality=area_section(request, page.area),
        assets_and_needs=offers_assets_and_needs(page.area),
    )


def compare_url(page: AreaPage, state: PageState) -> str:
    """The tartan rug of this area and its first similar areas over the profile's indicators."""
    codes = [page.area.code, *[a.code for a in page.neighbours[:7]]]
    ids = list(
        dict.fromkeys(int(i) for _, frame in page.domains if len(frame) for i in frame["indicator_id"])
    )
    return state.url("/compare", [("areas", ",".join(codes)), ("indicators", ",".join(map(str, ids)))])


@router.get("/methods/statistical-neighbours", response_class=HTMLResponse)
def neighbours_method(request: Request) -> HTMLResponse:
    """How the area page's similar areas are found (docs/adr/0041)."""
    measures, k = neighbour_method()
    return render_page(request, "neighbours_method.html", measures=measures, k=k)


#: the CSV's name for each comparator kind (Fingertips' download says "Region")
CSV_COMPARATOR_TITLES = {"country": "Country", "region": "Region", "authority": "Parent authority"}


@router.get("/areas/{code}/data.csv")
def area_csv(request: Request, code: str) -> Response:
    page = page_of(request, code)
    frames = [frame for _, frame in page.domains if len(frame)]
    values = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    comparison = values.get("england_benchmark")
    extra = {}
    kind = page.comparator
    same_as_england = page.comparator_area is not None and page.comparator_area.code == ENGLAND
    if kind != "england" and not same_as_england and f"{kind}_benchmark" in values:
        # the page benchmarks against another comparator: the CSV carries that comparison too
        title = CSV_COMPARATOR_TITLES[kind]
        extra = {
            f"Compared to {title} value or percentiles": values[f"{kind}_benchmark"],
            f"{title} value": values.get(f"{kind}_value", pd.Series(np.nan, index=values.index)),
        }
    return csv_response(values, f"{page.area.code}-profile", comparison, extra)


@router.get("/areas/{code}/charts/{name}.{fmt}")
def area_chart(request: Request, code: str, name: str, fmt: str) -> Response:
    page = page_of(request, code)
    state = PageState.of(request)
    if name == "radar" and page.scored_domains >= MIN_RADAR_DOMAINS:
        return chart_response(radar_spec(page), fmt, f"{page.area.code}-domain-scores", svg.radar)
    if name == "spider" and len(spider_spokes(page)) >= MIN_SPIDER_SPOKES:
        return chart_response(
            spider_spec(page), fmt, f"{page.area.code}-{page.profile_slug}-spider", svg.radar
        )
    if name.startswith("spine-") and name[6:].isdigit():
        views = domain_views(page, state)
        number = int(name[6:])
        if 1 <= number <= len(views) and views[number - 1]["rows"]:
            return chart_response(
                spine_spec(page, views[number - 1]["rows"], state),
                fmt,
                f"{page.area.code}-spine-{number}",
                svg.spine,
            )
    from healthassets.errors import NotFoundError

    raise NotFoundError(f"no chart {name!r} on this page")
