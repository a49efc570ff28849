"""What every chart specification shares: the schemas, the configuration (font, axes, ARIA off) and
the helpers that make rows JSON-safe and limit a colour scale to the labels shown."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

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
