"""The radar (spider) chart of the area profile: domain scores (0–100) of the area and of its
comparator on one polar grid. Written in Vega because Vega-Lite has no polar line."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from healthassets.web.charts.spec import FONT, VEGA_SCHEMA, Rows, clean

RADAR_X = "scale('radial', datum.score) * cos(scale('angular', datum.domain))"
RADAR_Y = "scale('radial', datum.score) * sin(scale('angular', datum.domain))"
RADAR_TOOLTIP = "datum.series + ' — ' + datum.domain + ': ' + format(datum.score, '.0f')"
#: the direction of a domain's spoke (unit circle)
COS = "cos(scale('angular', datum.domain))"
SIN = "sin(scale('angular', datum.domain))"
GRID_RINGS = [25, 50, 75, 100]
SERIES_COLOURS = ["#1d70b8", "#0b0c0c"]


def radar_chart(
    scores: Rows, labels: Mapping[str, str], size: int = 600, *, label_limit: int = 190, tall: float = 0.7
) -> dict[str, Any]:
    """Vega radar chart of ``scores`` rows (``domain`` — the spoke —, ``series`` — the area or its
    comparator — and ``score`` 0–100), ``size`` pixels wide and ``tall`` × ``size`` high, spoke
    labels cut at ``label_limit`` pixels; the comparator's outline is dashed."""
    series_names = [labels.get("area", "Area"), labels.get("comparator", "England")]
    height = int(size * tall)
    radius = min(size / 2 - label_limit, height / 2 - 45)
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
            {"name": "rings", "values": [{"r": r} for r in GRID_RINGS]},
        ],
        "scales": _scales(series_names),
        "encode": {"enter": {"x": {"signal": "width / 2"}, "y": {"signal": "height / 2"}}},
        "marks": [_series_outlines(series_names[1]), _spokes(), _rings(), _domain_labels(label_limit)],
        "legends": [_legend()],
    }


def _scales(series_names: list[str]) -> list[dict[str, Any]]:
    """Domains round the circle (angular), scores out from the centre (radial), series colours."""
    return [
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
        {"name": "color", "type": "ordinal", "domain": series_names, "range": SERIES_COLOURS},
    ]


def _series_outlines(comparator: str) -> dict[str, Any]:
    """One closed, lightly filled outline per series (the comparator's dashed), with tooltips."""
    return {
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
                            "signal": f"datum.series === {json.dumps(comparator)} ? [6, 3] : [1, 0]"
                        },
                        "fill": {"scale": "color", "field": "series"},
                        "fillOpacity": {"value": 0.08},
                        "tooltip": {"signal": RADAR_TOOLTIP},
                    }
                },
            }
        ],
    }


def _spokes() -> dict[str, Any]:
    """A grey spoke from the centre to the rim for each domain."""
    return {
        "type": "rule",
        "name": "radial-grid",
        "from": {"data": "domains"},
        "zindex": 0,
        "encode": {
            "enter": {
                "x": {"value": 0},
                "y": {"value": 0},
                "x2": {"signal": f"radius * {COS}"},
                "y2": {"signal": f"radius * {SIN}"},
                "stroke": {"value": "#b1b4b6"},
                "strokeWidth": {"value": 1},
            }
        },
    }


def _rings() -> dict[str, Any]:
    """Circles at the scores of :data:`GRID_RINGS`."""
    return {
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
    }


def _domain_labels(limit: int) -> dict[str, Any]:
    """Each domain's name just beyond the rim, aligned away from the centre."""
    return {
        "type": "text",
        "name": "key-label",
        "from": {"data": "domains"},
        "zindex": 1,
        "encode": {
            "enter": {
                "x": {"signal": f"(radius + 8) * {COS}"},
                "y": {"signal": f"(radius + 8) * {SIN}"},
                "text": {"field": "domain"},
                "limit": {"value": limit},
                "align": [
                    {"test": f"abs({COS}) < 0.01", "value": "center"},
                    {"test": f"{COS} < 0", "value": "right"},
                    {"value": "left"},
                ],
                "baseline": [
                    {"test": f"abs({SIN}) < 0.01", "value": "middle"},
                    {"test": f"{SIN} > 0", "value": "top"},
                    {"value": "bottom"},
                ],
                "fill": {"value": "#0b0c0c"},
                "font": {"value": FONT["font"]},
                "fontSize": {"value": 12},
            }
        },
    }


def _legend() -> dict[str, Any]:
    """The series key, bottom left."""
    return {
        "stroke": "color",
        "orient": "none",
        "legendX": {"signal": "-width / 2 + 10"},
        "legendY": {"signal": "height / 2 - 50"},
        "labelFont": FONT["font"],
        "labelFontSize": 12,
        "symbolType": "stroke",
    }
