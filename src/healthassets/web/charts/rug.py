"""The tartan rug of the compare page: areas × indicators, each cell coloured by benchmark."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from healthassets.web.charts.spec import CONFIG, SCHEMA, Rows, clean, colour_scale


def rug_chart(rows: Rows, colours: Mapping[str, str], labels: Mapping[str, str]) -> dict[str, Any]:
    """Tartan rug: areas (columns) × indicators (rows), each cell coloured by benchmark with the value."""
    return {
        "$schema": SCHEMA,
        "description": labels.get("description", ""),
        "data": {"values": clean(rows)},
        "width": {"step": 90},
        "height": {"step": 28},
        "encoding": {
            "x": {
                "field": "area_name",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"orient": "top", "labelAngle": 0, "labelLimit": 88},
            },
            "y": {
                "field": "indicator",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"labelLimit": 280},
            },
        },
        "layer": [
            {
                "mark": {"type": "rect", "stroke": "#ffffff", "strokeWidth": 2},
                "encoding": {
                    "color": {
                        "field": "benchmark",
                        "type": "nominal",
                        "scale": colour_scale(colours, rows),
                        "title": labels.get("benchmark", "Benchmark"),
                    }
                },
            },
            {
                "mark": {"type": "text", "fontSize": 11},
                "encoding": {
                    "text": {"field": "value_text"},
                    "color": {"field": "text_colour", "type": "nominal", "scale": None},
                },
            },
        ],
        "config": {**CONFIG, "legend": {"orient": "bottom"}},
    }
