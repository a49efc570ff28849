"""``/compare?areas=…&indicators=…``: the tartan rug, its CSV and its SVG/PNG."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from healthassets.errors import InputError, NotFoundError
from healthassets.indicators.display import decimals_for
from healthassets.services.compare_page import ComparePage, build_compare_page
from healthassets.services.profiles import profile_domains
from healthassets.web import charts, svg
from healthassets.web.context import PageState
from healthassets.web.i18n import gettext
from healthassets.web.pages import render_page
from healthassets.web.views import (
    benchmark_text,
    chart_colours,
    chart_response,
    csv_response,
    value_text,
)

router = APIRouter()


def split(values: list[str]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def page_of(request: Request) -> ComparePage:
    params = request.query_params
    codes = split(params.getlist("areas"))
    ids_text = split(params.getlist("indicators"))
    bad = next((t for t in ids_text if not t.isdigit()), None)
    if bad is not None:
        raise InputError(f"{bad!r} is not an indicator id", column="indicators")
    return build_compare_page(request.app.state.engine, codes, [int(t) for t in ids_text])


def grid(page: ComparePage, state: PageState) -> list[dict[str, Any]]:
    """One row per indicator with a cell per area (value text, label, colours)."""
    colours = state.template_globals()["colours"]
    cells = {(r["indicator_id"], r["area_code"]): r for r in page.cells.to_dict("records")}
    rows = []
    for indicator in page.indicators.to_dict("records"):
        places = (
            decimals_for(page.cells.loc[page.cells["indicator_id"] == indicator["id"], "value"])
            if len(page.cells)
            else 1
        )
        row_cells = []
        for area in [*page.comparators, *page.areas]:
            cell = cells.get((indicator["id"], area.code))
            label = (cell or {}).get("benchmark") or "Not compared"
            background, text = colours.get(label, colours["Not compared"])
            row_cells.append(
                {
                    "area": area,
                    "value_text": value_text(cell.get("value"), cell.get("value_status"), places)
                    if cell
                    else gettext("No value"),
                    "label": label,
                    "label_text": benchmark_text(label),
                    "background": background,
                    "text": text,
                    "period": (cell or {}).get("period", ""),
                    "comparator": area in page.comparators,
                }
            )
        rows.append({"indicator": indicator, "cells": row_cells})
    return rows


def rug_spec(page: ComparePage, rows: list[dict[str, Any]], state: PageState) -> dict[str, Any]:
    colours = chart_colours(state.palette)
    data = [
        {
            "indicator": str(row["indicator"]["name"])[:60],
            "area_name": cell["area"].name,
            "benchmark": cell["label_text"],
            "value_text": cell["value_text"],
            "text_colour": cell["text"],
        }
        for row in rows
        for cell in row["cells"]
    ]
    return charts.rug_chart(
        data, colours, {"benchmark": gettext("Benchmark"), "description": gettext("Tartan rug")}
    )


@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request) -> HTMLResponse:
    page = page_of(request)
    state = PageState.of(request)
    engine = request.app.state.engine
    domains = profile_domains(engine, None)
    from healthassets.services.profiles import indicator_metadata

    meta = indicator_metadata(engine)
    choices = [(i, meta.loc[i, "name"]) for _, ids in domains for i in ids if i in meta.index]
    return render_page(
        request,
        "compare.html",
        page=page,
        rows=grid(page, state),
        choices=choices,
        chosen_codes=",".join(a.code for a in page.areas),
        chosen_ids={int(i) for i in page.indicators["id"]} if len(page.indicators) else set(),
    )


@router.get("/compare/data.csv")
def compare_csv(request: Request) -> Response:
    page = page_of(request)
    comparison = page.cells.get("benchmark")
    return csv_response(page.cells, "compare", comparison)


@router.get("/compare/charts/{name}.{fmt}")
def compare_chart(request: Request, name: str, fmt: str) -> Response:
    page = page_of(request)
    if name != "rug":
        raise NotFoundError(f"no chart {name!r} on this page")
    state = PageState.of(request)
    return chart_response(rug_spec(page, grid(page, state), state), fmt, "tartan-rug", svg.rug)
