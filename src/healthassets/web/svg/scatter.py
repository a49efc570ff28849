"""The assets-vs-needs scatter drawn straight to SVG: each area's need rank (x, 1 = highest need,
at the left) against its assets rank (y, 1 = most assets, at the top), coloured by quadrant, with
the asset measure's 90 % rank interval as a vertical whisker and the cut lines (⌈G · r / n⌉ group
boundaries: r = n / G and r = n (G − 1) / G; one line at n / 2 for the median cut)."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from healthassets.web.svg.base import AXIS, LABEL, circle, document, line, rank_ticks, text

#: quadrant → fill: the Okabe–Ito colour-blind safe set (vermillion, orange, blue, bluish green);
#: grey between the cuts, white not mapped
QUADRANT_COLOURS = {
    "priority": "#D55E00",
    "build-on": "#E69F00",
    "protect": "#0072B2",
    "thriving": "#009E73",
    "middle": "#b1b4b6",
    "": "#ffffff",
}
PAD = 8
CUT_LINE = "#0b0c0c"
WIDTH = 520.0
HEIGHT = 360.0


def rank_scatter(table: pd.DataFrame, groups: int, labels: Mapping[str, str]) -> str:
    """The SVG markup (``aria-hidden``: the page's table holds the same ranks)."""
    shown = table[table["quadrant"].notna()]
    n = len(shown)
    left, top = PAD + 48.0, PAD + 6.0
    bottom, right = top + HEIGHT, left + WIDTH

    def x(rank: float) -> float:
        return left + (rank - 0.5) / max(n, 1) * WIDTH

    def y(rank: float) -> float:
        return top + (rank - 0.5) / max(n, 1) * HEIGHT

    parts = [line(left, top, left, bottom, AXIS), line(left, bottom, right, bottom, AXIS)]
    for tick in rank_ticks(n):
        parts += [
            line(x(tick), bottom, x(tick), bottom + 5, AXIS),
            text(x(tick), bottom + 17, str(tick), "middle", fill=LABEL),
        ]
        parts += [
            line(left - 5, y(tick), left, y(tick), AXIS),
            text(left - 7, y(tick) + 4, str(tick), "end", fill=LABEL),
        ]
    for cut in _cuts(n, groups):
        parts.append(line(x(cut + 0.5), top, x(cut + 0.5), bottom, CUT_LINE, 1.5, "6,3"))
        parts.append(line(left, y(cut + 0.5), right, y(cut + 0.5), CUT_LINE, 1.5, "6,3"))
    need = shown["need_rank"].to_numpy(dtype=float)
    assets = shown["assets_rank"].to_numpy(dtype=float)
    lower = shown["assets_rank_lower"].to_numpy(dtype=float, na_value=np.nan)
    upper = shown["assets_rank_upper"].to_numpy(dtype=float, na_value=np.nan)
    simulated = shown["assets_rank_simulated"].to_numpy(dtype=bool)
    for i in np.flatnonzero(simulated & ~np.isnan(lower)):
        parts.append(line(x(need[i]), y(lower[i]), x(need[i]), y(upper[i]), "#6f777b", 0.6))
    radius = 3.0 if n <= 400 else 2.0
    for quadrant, r_need, r_assets in zip(shown["quadrant"], need, assets, strict=True):
        parts.append(
            circle(
                x(r_need),
                y(r_assets),
                radius,
                QUADRANT_COLOURS.get(str(quadrant), "#b1b4b6"),
                stroke="#0b0c0c",
                **{"stroke-width": "0.4"},
            )
        )
    parts.append(text(left + WIDTH / 2, bottom + 36, labels["x"], "middle", font_weight="bold", fill=LABEL))
    middle = top + HEIGHT / 2
    turn = f"rotate(-90 {PAD + 8:.1f} {middle:.1f})"
    parts.append(text(PAD + 8, middle, labels["y"], "middle", font_weight="bold", fill=LABEL, transform=turn))
    parts.append(line(left, bottom + 52, left + 20, bottom + 52, "#6f777b", 1))
    parts.append(text(left + 26, bottom + 56, labels["interval"], fill=LABEL))
    return document(math.ceil(right + PAD), math.ceil(bottom + 66), parts)


def _cuts(n: int, groups: int) -> list[int]:
    """The last rank of the first group and of the last-but-one (one line for two groups)."""
    if n < groups:
        return []
    first = n // groups
    last = (groups - 1) * n // groups
    return sorted({first, last}) if groups > 2 else [first]
