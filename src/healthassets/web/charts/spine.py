"""The spine chart of the area profile: each indicator's range among the area's peers, its
interquartile range, the comparator at the centre and the area's marker coloured by benchmark."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from healthassets.web.charts.spec import CONFIG, SCHEMA, Rows, clean, colour_scale
from healthassets.web.colours import COMPARATOR_LINE, SPINE_QUARTILES, SPINE_RANGE


def spine_chart(
    rows: Rows, colours: Mapping[str, str], labels: Mapping[str, str], width: int = 300
) -> dict[str, Any]:
    """One spine per row: ``label``, ``lowest_pos``/``highest_pos`` (whole range), ``q25_pos``/``q75_pos``,
    ``marker_pos`` and ``benchmark``. The comparator is the centre line at 0.5."""
    data = clean(rows)
    y = {"field": "label", "type": "nominal", "sort": None, "title": None, "axis": {"labelLimit": 260}}
    lo = {"field": "range_lo", "type": "quantitative", "scale": {"domain": [0, 1]}, "axis": None}
    return {
        "$schema": SCHEMA,
        "description": labels.get("description", ""),
        "width": width,
        "height": {"step": 26},
        "data": {"values": data},
        "transform": [
            {"calculate": "min(datum.lowest_pos, datum.highest_pos)", "as": "range_lo"},
            {"calculate": "max(datum.lowest_pos, datum.highest_pos)", "as": "range_hi"},
            {"calculate": "min(datum.q25_pos, datum.q75_pos)", "as": "iqr_lo"},
            {"calculate": "max(datum.q25_pos, datum.q75_pos)", "as": "iqr_hi"},
        ],
        "layer": [
            {
                "mark": {"type": "bar", "color": SPINE_RANGE, "height": 14},
                "encoding": {"y": y, "x": lo, "x2": {"field": "range_hi"}},
            },
            {
                "mark": {"type": "bar", "color": SPINE_QUARTILES, "height": 14},
                "encoding": {"y": y, "x": {**lo, "field": "iqr_lo"}, "x2": {"field": "iqr_hi"}},
            },
            {
                "mark": {"type": "rule", "color": COMPARATOR_LINE, "strokeWidth": 2},
                "encoding": {"x": {"datum": 0.5, "type": "quantitative"}},
            },
            {
                "mark": {"type": "point", "filled": True, "size": 110, "stroke": "#0b0c0c", "strokeWidth": 1},
                "encoding": {
                    "y": y,
                    "x": {"field": "marker_pos", "type": "quantitative"},
                    "color": {
                        "field": "benchmark",
                        "type": "nominal",
                        "scale": colour_scale(colours, data),
                        "legend": None,
                    },
                    "shape": {"value": "circle"},
                    "tooltip": [
                        {"field": "label", "title": labels.get("indicator", "Indicator")},
                        {"field": "value_text", "title": labels.get("value", "Value")},
                        {"field": "benchmark_text", "title": labels.get("benchmark", "Benchmark")},
                    ],
                },
            },
        ],
        "config": CONFIG,
    }
