"""An index's ranks with their uncertainty drawn straight to SVG: the areas shown, in order of
nominal rank from left to right, each a dot at its nominal rank (y, 1 at the top) and a vertical
whisker from its 5th to its 95th percentile rank over the Monte Carlo draws
(:mod:`healthassets.indices.uncertainty`). The y axis runs from 1 to the number of areas ranked
in the country, so an authority's small areas show where they sit nationally."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from healthassets.web.svg.base import AXIS, LABEL, circle, document, line, rank_ticks, text

PAD = 8
WIDTH = 520.0
HEIGHT = 300.0
DOT = "#1d70b8"
WHISKER = "#6f777b"


def rank_interval_chart(table: pd.DataFrame, ranked: int, labels: Mapping[str, str]) -> str:
    """The SVG markup (``aria-hidden``: the page's table holds the same ranks). ``table`` has
    ``rank``, ``rank_lower``, ``rank_upper`` (rows without a rank are left out); ``ranked`` is the
    number of areas ranked (the y axis' end)."""
    shown = table[table["rank"].notna()].sort_values("rank", kind="stable")
    n = len(shown)
    left, top = PAD + 56.0, PAD + 6.0
    bottom, right = top + HEIGHT, left + WIDTH
    end = max(ranked, 1)

    def y(rank: np.ndarray | float) -> np.ndarray:
        return top + (np.asarray(rank, dtype=float) - 1) / max(end - 1, 1) * HEIGHT

    xs = left + (np.arange(n) + 0.5) / max(n, 1) * WIDTH
    parts = [line(left, top, left, bottom, AXIS), line(left, bottom, right, bottom, AXIS)]
    for tick in rank_ticks(end):
        parts += [
            line(left - 5, float(y(tick)), left, float(y(tick)), AXIS),
            text(left - 7, float(y(tick)) + 4, str(tick), "end", fill=LABEL),
        ]
    lower = y(shown["rank_lower"].to_numpy(dtype=float, na_value=np.nan))
    upper = y(shown["rank_upper"].to_numpy(dtype=float, na_value=np.nan))
    nominal = y(shown["rank"].to_numpy(dtype=float))
    for i in np.flatnonzero(~np.isnan(lower)):
        parts.append(line(xs[i], lower[i], xs[i], upper[i], WHISKER, 1.0 if n <= 200 else 0.5))
    radius = 3.0 if n <= 100 else 2.0
    parts += [circle(x, r, radius, DOT) for x, r in zip(xs, nominal, strict=True)]
    parts.append(text(left + WIDTH / 2, bottom + 20, labels["x"], "middle", font_weight="bold", fill=LABEL))
    middle = top + HEIGHT / 2
    turn = f"rotate(-90 {PAD + 8:.1f} {middle:.1f})"
    parts.append(text(PAD + 8, middle, labels["y"], "middle", font_weight="bold", fill=LABEL, transform=turn))
    parts.append(line(left, bottom + 36, left, bottom + 48, WHISKER, 1))
    parts.append(text(left + 8, bottom + 46, labels["interval"], fill=LABEL))
    return document(math.ceil(right + PAD), math.ceil(bottom + 58), parts)
