"""Tartan rug, drawn straight to SVG from the Vega-Lite spec of
:func:`healthassets.web.charts.rug_chart`: areas as columns (names on top), indicators as rows
(names on the left), each cell filled with its benchmark colour and printing the value in the
cell's contrasting text colour; the benchmark legend below in one row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from healthassets.web.svg.base import (
    INK,
    LABEL,
    NOT_COMPARED,
    channel,
    colour_map,
    document,
    fit,
    fmt,
    rect,
    rows,
    text,
    text_width,
    truncate,
)

COLUMN = 90
ROW = 28
COLUMN_LABEL_LIMIT = 88
ROW_LABEL_LIMIT = 280
PAD = 5


def rug(spec: Mapping[str, Any]) -> str:
    """The tartan rug's SVG markup (``aria-hidden``: the page's table is the same grid)."""
    data = rows(spec)
    colours = colour_map(spec)
    legend_title = str(channel(spec, "color").get("title") or "")
    areas = list(dict.fromkeys(str(r.get("area_name") or "") for r in data))
    indicators = list(dict.fromkeys(str(r.get("indicator") or "") for r in data))
    fitted = [fit(name, ROW_LABEL_LIMIT) for name in indicators]
    labels = [label for label, _ in fitted]
    left = PAD + max((w for _, w in fitted), default=0) + 7
    top = PAD + 20
    parts = []
    for j, area in enumerate(areas):
        parts.append(
            text(left + COLUMN * (j + 0.5), top - 8, truncate(area, COLUMN_LABEL_LIMIT), "middle", fill=LABEL)
        )
    for i, label in enumerate(labels):
        parts.append(text(left - 7, top + ROW * (i + 0.5) + 4, label, "end", fill=LABEL))
    column = {name: j for j, name in enumerate(areas)}
    row = {name: i for i, name in enumerate(indicators)}
    for cell in data:
        cx = left + COLUMN * column[str(cell.get("area_name") or "")]
        cy = top + ROW * row[str(cell.get("indicator") or "")]
        fill = colours.get(str(cell.get("benchmark")), NOT_COMPARED)
        parts.append(rect(cx, cy, COLUMN, ROW, fill, stroke="#ffffff", stroke_width=2, **{"class": "cell"}))
        colour = str(cell.get("text_colour") or INK)
        parts.append(
            text(
                cx + COLUMN / 2,
                cy + ROW / 2 + 4,
                str(cell.get("value_text") or ""),
                "middle",
                fill=colour,
                font_size=11,
            )
        )
    bottom = top + ROW * max(len(indicators), 1)
    legend_y = bottom + 24
    parts.append(text(left, legend_y, legend_title, fill=LABEL, font_weight="bold"))
    x = left
    for label, colour in colours.items():
        parts.append(f'<circle cx="{fmt(x + 5)}" cy="{fmt(legend_y + 14)}" r="5" fill="{colour}"/>')
        parts.append(text(x + 14, legend_y + 18, label, fill=LABEL, font_size=11))
        x += 14 + text_width(label, 11) + 16
    width = max(left + COLUMN * max(len(areas), 1), x) + PAD
    return document(width, legend_y + 26, parts)
