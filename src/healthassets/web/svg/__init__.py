"""Direct SVG rendering of the page charts: a chart's Vega/Vega-Lite spec (built by
:mod:`healthassets.web.charts`, the same spec vega-embed draws in the browser) → SVG markup by plain
string building, in well under a millisecond per chart (vl-convert takes 50–100 ms; see
docs/adr/0045-direct-svg-charts.md). One module per chart kind; every function returns markup for
inlining in a page (``aria-hidden``, as the figure around it names it and a table holds its data)."""

from __future__ import annotations

from healthassets.web.svg.bar import bar
from healthassets.web.svg.deciles import deciles
from healthassets.web.svg.radar import radar
from healthassets.web.svg.rug import rug
from healthassets.web.svg.spine import spine
from healthassets.web.svg.trend import trend

__all__ = ["bar", "deciles", "radar", "rug", "spine", "trend"]
