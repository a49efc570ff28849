"""The inequality chart drawn straight to SVG from the Vega-Lite spec of
:func:`healthassets.web.charts.deciles_chart`: the title (the SII in words) above; one bar per
decile in the data's order (band slots, 10 % padding, as Vega-Lite's band scale) from zero on a y
axis with nice ticks and grid lines (negative values hang below zero); a black 95 % confidence
whisker per decile; the fitted SII line dashed through the slot centres with a point per decile;
the legend (bars, fitted line) below the x axis title."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from healthassets.web.svg.base import (
    AXIS,
    GRID,
    INK,
    LABEL,
    channel,
    circle,
    document,
    fit,
    fmt,
    line,
    nice_domain,
    number,
    rect,
    rows,
    text,
    text_width,
    tick_text,
)

PAD = 5
BAND_PADDING = 0.1
POINT_RADIUS = 3.0


def _legend(spec: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(name, colour) of the colour scale every layer shares (bars first, then the fitted line)."""
    for layer in spec.get("layer") or ():
        colour = (layer.get("encoding") or {}).get("color")
        if isinstance(colour, Mapping) and isinstance(colour.get("scale"), Mapping):
            scale = colour["scale"]
            return list(zip(scale.get("domain") or (), scale.get("range") or (), strict=False))
    return []


def _has_line(spec: Mapping[str, Any]) -> bool:
    return any((layer.get("mark") or {}).get("type") == "line" for layer in spec.get("layer") or ())


def deciles(spec: Mapping[str, Any]) -> str:
    """The inequality chart's SVG markup (``aria-hidden``: the page's table gives the same values)."""
    data = rows(spec)
    width, height = float(spec.get("width") or 480), float(spec.get("height") or 260)
    title = str((spec.get("title") or {}).get("text") or "")
    x_title = str(channel(spec, "x").get("title") or "")
    y_title = str(channel(spec, "y").get("title") or "")
    legend = _legend(spec)
    show_line = _has_line(spec)
    known = [
        v for r in data for k in ("value", "lower", "upper", "fitted") if (v := number(r.get(k))) is not None
    ]
    lo, hi, ticks = nice_domain(known, max(int(height / 40), 2))
    left = PAD + 16 + max((text_width(tick_text(t, ticks)) for t in ticks), default=0) + 7
    top = PAD + (30 if title else 4)
    slot = width / max(len(data), 1)

    def y(value: float) -> float:
        return top + height - (value - lo) / (hi - lo) * height

    def x(i: int) -> float:
        return left + slot * (i + 0.5)

    parts = [text(PAD, PAD + 12, fit(title, left + width - PAD)[0], fill=LABEL)] if title else []
    parts += _y_axis(left, width, top, height, ticks, y)
    bottom = top + height
    bar_colour = legend[0][1] if legend else "#1d70b8"
    line_colour = legend[1][1] if len(legend) > 1 else INK
    fitted_points = []
    for i, row in enumerate(data):
        value = number(row.get("value"))
        if value is not None:
            y0, y1 = sorted((y(0.0), y(value)))
            bar = slot * (1 - BAND_PADDING)
            parts.append(
                rect(
                    x(i) - bar / 2,
                    y0,
                    bar,
                    y1 - y0,
                    bar_colour,
                    stroke=INK,
                    stroke_width=0.5,
                    **{"class": "bar"},
                )
            )
        lower, upper = number(row.get("lower")), number(row.get("upper"))
        if lower is not None and upper is not None:
            parts.append(line(x(i), y(lower), x(i), y(upper), INK))
        fitted = number(row.get("fitted"))
        if fitted is not None and show_line:
            fitted_points.append((x(i), y(fitted)))
        parts.append(line(x(i), bottom, x(i), bottom + 5, AXIS))
        parts.append(text(x(i), bottom + 17, str(row.get("decile", i + 1)), "middle", fill=LABEL))
    if fitted_points:
        path = " ".join(f"{fmt(px)},{fmt(py)}" for px, py in fitted_points)
        parts.append(
            f'<polyline class="fitted" points="{path}" fill="none" stroke="{line_colour}" '
            f'stroke-width="2" stroke-dasharray="6,3"/>'
        )
        parts.extend(
            circle(px, py, POINT_RADIUS, line_colour, **{"class": "point"}) for px, py in fitted_points
        )
    parts.append(text(left + width / 2, bottom + 34, x_title, "middle", font_weight="bold", fill=LABEL))
    middle = top + height / 2
    turn = f"rotate(-90 {fmt(PAD + 10)} {fmt(middle)})"
    parts.append(text(PAD + 10, middle, y_title, "middle", font_weight="bold", fill=LABEL, transform=turn))
    entries = legend if show_line else legend[:1]
    legend_parts, legend_right = _legend_row(left, bottom + 56, entries)
    total_width = max(left + width + PAD, legend_right + PAD)
    return document(math.ceil(total_width), math.ceil(bottom + 66), [*parts, *legend_parts])


def _y_axis(
    left: float, width: float, top: float, height: float, ticks: list[float], y: Callable[[float], float]
) -> list[str]:
    """Grid lines, the y axis with its ticks and labels, and the x axis line."""
    parts = []
    for t in ticks:
        parts += [line(left, y(t), left + width, y(t), GRID), line(left - 5, y(t), left, y(t), AXIS)]
        parts.append(text(left - 7, y(t) + 4, tick_text(t, ticks), "end", fill=LABEL))
    parts.append(line(left, top, left, top + height, AXIS))
    parts.append(line(left, top + height, left + width, top + height, AXIS))
    if ticks[0] < 0 < ticks[-1]:  # bars hang from zero: mark it
        parts.append(line(left, y(0.0), left + width, y(0.0), AXIS))
    return parts


def _legend_row(x: float, y: float, entries: list[tuple[str, str]]) -> tuple[list[str], float]:
    """The legend in one row: a square for the bars, a dashed line for the fitted line."""
    parts = []
    for k, (name, colour) in enumerate(entries):
        if k == 0:
            parts.append(rect(x, y - 9, 10, 10, colour, stroke=INK, stroke_width=0.5))
        else:
            parts.append(line(x, y - 4, x + 20, y - 4, colour, 2, "6,3"))
        offset = 14 if k == 0 else 25
        parts.append(text(x + offset, y, name, fill=LABEL))
        x += offset + text_width(name) + 20
    return parts, x
