"""``/areas/{code}``: the area profile — domains, benchmarks, spine and radar charts — and its
downloads (CSV of the profile's values, SVG/PNG of every chart); ``/methods/statistical-neighbours``
says how its similar areas are found."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from healthassets.services.area_page import AreaPage, build_area_page
from healthassets.services.neighbours import neighbour_method
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
    decimals_for,
    value_text,
)

router = APIRouter()


def page_of(request: Request, code: str) -> AreaPage:
    params = request.query_params
    profile, comparator = params.get("profile") or None, params.get("comparator") or "england"
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
    area_name = display_name(page.area, current_language.get())
    england = gettext("England")
    data = []
    for record in page.scores.to_dict("records"):
        if pd.notna(record.get("score")):
            data.append({"domain": gettext(record["domain"]), "series": area_name, "score": record["score"]})
        if pd.notna(record.get("england")):
            data.append({"domain": gettext(record["domain"]), "series": england, "score": record["england"]})
    labels = {"area": area_name, "comparator": england, "description": gettext("Domain scores")}
    return charts.radar_chart(data, labels)


def domain_views(page: AreaPage, state: PageState) -> list[dict[str, Any]]:
    views = []
    first_asset_domain = next((name for name, _ in page.domains if name in page.unmapped), None)
    for number, (name, frame) in enumerate(page.domains, start=1):
        rows = row_views(frame) if len(frame) else []
        spec = spine_spec(page, rows, state) if rows else None
        unmapped = page.unmapped.get(name, [])
        views.append(
            {
                "number": number,
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
    return render_page(
        request,
        "area.html",
        page=page,
        domains=domain_views(page, state),
        radar_svg=svg.radar(radar) if page.scored_domains >= MIN_RADAR_DOMAINS else None,
        scores=page.scores.to_dict("records"),
        compare_url=compare_url(page, state),
        inequality=area_section(request, page.area),
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


@router.get("/areas/{code}/data.csv")
def area_csv(request: Request, code: str) -> Response:
    page = page_of(request, code)
    frames = [frame for _, frame in page.domains if len(frame)]
    values = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    comparison = values.get("england_benchmark")
    extra = {}
    if page.comparator == "region" and "region_benchmark" in values:
        # the page benchmarks against the region: the CSV carries that comparison too
        extra = {
            "Compared to Region value or percentiles": values["region_benchmark"],
            "Region value": values.get("region_value", pd.Series(np.nan, index=values.index)),
        }
    return csv_response(values, f"{page.area.code}-profile", comparison, extra)


@router.get("/areas/{code}/charts/{name}.{fmt}")
def area_chart(request: Request, code: str, name: str, fmt: str) -> Response:
    page = page_of(request, code)
    state = PageState.of(request)
    if name == "radar" and page.scored_domains >= MIN_RADAR_DOMAINS:
        return chart_response(radar_spec(page), fmt, f"{page.area.code}-domain-scores", svg.radar)
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
