"""Trend chart, drawn straight to SVG from the Vega-Lite spec of
:func:`healthassets.web.charts.trend_chart`: periods along x (in the data's order, as a point scale
with padding ½), the value on a y axis from zero with nice ticks and grid lines, the area's 95 %
confidence band (shaded) and line with points (solid), the comparator's line (dashed), and a legend
naming both below. Periods whose value is missing are skipped, as the spec's ``isValid`` filters
do."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from healthassets.web.svg.base import (
    AXIS,
    GRID,
    INK,
    LABEL,
    circle,
    document,
    finite,
    fmt,
    line,
    nice_domain,
    rows,
    text,
    text_width,
    tick_text,
)

SERIES_COLOURS = ("#1d70b8", INK)
BAND = "#1d70b8"
POINT_RADIUS = 3.0
PAD = 5


def _series(spec: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    for layer in spec.get("layer") or ():
        colour = (layer.get("encoding") or {}).get("color")
        if isinstance(colour, Mapping) and isinstance(colour.get("scale"), Mapping):
            return list(colour["scale"].get("domain") or ()), list(
                colour["scale"].get("range") or SERIES_COLOURS
            )
    return [], list(SERIES_COLOURS)


def _titles(spec: Mapping[str, Any]) -> tuple[str, str]:
    x_title = y_title = ""
    for layer in spec.get("layer") or ():
        encoding = layer.get("encoding") or {}
        x_title = x_title or str((encoding.get("x") or {}).get("title") or "")
        y_title = y_title or str((encoding.get("y") or {}).get("title") or "")
    return x_title, y_title


def trend(spec: Mapping[str, Any]) -> str:
    """The trend chart's SVG markup (``aria-hidden``: the page's table gives the same values)."""
    data = rows(spec)
    names, colours = _series(spec)
    x_title, y_title = _titles(spec)
    width, height = float(spec.get("width") or 520), float(spec.get("height") or 260)
    periods = list(dict.fromkeys(str(r.get("period")) for r in data))
    lo, hi, ticks = nice_domain(
        [float(r[k]) for r in data for k in ("v", "lower", "upper") if finite(r.get(k))],
        max(int(height / 40), 2),
    )
    tick_labels = [tick_text(t, ticks) for t in ticks]
    left = PAD + 16 + max((text_width(t) for t in tick_labels), default=0) + 7
    top = PAD + 6
    step = width / max(len(periods), 1)
    widest = max((text_width(p) for p in periods), default=0)
    rotate = widest > step - 6
    label_room = (widest if rotate else 12) + 8

    def x(period: str) -> float:
        return left + step * (periods.index(period) + 0.5)

    def y(value: float) -> float:
        return top + height - (value - lo) / (hi - lo) * height

    bottom = top + height
    parts = []
    for t, label in zip(ticks, tick_labels, strict=True):
        parts.append(line(left, y(t), left + width, y(t), GRID))
        parts.append(line(left - 5, y(t), left, y(t), AXIS))
        parts.append(text(left - 7, y(t) + 4, label, "end", fill=LABEL))
    parts.append(line(left, top, left, bottom, AXIS))
    parts.append(line(left, bottom, left + width, bottom, AXIS))
    for period in periods:
        px = x(period)
        parts.append(line(px, bottom, px, bottom + 5, AXIS))
        if rotate:
            parts.append(
                text(
                    px + 4,
                    bottom + 9,
                    period,
                    "end",
                    fill=LABEL,
                    transform=f"rotate(-90 {fmt(px + 4)} {fmt(bottom + 9)})",
                )
            )
        else:
            parts.append(text(px, bottom + 17, period, "middle", fill=LABEL))
    title_y = bottom + label_room + 14
    parts.append(text(left + width / 2, title_y, x_title, "middle", font_weight="bold", fill=LABEL))
    middle = top + height / 2
    parts.append(
        text(
            PAD + 10,
            middle,
            y_title,
            "middle",
            font_weight="bold",
            fill=LABEL,
            transform=f"rotate(-90 {fmt(PAD + 10)} {fmt(middle)})",
        )
    )
    band = [r for r in data if finite(r.get("lower")) and finite(r.get("upper"))]
    if band:
        upper = [f"{fmt(x(str(r['period'])))},{fmt(y(float(r['upper'])))}" for r in band]
        lower = [f"{fmt(x(str(r['period'])))},{fmt(y(float(r['lower'])))}" for r in reversed(band)]
        parts.append(
            f'<polygon class="band" points="{" ".join(upper + lower)}" fill="{BAND}" fill-opacity="0.2"/>'
        )
    legend_y = title_y + 22
    legend_x = left
    for k, name in enumerate(names):
        colour = colours[k % len(colours)]
        dash = ' stroke-dasharray="6,3"' if k else ""
        points = [
            (x(str(r["period"])), y(float(r["v"])))
            for r in data
            if r.get("series") == name and finite(r.get("v"))
        ]
        if points:
            path = " ".join(f"{fmt(px)},{fmt(py)}" for px, py in points)
            parts.append(
                f'<polyline class="series" points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="2"{dash}/>'
            )
            parts.extend(circle(px, py, POINT_RADIUS, colour, **{"class": "point"}) for px, py in points)
        parts.append(line(legend_x, legend_y - 4, legend_x + 20, legend_y - 4, colour, 2, "6,3" if k else ""))
        parts.append(text(legend_x + 25, legend_y, name, fill=LABEL))
        legend_x += 25 + text_width(name) + 20
    total_width = max(left + width + PAD, legend_x)
    return document(math.ceil(total_width), math.ceil(legend_y + 8), parts)
