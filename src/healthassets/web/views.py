"""Shared pieces of the page routes: translated labels, chart and CSV responses."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd
from fastapi import Response
from fastapi.responses import JSONResponse

from healthassets.errors import NotFoundError
from healthassets.indicators.disclosure import SUPPRESSED
from healthassets.io.csv_safety import csv_text
from healthassets.io.export import format_numbers, to_fingertips_frame
from healthassets.web.chart_images import Format, render, svg_to_png
from healthassets.web.i18n import format_number, gettext

#: benchmark and trend words the templates translate (listed so the catalogue test sees them)
BENCHMARK_LABELS = [
    "Better", "Similar", "Worse", "Higher", "Lower", "Not compared",
    "Lowest", "Low", "Middle", "High", "Highest", "Best", "Worst",
]  # fmt: skip


def benchmark_text(label: object) -> str:
    return gettext(str(label)) if isinstance(label, str) and label else gettext("Not compared")


def value_text(value: object, status: object, decimals: int = 1) -> str:
    if status == SUPPRESSED:
        return gettext("Suppressed")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return gettext("No value")
    return format_number(value, decimals)


def chart_response(
    spec: dict[str, Any], fmt: str, filename: str, draw: Callable[[dict[str, Any]], str] | None = None
) -> Response:
    """The chart as an SVG or PNG download, or its Vega spec as JSON (for the browser).

    With ``draw`` (a :mod:`healthassets.web.svg` renderer) the download is the page's own drawing —
    the SVG as inlined, the PNG rasterised from it — else vl-convert renders the spec (the map)."""
    if fmt == "json":
        return JSONResponse(spec)
    if fmt not in ("svg", "png"):
        raise NotFoundError(f"no {fmt!r} download: use svg or png")
    chosen: Format = "svg" if fmt == "svg" else "png"
    media = "image/svg+xml" if chosen == "svg" else "image/png"
    if draw is None:
        body = render(spec, chosen)
    else:
        drawn = draw(spec)
        body = drawn.encode() if chosen == "svg" else svg_to_png(drawn)
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{filename}.{chosen}"'}
    )


def csv_response(
    values: pd.DataFrame,
    filename: str,
    comparison: pd.Series | None = None,
    extra: dict[str, pd.Series] | None = None,
) -> Response:
    """Values in the Fingertips column layout; suppressed values say so in 'Value note'. ``extra``:
    further columns (Fingertips-style names) after the layout's, e.g. the region comparison."""
    frame = values.copy()
    if "value_status" in frame:
        note = frame.get("value_note", pd.Series("", index=frame.index)).fillna("")
        frame["value_note"] = note.where(
            frame["value_status"] != SUPPRESSED, "Value suppressed for disclosure control"
        )
    if comparison is not None:
        frame["compared_to_england"] = comparison.to_numpy()
    table = to_fingertips_frame(frame)
    for name, column in (extra or {}).items():
        table[name] = column.to_numpy()
    return csv_download(csv_text(format_numbers(table)), filename)


def csv_download(text: str, filename: str) -> Response:
    """A CSV the browser saves as ``filename``.csv."""
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )


def ci_text(lower: object, upper: object, decimals: int = 1) -> str:
    """'12.3 – 15.6', or '' without limits."""
    if lower is None or upper is None or pd.isna(lower) or pd.isna(upper):
        return ""
    return f"{format_number(lower, decimals)} – {format_number(upper, decimals)}"


def chart_colours(palette: str) -> dict[str, str]:
    """Benchmark colours keyed by the translated label: chart legends speak the page's language."""
    from healthassets.web.colours import colour_table

    return {gettext(label): colour for label, (colour, _text) in colour_table(palette).items()}  # type: ignore[arg-type]
