"""``/areas/{code}/report`` (printable page) and ``/areas/{code}/report.pdf`` (the same HTML
rendered server-side by WeasyPrint, with page numbers and a contents list): an area's JSNAA report
(services/area_report.py, docs/adr/0062). English or Welsh with ``?lang=cy``."""

from __future__ import annotations

from typing import Any

import pandas as pd
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from healthassets.indicators.display import decimals_for
from healthassets.indices.quadrant import CUTS
from healthassets.services.area_report import PRIORITY_AREAS, AreaReport, area_report
from healthassets.web.context import PageState, display_name
from healthassets.web.i18n import current_language, format_day, gettext
from healthassets.web.pages import memoised, render_page, templates
from healthassets.web.routes.assets_needs import (
    number_text,
    priority_rows,
    quadrant_geojson,
    summary_rows,
    table_rows,
)
from healthassets.web.svg.areas_map import areas_map
from healthassets.web.svg.scatter import rank_scatter

router = APIRouter()


def report_of(request: Request, code: str) -> AreaReport:
    engine = request.app.state.engine
    return memoised(request, ("report", code.upper()), lambda: area_report(engine, code.upper()))


def profile_rows(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """One profile domain's rows as the report's table shows them."""
    out = []
    for row in rows.itertuples():
        country = getattr(row, "country_value", None)
        places = decimals_for(pd.Series([row.value, country], dtype=float))
        has_ci = pd.notna(row.lower95_0cl) and pd.notna(row.upper95_0cl)
        out.append(
            {
                "indicator_id": int(row.indicator_id),
                "name": row.indicator_name,
                "period": row.period,
                "value": number_text(row.value, places, "–"),
                "ci": f"{number_text(row.lower95_0cl, places)}–{number_text(row.upper95_0cl, places)}"
                if has_ci
                else "",
                "country_value": number_text(country, places, "–"),
                "benchmark": getattr(row, "country_benchmark", None) or "Not compared",
            }
        )
    return out


def context(request: Request, report: AreaReport) -> dict[str, Any]:
    view = report.assets_and_needs
    labels = {
        "x": gettext("Need rank (1 = highest need)"),
        "y": gettext("Assets rank (1 = most assets)"),
        "interval": gettext("90% rank interval of the asset measure"),
    }
    return {
        "report": report,
        "area_name_text": display_name(report.area, current_language.get()),
        "country_name": display_name(report.country, current_language.get()) if report.country else "",
        "made_on": format_day(report.made_on.isoformat()),
        "profiles": [
            (section, [(domain, profile_rows(rows)) for domain, rows in section.domains])
            for section in report.profiles
        ],
        "view": view,
        "summary": summary_rows(view) if view else [],
        "priority": priority_rows(table_rows(view))[:PRIORITY_AREAS] if view else [],
        "map_svg": areas_map(quadrant_geojson(request, view)) if view and view.compared else None,
        "scatter_svg": rank_scatter(view.table, CUTS[view.cut], labels) if view and view.compared else None,
    }


@router.get("/areas/{code}/report", response_class=HTMLResponse)
def report_page(request: Request, code: str) -> HTMLResponse:
    return render_page(request, "report.html", pdf=False, **context(request, report_of(request, code)))


@router.get("/areas/{code}/report.pdf")
def report_pdf(request: Request, code: str) -> Response:
    import weasyprint  # imported on use: it loads Pango

    report = report_of(request, code)
    html = templates.get_template("report.html").render(
        **_globals(request), pdf=True, **context(request, report)
    )
    pdf = weasyprint.HTML(string=html, base_url=str(request.base_url)).write_pdf()
    filename = f"{report.area.code}-report.pdf"
    return Response(
        pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{filename}"'}
    )


def _globals(request: Request) -> dict[str, Any]:
    return PageState.of(request).template_globals()
