"""The SROI page's two charts drawn straight to SVG (``aria-hidden``: the page's tables hold the
same figures).

- **Tornado**: one row per (outcome, input) of the one-way sensitivity, largest swing at the top;
  a bar from the ratio with the input moved down to the ratio with it moved up, blue where the
  ratio falls and orange where it rises; the central ratio as a vertical line.
- **Histogram**: the Monte Carlo draws of the SROI ratio in equal bins, the median as a solid line
  and the 5th and 95th percentiles as dashed lines.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from healthassets.web.svg.base import (
    AXIS,
    GRID,
    INK,
    LABEL,
    document,
    fit,
    line,
    nice_domain,
    rect,
    text,
    x_axis,
)

ROW = 22
BAR = 14
LABEL_WIDTH = 260.0
PLOT = 360.0
PAD = 8
DOWN = "#1d70b8"
UP = "#f47738"
HIST = "#5694ca"


def tornado_chart(
    labels: Sequence[str], low: Sequence[float], high: Sequence[float], centre: float, title: str
) -> str:
    """Bars from ``low[i]`` to ``high[i]`` around ``centre``, labelled ``labels[i]``, top to bottom."""
    n = len(labels)
    lo, hi, ticks = nice_domain([*low, *high, centre], 5, zero=False)
    left, top = PAD + LABEL_WIDTH, PAD
    right, bottom = left + PLOT, top + n * ROW

    def x(value: float) -> float:
        return left + (value - lo) / (hi - lo) * PLOT if hi > lo else left + PLOT / 2

    parts = [line(x(t), top, x(t), bottom, GRID) for t in ticks]
    for i, (label, a, b) in enumerate(zip(labels, low, high, strict=True)):
        y = top + i * ROW + (ROW - BAR) / 2
        shown, _ = fit(label, LABEL_WIDTH - 10)
        parts.append(text(left - 8, y + BAR - 3, shown, "end", fill=LABEL))
        parts.append(rect(min(x(a), x(centre)), y, abs(x(centre) - x(a)), BAR, DOWN if a < centre else UP))
        parts.append(rect(min(x(b), x(centre)), y, abs(x(b) - x(centre)), BAR, UP if b > centre else DOWN))
    parts.append(line(x(centre), top - 4, x(centre), bottom + 4, INK, 1.5))
    parts.append(x_axis(left, right, bottom, lo, hi, ticks, title))
    return document(right + PAD * 3, bottom + 44, parts)


def histogram_chart(
    counts: np.ndarray, edges: np.ndarray, median: float, lower: float, upper: float, title: str
) -> str:
    """The draws' histogram with the median (solid) and the 90 % interval (dashed)."""
    height = 180.0
    left, top = PAD + 40.0, PAD + 4.0
    right, bottom = left + PLOT + LABEL_WIDTH / 2, top + height
    lo, hi = float(edges[0]), float(edges[-1])
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    tick_lo, tick_hi, ticks = nice_domain([lo, hi], 6, zero=False)
    lo, hi = min(lo, tick_lo), max(hi, tick_hi)
    tallest = max(int(np.max(counts)), 1)

    def x(value: float) -> float:
        return left + (value - lo) / (hi - lo) * (right - left)

    parts = [line(left, top, left, bottom, AXIS)]
    for count, a, b in zip(counts, edges[:-1], edges[1:], strict=True):
        h = count / tallest * height
        parts.append(rect(x(a) + 0.5, bottom - h, x(b) - x(a) - 1, h, HIST))
    for value, dash in ((median, ""), (lower, "4 3"), (upper, "4 3")):
        parts.append(line(x(value), top, x(value), bottom, INK, 1.5, dash))
    parts.append(x_axis(left, right, bottom, lo, hi, [t for t in ticks if lo <= t <= hi], title))
    return document(right + PAD * 3, bottom + 44, parts)
