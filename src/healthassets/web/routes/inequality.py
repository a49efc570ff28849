"""Downloads of the "Inequality within an area" section (docs/adr/0055): the decile table as CSV
and the chart as SVG, PNG or its Vega-Lite spec, for an authority and an indicator. The section
itself is rendered inside the area profile and the indicator page (``web/inequality.py``,
``templates/_inequality.html``)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from healthassets.errors import NotFoundError
from healthassets.web import svg
from healthassets.web.context import display_name
from healthassets.web.i18n import current_language
from healthassets.web.inequality import chart_spec, csv_body, inequality_of
from healthassets.web.views import chart_response, csv_download

router = APIRouter()


@router.get("/areas/{code}/inequality/{indicator_id}/data.csv")
def inequality_csv(request: Request, code: str, indicator_id: int) -> Response:
    result = inequality_of(request, code, indicator_id)
    filename = f"{result.area.code}-inequality-{indicator_id}"
    return csv_download(csv_body(result), filename)


@router.get("/areas/{code}/inequality/{indicator_id}/charts/{name}.{fmt}")
def inequality_chart(request: Request, code: str, indicator_id: int, name: str, fmt: str) -> Response:
    result = inequality_of(request, code, indicator_id)
    if name != "deciles" or result.deciles.empty:
        raise NotFoundError(f"no chart {name!r} for this area and indicator")
    spec = chart_spec(result, display_name(result.area, current_language.get()))
    return chart_response(spec, fmt, f"{result.area.code}-inequality-{indicator_id}", svg.deciles)
