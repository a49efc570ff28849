"""Radar (spider) chart of domain scores 0–100, drawn straight to SVG from the Vega spec of
:func:`healthassets.web.charts.radar_chart`: one axis per domain (in the data's order, spread as
Vega's point scale over [−π, π] with padding ½: angle_i = −π + 2π(i + ½)/n), rings at 25/50/75/100,
the area's polygon (solid) and the comparator's (dashed) through the domains each has a score for,
domain labels outside the rim — moved apart so they never overlap — and a legend at the bottom
left."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from healthassets.web.svg.base import INK, LABEL, document, finite, fmt, line, text, text_width, truncate

RINGS = (25, 50, 75, 100)
LABEL_LIMIT = 190
#: vertical room for one label line (12 px text)
LABEL_GAP = 15
SERIES_COLOURS = ("#1d70b8", INK)


def _data(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    for block in spec.get("data") or ():
        if block.get("name") == "table":
            return list(block.get("values") or ())
    return []


def _series(spec: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    for scale in spec.get("scales") or ():
        if scale.get("name") == "color":
            return list(scale.get("domain") or ()), list(scale.get("range") or SERIES_COLOURS)
    return [], list(SERIES_COLOURS)


def _label_limit(spec: Mapping[str, Any]) -> float:
    """The spoke labels' width limit (the Vega text mark's ``limit``)."""
    for mark in spec.get("marks") or ():
        if mark.get("name") == "key-label":
            limit = ((mark.get("encode") or {}).get("enter") or {}).get("limit", {}).get("value")
            if finite(limit):
                return float(limit)
    return LABEL_LIMIT


def _radius(spec: Mapping[str, Any], width: float, height: float) -> float:
    for signal in spec.get("signals") or ():
        if signal.get("name") == "radius" and finite(signal.get("value")):
            return float(signal["value"])
    return min(width / 2 - 190, height / 2 - 45)


@dataclass
class _Label:
    """A domain label's anchor point (offsets from the centre), alignment and horizontal extent."""

    x: float
    y: float
    anchor: str
    left: float
    right: float

    def shares_columns(self, other: _Label) -> bool:
        return self.left < other.right and other.left < self.right


def _label_positions(
    labels: Sequence[str], angles: Sequence[float], radius: float
) -> list[tuple[float, float, str]]:
    """(x offset, baseline y offset, anchor) of each domain label: just outside the rim on its axis
    (aligned away from the centre, as the Vega spec's ``align``/``baseline`` rules do), then moved
    out — up in the top half, down in the bottom half, nearest the centre first — until it clears
    every label already placed that it shares columns with by ``LABEL_GAP``."""
    placed = []
    for text_, angle in zip(labels, angles, strict=True):
        cos, sin = math.cos(angle), math.sin(angle)
        anchor = "middle" if abs(cos) < 0.01 else "end" if cos < 0 else "start"
        shift = 4 if abs(sin) < 0.01 else 12 if sin > 0 else -2
        x, width = (radius + 8) * cos, text_width(text_)
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        placed.append(_Label(x, (radius + 8) * sin + shift, anchor, left, left + width))
    for sign in (-1, 1):  # -1: the top half (y < 0), moved up; 1: the bottom half, moved down
        done: list[_Label] = []
        for label in sorted((p for p in placed if (p.y < 0) == (sign < 0)), key=lambda p: sign * p.y):
            for other in sorted(done, key=lambda p: sign * p.y):
                if label.shares_columns(other) and sign * (label.y - other.y) < LABEL_GAP:
                    label.y = other.y + sign * LABEL_GAP
            done.append(label)
    return [(p.x, p.y, p.anchor) for p in placed]


def radar(spec: Mapping[str, Any]) -> str:
    """The radar chart's SVG markup (``aria-hidden``: the page's table gives the same scores)."""
    width, height = float(spec.get("width") or 600), float(spec.get("height") or 420)
    pad = float(spec.get("padding") or 0)
    cx, cy = width / 2, height / 2
    radius = _radius(spec, width - 2 * pad, height - 2 * pad)
    data = [r for r in _data(spec) if finite(r.get("score"))]
    domains = list(dict.fromkeys(str(r["domain"]) for r in data))
    names, colours = _series(spec)
    step = 2 * math.pi / max(len(domains), 1)
    angle = {d: -math.pi + step * (i + 0.5) for i, d in enumerate(domains)}
    parts = [
        f'<circle cx="{fmt(cx)}" cy="{fmt(cy)}" r="{fmt(radius * r / 100)}" fill="none" stroke="#dcdcdc"/>'
        for r in RINGS
    ]
    for d in domains:
        a = angle[d]
        parts.append(line(cx, cy, cx + radius * math.cos(a), cy + radius * math.sin(a), "#b1b4b6"))
    for k, name in enumerate(names):
        colour = colours[k % len(colours)]
        points = [
            (cx + radius * min(max(float(r["score"]), 0), 100) / 100 * math.cos(angle[str(r["domain"])]),
             cy + radius * min(max(float(r["score"]), 0), 100) / 100 * math.sin(angle[str(r["domain"])]))
            for r in data
            if r.get("series") == name
        ]  # fmt: skip
        if not points:
            continue
        dash = ' stroke-dasharray="6,3"' if k else ""
        path = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)
        parts.append(
            f'<polygon class="series" points="{path}" fill="{colour}" fill-opacity="0.08" stroke="{colour}" '
            f'stroke-width="2" stroke-linejoin="round"{dash}/>'
        )
    labels = [truncate(d, _label_limit(spec)) for d in domains]
    positions = _label_positions(labels, [angle[d] for d in domains], radius)
    for label, (dx, y, anchor) in zip(labels, positions, strict=True):
        parts.append(text(cx + dx, cy + y, label, anchor, fill=INK))
    for k, name in enumerate(names):
        y = height - pad - 50 + 14 * k + 6
        dash = "6,3" if k else ""
        colour = colours[k % len(colours)]
        parts.append(line(pad + 11, y, pad + 21, y, colour, 1.5, dash))
        parts.append(text(pad + 26, y + 4, name, fill=LABEL))
    return document(width, height, parts)
