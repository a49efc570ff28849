"""The static quadrant map and the rank scatter (web/svg/areas_map.py, web/svg/scatter.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd

from healthassets.web.svg.areas_map import areas_map
from healthassets.web.svg.scatter import _cuts, rank_scatter

LABELS = {"x": "Need rank", "y": "Assets rank", "interval": "interval"}


def square(code: str, west: float, colour: str) -> dict:
    ring = [[west, 53.0], [west + 0.1, 53.0], [west + 0.1, 53.1], [west, 53.1], [west, 53.0]]
    return {"type": "Feature", "properties": {"code": code, "name": f"<{code}>", "colour": colour},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}  # fmt: skip


def test_the_map_draws_each_area_in_its_colour_fitted_to_the_box() -> None:
    svg = areas_map(
        {
            "type": "FeatureCollection",
            "features": [square("A", -2.2, "#D55E00"), square("B", -2.1, "#009E73")],
        }
    )
    root = ET.fromstring(svg)
    paths = [e for e in root.iter() if e.tag.endswith("path")]
    assert [p.get("fill") for p in paths] == ["#D55E00", "#009E73"]
    assert float(root.get("width")) <= 520 and float(root.get("height")) <= 420
    assert "&lt;A&gt;" in svg  # names escaped
    assert areas_map({"type": "FeatureCollection", "features": []}).startswith("<svg")


def test_cut_lines_fall_after_the_first_and_last_groups() -> None:
    assert _cuts(10, 2) == [5]
    assert _cuts(10, 3) == [3, 6]  # ⌈3r/10⌉: group 1 = ranks 1–3, group 3 = ranks 7–10
    assert _cuts(100, 10) == [10, 90]
    assert _cuts(2, 3) == []


def test_the_scatter_draws_one_point_per_ranked_area_and_whiskers_where_simulated() -> None:
    table = pd.DataFrame({
        "need_rank": [1, 2, 3, 4], "assets_rank": [4, 3, 2, 1],
        "assets_rank_lower": pd.array([3, 2, None, 1], dtype="Int64"),
        "assets_rank_upper": pd.array([4, 4, None, 2], dtype="Int64"),
        "assets_rank_simulated": [True, True, False, True],
        "quadrant": ["priority", "priority", "thriving", None],
    })  # fmt: skip
    root = ET.fromstring(rank_scatter(table, 2, LABELS))
    circles = [e for e in root.iter() if e.tag.endswith("circle")]
    assert len(circles) == 3 and circles[0].get("fill") == "#D55E00"
