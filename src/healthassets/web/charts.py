"""Chart specifications in Vega-Lite (and Vega for the radar), built from page data.

The same spec is rendered to SVG/PNG on the server by vl-convert (so pages and downloads work
without JavaScript) and handed to vega-embed in the browser for tooltips. Pure functions: rows in,
JSON-able dict out. Colours come from :mod:`healthassets.web.colours`; ``labels`` carries the
translated axis titles.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from healthassets.web.colours import COMPARATOR_LINE, SPINE_QUARTILES, SPINE_RANGE

Rows = Sequence[Mapping[str, Any]]
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
VEGA_SCHEMA = "https://vega.github.io/schema/vega/v6.json"
FONT = {"font": "Arial, Helvetica, sans-serif"}
#: ARIA off: the SVG is decorative inside a named figure whose table gives the data (Vega's own
#: descriptions would read raw field names and unrounded numbers)
CONFIG = {"view": {"stroke": None}, **FONT, "axis": {"labelFontSize": 12, "titleFontSize": 12}, "aria": False}


def clean(rows: Rows) -> list[dict[str, Any]]:
    """Rows safe for JSON: NaN → None."""
    return [
        {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()} for row in rows
    ]


def colour_scale(colours: Mapping[str, str], rows: Rows = (), field: str = "benchmark") -> dict[str, Any]:
    """Benchmark label → colour, limited to the labels present in ``rows`` (all when none given)."""
    present = {row.get(field) for row in rows}
    labels = [label for label in colours if not rows or label in present]
    return {"domain": labels, "range": [colours[label] for label in labels]}


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


RADAR_X = "scale('radial', datum.score) * cos(scale('angular', datum.domain))"
RADAR_Y = "scale('radial', datum.score) * sin(scale('angular', datum.domain))"
RADAR_TOOLTIP = "datum.series + ' — ' + datum.domain + ': ' + format(datum.score, '.0f')"


def radar_chart(scores: Rows, labels: Mapping[str, str], size: int = 600) -> dict[str, Any]:
    """Vega radar (spider) chart of domain scores (0–100): ``domain``, ``series`` (area or country)
    and ``score``. Written in Vega because Vega-Lite has no polar line."""
    series_names = [labels.get("area", "Area"), labels.get("comparator", "England")]
    height = int(size * 0.7)
    radius = min(size / 2 - 190, height / 2 - 45)
    return {
        "$schema": VEGA_SCHEMA,
        "description": labels.get("description", ""),
        "width": size,
        "height": height,
        "padding": 10,
        "autosize": {"type": "none", "contains": "padding"},
        "signals": [{"name": "radius", "value": radius}],
        "data": [
            {"name": "table", "values": clean(scores)},
            {
                "name": "domains",
                "source": "table",
                "transform": [{"type": "aggregate", "groupby": ["domain"]}],
            },
            {"name": "rings", "values": [{"r": 25}, {"r": 50}, {"r": 75}, {"r": 100}]},
        ],
        "scales": [
            {
                "name": "angular",
                "type": "point",
                "range": {"signal": "[-PI, PI]"},
                "padding": 0.5,
                "domain": {"data": "table", "field": "domain"},
            },
            {
                "name": "radial",
                "type": "linear",
                "range": {"signal": "[0, radius]"},
                "zero": True,
                "domain": [0, 100],
            },
            {"name": "color", "type": "ordinal", "domain": series_names, "range": ["#1d70b8", "#0b0c0c"]},
        ],
        "encode": {"enter": {"x": {"signal": "width / 2"}, "y": {"signal": "height / 2"}}},
        "marks": [
            {
                "type": "group",
                "name": "categories",
                "zindex": 1,
                "from": {"facet": {"data": "table", "name": "facet", "groupby": ["series"]}},
                "marks": [
                    {
                        "type": "line",
                        "name": "category-line",
                        "from": {"data": "facet"},
                        "encode": {
                            "enter": {
                                "interpolate": {"value": "linear-closed"},
                                "x": {"signal": RADAR_X},
                                "y": {"signal": RADAR_Y},
                                "stroke": {"scale": "color", "field": "series"},
                                "strokeWidth": {"value": 2},
                                "strokeDash": {
                                    "signal": f"datum.series === '{series_names[1]}' ? [6, 3] : [1, 0]"
                                },
                                "fill": {"scale": "color", "field": "series"},
                                "fillOpacity": {"value": 0.08},
                                "tooltip": {"signal": RADAR_TOOLTIP},
                            }
                        },
                    }
                ],
            },
            {
                "type": "rule",
                "name": "radial-grid",
                "from": {"data": "domains"},
                "zindex": 0,
                "encode": {
                    "enter": {
                        "x": {"value": 0},
                        "y": {"value": 0},
                        "x2": {"signal": "radius * cos(scale('angular', datum.domain))"},
                        "y2": {"signal": "radius * sin(scale('angular', datum.domain))"},
                        "stroke": {"value": "#b1b4b6"},
                        "strokeWidth": {"value": 1},
                    }
                },
            },
            {
                "type": "symbol",
                "from": {"data": "rings"},
                "zindex": 0,
                "encode": {
                    "enter": {
                        "x": {"value": 0},
                        "y": {"value": 0},
                        "shape": {"value": "circle"},
                        "size": {"signal": "pow(2 * scale('radial', datum.r), 2)"},
                        "fill": {"value": None},
                        "stroke": {"value": "#dcdcdc"},
                    }
                },
            },
            {
                "type": "text",
                "name": "key-label",
                "from": {"data": "domains"},
                "zindex": 1,
                "encode": {
                    "enter": {
                        "x": {"signal": "(radius + 8) * cos(scale('angular', datum.domain))"},
                        "y": {"signal": "(radius + 8) * sin(scale('angular', datum.domain))"},
                        "text": {"field": "domain"},
                        "limit": {"value": 190},
                        "align": [
                            {"test": "abs(cos(scale('angular', datum.domain))) < 0.01", "value": "center"},
                            {"test": "cos(scale('angular', datum.domain)) < 0", "value": "right"},
                            {"value": "left"},
                        ],
                        "baseline": [
                            {"test": "abs(sin(scale('angular', datum.domain))) < 0.01", "value": "middle"},
                            {"test": "sin(scale('angular', datum.domain)) > 0", "value": "top"},
                            {"value": "bottom"},
                        ],
                        "fill": {"value": "#0b0c0c"},
                        "font": {"value": "Arial, Helvetica, sans-serif"},
                        "fontSize": {"value": 12},
                    }
                },
            },
        ],
        "legends": [
            {
                "stroke": "color",
                "orient": "none",
                "legendX": {"signal": "-width / 2 + 10"},
                "legendY": {"signal": "height / 2 - 50"},
                "labelFont": "Arial, Helvetica, sans-serif",
                "labelFontSize": 12,
                "symbolType": "stroke",
            }
        ],
    }
