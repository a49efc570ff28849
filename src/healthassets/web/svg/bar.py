"""Ordered bar chart with 95 % confidence-interval whiskers, drawn straight to SVG from the Vega-Lite
spec of :func:`healthassets.web.charts.bar_chart`: one bar per area in the spec's order, filled with
its benchmark colour; a black whisker from the lower to the upper limit; the comparator as a dashed
vertical line; the chosen area's name in bold; an x axis from zero (bars grow left for negative
values) with nice ticks; the benchmark legend on the right."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from healthassets.web.colours import COMPARATOR_LINE
from healthassets.web.svg.base import (
    AXIS,
    GRID,
    INK,
    LABEL,
    NOT_COMPARED,
    channel,
    colour_map,
    datum,
    document,
    esc,
    fit,
    fmt,
    legend,
    legend_width,
    line,
    nice_domain,
    number,
    rows,
    x_axis,
)

STEP = 16
#: Vega-Lite's band padding (0.1 of each step is the gap between bars)
BAR = STEP * 0.9
LABEL_LIMIT = 220
PAD = 5


def highlighted(spec: Mapping[str, Any]) -> str | None:
    """The bold area's name, from the y axis's ``labelFontWeight`` condition (``datum.value === "…"``)."""
    axis = channel(spec, "y").get("axis") or {}
    weight = axis.get("labelFontWeight")
    test = weight.get("condition", {}).get("test", "") if isinstance(weight, Mapping) else ""
    if "=== " not in test:
        return None
    name = json.loads(test.split("=== ", 1)[1])
    return str(name)


def bar(spec: Mapping[str, Any]) -> str:
    """The bar chart's SVG markup (``aria-hidden``: the page's table gives the same values)."""
    data = rows(spec)
    colours = colour_map(spec)
    comparator = datum(spec, "x")
    bold = highlighted(spec)
    title = str(channel(spec, "x").get("title") or "")
    legend_title = str(channel(spec, "color").get("title") or "")
    width = float(spec.get("width") or 420)
    lo, hi, ticks = nice_domain(
        [v for r in data for k in ("value", "lower", "upper") if (v := number(r.get(k))) is not None]
        + ([comparator] if comparator is not None else []),
        max(int(width / 40), 2),
    )
    names = [str(r.get("area_name") or "") for r in data]
    fitted = [fit(n, LABEL_LIMIT, bold=n == bold) for n in names]
    labels = [label for label, _ in fitted]
    left = PAD + max((width for _, width in fitted), default=0) + 7
    plot_height = STEP * max(len(data), 1)
    top = PAD

    def x(value: float) -> float:
        return left + (value - lo) / (hi - lo) * width

    parts = [line(x(t), top, x(t), top + plot_height, GRID) for t in ticks]
    parts.append(line(left, top, left, top + plot_height, AXIS))
    ticks_path = []
    label_x, zero, half = fmt(left - 7), x(0.0), BAR / 2
    for i, (row, name, label) in enumerate(zip(data, names, labels, strict=True)):
        centre = top + STEP * i + STEP / 2
        weight = "bold" if name == bold else "normal"
        ticks_path.append(f"M{fmt(left - 5)},{fmt(centre)}h5")
        parts.append(
            f'<text x="{label_x}" y="{fmt(centre + 4)}" text-anchor="end" fill="{LABEL}" '
            f'font-weight="{weight}">{esc(label)}</text>'
        )
        value = number(row.get("value"))
        if value is not None:
            start, end = sorted((zero, x(value)))
            fill = colours.get(str(row.get("benchmark")), NOT_COMPARED)
            parts.append(
                f'<rect class="bar" x="{fmt(start)}" y="{fmt(centre - half)}" width="{fmt(end - start)}" '
                f'height="{fmt(BAR)}" fill="{fill}" stroke="{INK}" stroke-width="0.5"/>'
            )
        lower, upper = number(row.get("lower")), number(row.get("upper"))
        if lower is not None and upper is not None:
            parts.append(line(x(lower), centre, x(upper), centre, INK))
    parts.append(f'<path d="{"".join(ticks_path)}" stroke="{AXIS}"/>')
    if comparator is not None:
        parts.append(line(x(comparator), top, x(comparator), top + plot_height, COMPARATOR_LINE, 2, "6,3"))
    parts.append(x_axis(left, left + width, top + plot_height, lo, hi, ticks, title))
    items = [(label, colour) for label, colour in colours.items()]
    right = left + width + 18
    if items:
        parts.append(legend(right, top, legend_title, items, square=True))
    total_width = right + (legend_width(legend_title, items) if items else 0) + PAD
    return document(total_width, top + plot_height + 45, parts)
