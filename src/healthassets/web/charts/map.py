"""The benchmark map of the indicator page: each area's boundary filled by its benchmark."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from healthassets.web.charts.spec import CONFIG, SCHEMA, colour_scale


def choropleth(
    geojson: Mapping[str, Any], colours: Mapping[str, str], labels: Mapping[str, str]
) -> dict[str, Any]:
    """Areas filled by their ``benchmark`` property (a FeatureCollection with name/value properties)."""
    return {
        "$schema": SCHEMA,
        "description": labels.get("description", ""),
        "width": 520,
        "height": 480,
        "data": {"values": geojson, "format": {"type": "json", "property": "features"}},
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.6},
        "encoding": {
            "color": {
                "field": "properties.benchmark_text",
                "type": "nominal",
                "scale": colour_scale(
                    colours, [f["properties"] for f in geojson["features"]], "benchmark_text"
                ),
                "title": labels.get("benchmark", "Benchmark"),
            },
            "tooltip": [
                {"field": "properties.name", "title": labels.get("area", "Area")},
                {"field": "properties.value_text", "title": labels.get("value", "Value")},
                {"field": "properties.benchmark_text", "title": labels.get("benchmark", "Benchmark")},
            ],
        },
        "config": {**CONFIG, "legend": {"orient": "bottom"}},
    }
