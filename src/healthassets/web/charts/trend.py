"""The trend chart of the indicator page: the chosen area's line with its 95 % band beside its
comparator's dashed line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from healthassets.web.charts.spec import CONFIG, SCHEMA, Rows, clean


def trend_chart(rows: Rows, labels: Mapping[str, str]) -> dict[str, Any]:
    """Long rows (``period``, ``series``, ``v``; ``lower``/``upper`` on the area's rows): the area's
    line with its 95 % CI band and the comparator's dashed line."""
    x = {"field": "period", "type": "ordinal", "sort": None, "title": labels.get("period", "Period")}
    y_title = labels.get("value", "Value")
    names = [labels.get("area", "Area"), labels.get("comparator", "Comparator")]
    return {
        "$schema": SCHEMA,
        "description": labels.get("description", ""),
        "width": 520,
        "height": 260,
        "data": {"values": clean(rows)},
        "layer": [
            {
                "transform": [{"filter": "isValid(datum.lower) && isValid(datum.upper)"}],
                "mark": {"type": "area", "opacity": 0.2, "color": "#1d70b8"},
                "encoding": {
                    "x": x,
                    "y": {"field": "lower", "type": "quantitative", "title": y_title},
                    "y2": {"field": "upper"},
                },
            },
            {
                "transform": [{"filter": "isValid(datum.v)"}],
                "mark": {"type": "line", "point": True},
                "encoding": {
                    "x": x,
                    "y": {"field": "v", "type": "quantitative", "title": y_title},
                    "color": {
                        "field": "series",
                        "type": "nominal",
                        "scale": {"domain": names, "range": ["#1d70b8", "#0b0c0c"]},
                        "title": None,
                    },
                    "strokeDash": {
                        "field": "series",
                        "type": "nominal",
                        "scale": {"domain": names, "range": [[1, 0], [6, 3]]},
                        "legend": None,
                    },
                    "tooltip": [
                        {"field": "period", "title": labels.get("period", "Period")},
                        {"field": "series", "title": labels.get("area", "Area")},
                        {"field": "v", "title": y_title, "format": ",.1f"},
                    ],
                },
            },
        ],
        "config": {**CONFIG, "legend": {"orient": "bottom"}},
    }
