"""The plan's alignment chart in the style of the Arup paper's Figure 3, drawn straight to SVG
(``aria-hidden``: the alignment table beside it holds the same facts).

The place sits in the centre; its priority assets on a ring around it (a dot coloured by
dimension, numbered); the projects on an outer ring (a square, lettered); each project joined to
the assets it aligns with by a solid line (strong: potential direct delivery) or a dashed line
(partial: potential partnership delivery). Labels are the numbers and letters the key lists.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from healthassets.web.svg.base import INK, circle, document, fit, line, rect, text

SIZE = 560.0
INNER = 150.0
OUTER = 245.0
#: one colour per Arup dimension, in the order of planning.plan.DIMENSIONS (GOV.UK palette)
DIMENSION_COLOURS = ("#1d70b8", "#f47738", "#912b88", "#505a5f", "#00703c", "#28a197")
STRONG, PARTIAL = "#0b0c0c", "#505a5f"


def _ring(count: int, radius: float, offset: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Points evenly round a circle of ``radius`` from the top, clockwise."""
    angle = -np.pi / 2 + offset + 2 * np.pi * np.arange(count) / max(count, 1)
    return SIZE / 2 + radius * np.cos(angle), SIZE / 2 + radius * np.sin(angle)


def project_letter(index: int) -> str:
    """A, B, … Z, AA, AB, … for the ``index``-th project (0-based)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def ring_chart(place: str, dimensions: Sequence[int], matrix: Sequence[Sequence[int]]) -> str:
    """``dimensions``: each priority asset's dimension position (0–5); ``matrix``: projects ×
    assets, 2 strong, 1 partial, 0 none."""
    n_assets, n_projects = len(dimensions), len(matrix)
    ax, ay = _ring(n_assets, INNER)
    px, py = _ring(n_projects, OUTER, offset=np.pi / max(n_projects, 1) if n_projects > 1 else 0.0)
    cells = np.asarray(matrix, dtype=np.int8).reshape(n_projects, n_assets)
    body = [circle(SIZE / 2, SIZE / 2, INNER, "none", stroke="#b1b4b6", stroke_width=1)]
    for p, a in zip(*np.nonzero(cells), strict=True):
        strong = cells[p, a] == 2
        body.append(
            line(px[p], py[p], ax[a], ay[a], STRONG if strong else PARTIAL, 2.5 if strong else 1.5,
                 "" if strong else "6 4")
        )  # fmt: skip
    body.append(circle(SIZE / 2, SIZE / 2, 58, "#f3f2f1", stroke=INK, stroke_width=1))
    label, _ = fit(place, 104, 13, bold=True)
    body.append(text(SIZE / 2, SIZE / 2 + 4, label, "middle", font_weight="bold", font_size=13))
    for a in range(n_assets):
        colour = DIMENSION_COLOURS[int(dimensions[a]) % len(DIMENSION_COLOURS)]
        body.append(circle(ax[a], ay[a], 14, colour, stroke="#fff", stroke_width=2))
        body.append(text(ax[a], ay[a] + 4, str(a + 1), "middle", fill="#fff", font_weight="bold"))
    for p in range(n_projects):
        body.append(rect(px[p] - 15, py[p] - 13, 30, 26, "#fff", stroke=INK, stroke_width=2))
        body.append(text(px[p], py[p] + 5, project_letter(p), "middle", font_weight="bold", font_size=13))
    return document(SIZE, SIZE, body)
