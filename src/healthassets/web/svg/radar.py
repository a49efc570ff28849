"""Radar (spider) chart of domain scores 0–100, drawn straight to SVG from the Vega spec of
:func:`healthassets.web.charts.radar_chart`: one axis per domain (in the data's order, spread as
Vega's point scale over [−π, π] with padding ½: angle_i = −π + 2π(i + ½)/n), rings at 25/50/75/100,
the area's polygon (solid) and the comparator's (dashed) through the domains each has a score for,
domain labels outside the rim — pushed apart vertically on each side so they never overlap — and a
legend at the bottom left."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from healthassets.web.svg.base import INK, LABEL, document, finite, fmt, line, text, truncate

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


def _radius(spec: Mapping[str, Any], width: float, height: float) -> float:
    for signal in spec.get("signals") or ():
        if signal.get("name") == "radius" and finite(signal.get("value")):
            return float(signal["value"])
    return min(width / 2 - 190, height / 2 - 45)


def _label_positions(angles: Sequence[float], radius: float, cy: float) -> list[tuple[float, float, str]]:
    """(x offset, baseline y, anchor) of each domain label, spread so neighbours on one side keep
    ``LABEL_GAP`` apart (a sweep down each side, then back up if it ran past the bottom)."""
    placed: list[tuple[float, float, str]] = []
    for angle in angles:
        cos, sin = math.cos(angle), math.sin(angle)
        anchor = "middle" if abs(cos) < 0.01 else "end" if cos < 0 else "start"
        shift = 4 if abs(sin) < 0.01 else 12 if sin > 0 else -2
        placed.append(((radius + 8) * cos, (radius + 8) * sin + shift, anchor))
    out = list(placed)
    for side in ("end", "start", "middle"):
        order = sorted((i for i, p in enumerate(placed) if p[2] == side), key=lambda i: placed[i][1])
        ys = [placed[i][1] for i in order]
        for k in range(1, len(ys)):
            ys[k] = max(ys[k], ys[k - 1] + LABEL_GAP)
        limit = cy - 4
        for k in range(len(ys) - 1, -1, -1):
            ys[k] = min(ys[k], limit)
            limit = ys[k] - LABEL_GAP
        for i, y in zip(order, ys, strict=True):
            out[i] = (placed[i][0], y, placed[i][2])
    return out


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
    positions = _label_positions([angle[d] for d in domains], radius, cy - pad)
    for d, (dx, y, anchor) in zip(domains, positions, strict=True):
        parts.append(text(cx + dx, cy + y, truncate(d, LABEL_LIMIT), anchor, fill=INK))
    for k, name in enumerate(names):
        y = height - pad - 50 + 14 * k + 6
        dash = "6,3" if k else ""
        colour = colours[k % len(colours)]
        parts.append(line(pad + 11, y, pad + 21, y, colour, 1.5, dash))
        parts.append(text(pad + 26, y + 4, name, fill=LABEL))
    return document(width, height, parts)
