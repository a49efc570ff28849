"""Trend chart, drawn straight to SVG from the Vega-Lite spec of
:func:`healthassets.web.charts.trend_chart`: periods along x (in the data's order, as a point scale
with padding ½), the value on a y axis from zero with nice ticks and grid lines, the area's 95 %
confidence band (shaded) and line with points (solid), the comparator's line (dashed), and a legend
naming both below. Periods whose value is missing are skipped, as the spec's ``isValid`` filters
do."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Frame:
    """The plot area: ``left``/``top`` corner, size, the y domain and each period's slot."""

    left: float
    top: float
    width: float
    height: float
    lo: float
    hi: float
    slots: dict[str, int]

    def x(self, period: object) -> float:
        return self.left + self.width / max(len(self.slots), 1) * (self.slots[str(period)] + 0.5)

    def y(self, value: float) -> float:
        return self.top + self.height - (value - self.lo) / (self.hi - self.lo) * self.height


def _axes(frame: Frame, ticks: list[float], titles: tuple[str, str]) -> tuple[list[str], float]:
    """Grid, both axes with ticks and labels (periods turned upright when they do not fit their
    slot), both titles; and the baseline of the x title."""
    left, right, bottom = frame.left, frame.left + frame.width, frame.top + frame.height
    parts = []
    for t in ticks:
        y = frame.y(t)
        parts += [line(left, y, right, y, GRID), line(left - 5, y, left, y, AXIS)]
        parts.append(text(left - 7, y + 4, tick_text(t, ticks), "end", fill=LABEL))
    parts += [line(left, frame.top, left, bottom, AXIS), line(left, bottom, right, bottom, AXIS)]
    widest = max((text_width(p) for p in frame.slots), default=0)
    rotate = widest > frame.width / max(len(frame.slots), 1) - 6
    for period in frame.slots:
        px = frame.x(period)
        parts.append(line(px, bottom, px, bottom + 5, AXIS))
        if rotate:
            turn = f"rotate(-90 {fmt(px + 4)} {fmt(bottom + 9)})"
            parts.append(text(px + 4, bottom + 9, period, "end", fill=LABEL, transform=turn))
        else:
            parts.append(text(px, bottom + 17, period, "middle", fill=LABEL))
    title_y = bottom + (widest if rotate else 12) + 22
    parts.append(text(left + frame.width / 2, title_y, titles[0], "middle", font_weight="bold", fill=LABEL))
    middle, turn = (
        frame.top + frame.height / 2,
        f"rotate(-90 {fmt(PAD + 10)} {fmt(frame.top + frame.height / 2)})",
    )
    parts.append(text(PAD + 10, middle, titles[1], "middle", font_weight="bold", fill=LABEL, transform=turn))
    return parts, title_y


def _band(frame: Frame, data: list[dict[str, Any]]) -> list[str]:
    """The shaded 95 % confidence band through the rows that have both limits."""
    band = [r for r in data if finite(r.get("lower")) and finite(r.get("upper"))]
    if not band:
        return []
    upper = [f"{fmt(frame.x(r['period']))},{fmt(frame.y(float(r['upper'])))}" for r in band]
    lower = [f"{fmt(frame.x(r['period']))},{fmt(frame.y(float(r['lower'])))}" for r in reversed(band)]
    return [f'<polygon class="band" points="{" ".join(upper + lower)}" fill="{BAND}" fill-opacity="0.2"/>']


def _lines(
    frame: Frame, data: list[dict[str, Any]], names: list[str], colours: list[str], legend_y: float
) -> tuple[list[str], float]:
    """Each series' line and points (the comparator dashed) and its legend entry; the legend's
    right edge."""
    parts, legend_x = [], frame.left
    for k, name in enumerate(names):
        colour, dash = colours[k % len(colours)], "6,3" if k else ""
        points = [
            (frame.x(r["period"]), frame.y(float(r["v"])))
            for r in data
            if r.get("series") == name and finite(r.get("v"))
        ]
        if points:
            path = " ".join(f"{fmt(px)},{fmt(py)}" for px, py in points)
            dashed = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polyline class="series" points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="2"{dashed}/>'
            )
            parts.extend(circle(px, py, POINT_RADIUS, colour, **{"class": "point"}) for px, py in points)
        parts.append(line(legend_x, legend_y - 4, legend_x + 20, legend_y - 4, colour, 2, dash))
        parts.append(text(legend_x + 25, legend_y, name, fill=LABEL))
        legend_x += 25 + text_width(name) + 20
    return parts, legend_x


def trend(spec: Mapping[str, Any]) -> str:
    """The trend chart's SVG markup (``aria-hidden``: the page's table gives the same values)."""
    data = rows(spec)
    names, colours = _series(spec)
    width, height = float(spec.get("width") or 520), float(spec.get("height") or 260)
    periods = list(dict.fromkeys(str(r.get("period")) for r in data))
    lo, hi, ticks = nice_domain(
        [float(r[k]) for r in data for k in ("v", "lower", "upper") if finite(r.get(k))],
        max(int(height / 40), 2),
    )
    left = PAD + 16 + max((text_width(tick_text(t, ticks)) for t in ticks), default=0) + 7
    frame = Frame(left, PAD + 6, width, height, lo, hi, {p: i for i, p in enumerate(periods)})
    axes, title_y = _axes(frame, ticks, _titles(spec))
    lines, legend_right = _lines(frame, data, names, colours, title_y + 22)
    total_width = max(left + width + PAD, legend_right)
    return document(math.ceil(total_width), math.ceil(title_y + 30), [*axes, *_band(frame, data), *lines])
