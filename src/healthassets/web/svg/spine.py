"""Spine chart: one horizontal spine per indicator, drawn straight to SVG from the Vega-Lite spec of
:func:`healthassets.web.charts.spine_chart` (its rows carry positions already scaled 0–1, worst on
the left). Each spine is the whole range across areas (light grey), the interquartile range (dark
grey), the comparator as the black centre line at 0.5, and the area's marker in its benchmark colour —
the Fingertips spine chart's parts."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from healthassets.web.colours import COMPARATOR_LINE, SPINE_QUARTILES, SPINE_RANGE
from healthassets.web.svg.base import (
    AXIS,
    INK,
    LABEL,
    NOT_COMPARED,
    circle,
    colour_map,
    document,
    finite,
    fit,
    line,
    rect,
    rows,
    text,
)

STEP = 26
BAR = 14
LABEL_LIMIT = 260
PAD = 7
#: the marker's area in px², as the spec's point size (radius √(110/π) ≈ 5.9 px)
MARKER_RADIUS = math.sqrt(110 / math.pi)


def _span(row: Mapping[str, Any], a: str, b: str) -> tuple[float, float] | None:
    first, second = row.get(a), row.get(b)
    if not (finite(first) and finite(second)):
        return None
    lo, hi = sorted((_unit(first), _unit(second)))
    return lo, hi


def _unit(value: Any) -> float:
    return min(max(float(value), 0.0), 1.0)


def spine(spec: Mapping[str, Any]) -> str:
    """The spine chart's SVG markup (``aria-hidden``: the page's table gives the same data)."""
    data = rows(spec)
    colours = colour_map(spec)
    width = float(spec.get("width") or 300)
    fitted = [fit(str(r.get("label") or ""), LABEL_LIMIT) for r in data]
    labels = [label for label, _ in fitted]
    left = PAD + max((w for _, w in fitted), default=0) + 7
    height = PAD * 2 + STEP * max(len(data), 1)
    parts = [line(left, PAD, left, height - PAD, AXIS)]
    markers = []
    for i, (row, label) in enumerate(zip(data, labels, strict=True)):
        centre = PAD + STEP * i + STEP / 2
        parts.append(line(left - 5, centre, left, centre, AXIS))
        parts.append(text(left - 7, centre + 4, label, "end", fill=LABEL))
        for (a, b), fill in (
            (("lowest_pos", "highest_pos"), SPINE_RANGE),
            (("q25_pos", "q75_pos"), SPINE_QUARTILES),
        ):
            span = _span(row, a, b)
            if span:
                parts.append(
                    rect(left + span[0] * width, centre - BAR / 2, (span[1] - span[0]) * width, BAR, fill)
                )
        if finite(row.get("marker_pos")):
            colour = colours.get(str(row.get("benchmark")), NOT_COMPARED)
            cx = left + _unit(row["marker_pos"]) * width
            markers.append(
                circle(cx, centre, MARKER_RADIUS, colour, stroke=INK, stroke_width=1, **{"class": "marker"})
            )
    middle = left + width / 2
    parts.append(line(middle, PAD, middle, height - PAD, COMPARATOR_LINE, 2))
    return document(left + width + 5, height, [*parts, *markers])
