"""The inequality chart of the area profile and the indicator page: an indicator's value in each of
an authority's local deprivation deciles (bars, 1 = most deprived on the left) with 95 % confidence
interval whiskers, and the slope index of inequality's fitted line through the deciles (dashed),
named in the title."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from healthassets.web.charts.spec import CONFIG, SCHEMA, Rows, clean

BAR = "#5694ca"  # GOV.UK light blue: one series (no benchmark colours), black whiskers show on it
LINE = "#d4351c"  # GOV.UK red: the fitted SII line


def deciles_chart(rows: Rows, labels: Mapping[str, str]) -> dict[str, Any]:
    """Rows (``decile``, ``value``, ``lower``, ``upper``, ``fitted``, ``value_text``, ``ci_text``):
    bars with whiskers and, where ``fitted`` is given, the SII line. ``labels``: ``decile`` and
    ``value`` (axis titles), ``bars`` and ``line`` (legend), ``title`` (the SII in words),
    ``description``."""
    names = [labels.get("bars", "Value"), labels.get("line", "Fitted line")]
    colour = {"type": "nominal", "scale": {"domain": names, "range": [BAR, LINE]}, "title": None}
    x = {
        "field": "decile",
        "type": "ordinal",
        "sort": None,
        "title": labels.get("decile", "Decile"),
        "axis": {"labelAngle": 0},
    }
    y_title = labels.get("value", "Value")
    tooltip = [
        {"field": "decile", "title": labels.get("decile", "Decile")},
        {"field": "value_text", "title": y_title},
        {"field": "ci_text", "title": labels.get("ci", "95% CI")},
    ]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "stroke": "#0b0c0c", "strokeWidth": 0.5},
            "encoding": {
                "x": x,
                "y": {"field": "value", "type": "quantitative", "title": y_title},
                "color": {"datum": names[0], **colour},
                "tooltip": tooltip,
            },
        },
        {
            "mark": {"type": "rule", "color": "#0b0c0c"},
            "encoding": {"x": x, "y": {"field": "lower", "type": "quantitative"}, "y2": {"field": "upper"}},
        },
    ]
    if any(row.get("fitted") is not None for row in clean(rows)):
        layers.append(
            {
                "transform": [{"filter": "isValid(datum.fitted)"}],
                "mark": {"type": "line", "point": True, "strokeDash": [6, 3], "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "y": {"field": "fitted", "type": "quantitative"},
                    "color": {"datum": names[1], **colour},
                },
            }
        )
    return {
        "$schema": SCHEMA,
        "description": labels.get("description", ""),
        "title": {"text": labels.get("title", ""), "anchor": "start", "fontSize": 12, "fontWeight": "normal"},
        "width": 480,
        "height": 260,
        "data": {"values": clean(rows)},
        "layer": layers,
        "config": {**CONFIG, "legend": {"orient": "bottom", "labelLimit": 400}},
    }
