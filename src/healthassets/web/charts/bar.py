"""The ordered bar chart of the indicator page: one bar per area, coloured by benchmark, with 95 %
confidence-interval whiskers and the comparator as a line."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from healthassets.web.charts.spec import CONFIG, SCHEMA, Rows, clean, colour_scale
from healthassets.web.colours import COMPARATOR_LINE


def bar_chart(
    rows: Rows,
    colours: Mapping[str, str],
    labels: Mapping[str, str],
    comparator: float | None,
    highlight: str | None = None,
) -> dict[str, Any]:
    """Ordered bars (``area_name``, ``value``, ``benchmark``) with 95 % CI whiskers (``lower``,
    ``upper``) and the comparator as a vertical line; the ``highlight`` area's name is bold (as
    Fingertips marks the chosen area)."""
    axis: dict[str, Any] = {"labelLimit": 220}
    if highlight:
        axis["labelFontWeight"] = {
            "condition": {"test": f"datum.value === {json.dumps(highlight)}", "value": "bold"},
            "value": "normal",
        }
    y = {"field": "area_name", "type": "nominal", "sort": None, "title": None, "axis": axis}
    x_title = labels.get("value", "Value")
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "stroke": "#0b0c0c", "strokeWidth": 0.5},
            "encoding": {
                "y": y,
                "x": {"field": "value", "type": "quantitative", "title": x_title},
                "color": {
                    "field": "benchmark",
                    "type": "nominal",
                    "scale": colour_scale(colours, rows),
                    "title": labels.get("benchmark", "Benchmark"),
                },
                "tooltip": [
                    {"field": "area_name", "title": labels.get("area", "Area")},
                    {"field": "value_text", "title": x_title},
                    {"field": "ci_text", "title": labels.get("ci", "95% CI")},
                    {"field": "benchmark_text", "title": labels.get("benchmark", "Benchmark")},
                ],
            },
        },
        {
            "mark": {"type": "rule", "color": "#0b0c0c"},
            "encoding": {"y": y, "x": {"field": "lower", "type": "quantitative"}, "x2": {"field": "upper"}},
        },
    ]
    if comparator is not None and not math.isnan(comparator):
        layers.append(
            {
                "mark": {"type": "rule", "color": COMPARATOR_LINE, "strokeDash": [6, 3], "strokeWidth": 2},
                "encoding": {"x": {"datum": comparator, "type": "quantitative"}},
            }
        )
    return {
        "$schema": SCHEMA,
        "description": labels.get("description", ""),
        "width": 420,
        "height": {"step": 16},
        "data": {"values": clean(rows)},
        "layer": layers,
        "config": CONFIG,
    }
