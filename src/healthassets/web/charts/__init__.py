"""Chart specifications in Vega-Lite (and Vega for the radar), built from page data, one module per
chart: :mod:`.bar`, :mod:`.deciles`, :mod:`.spine`, :mod:`.radar`, :mod:`.trend`, :mod:`.rug`, :mod:`.map`.

The same spec is drawn as SVG on the server (:mod:`healthassets.web.svg` for the page charts and
their downloads, :mod:`healthassets.web.chart_images` for the map's; ADR 0045), so pages and
downloads work without JavaScript, and handed to vega-embed in the browser for tooltips. Pure
functions: rows in, JSON-able dict out. Colours come from :mod:`healthassets.web.colours`;
``labels`` carries the translated axis titles.
"""

from healthassets.web.charts.bar import bar_chart
from healthassets.web.charts.deciles import deciles_chart
from healthassets.web.charts.map import choropleth
from healthassets.web.charts.radar import radar_chart
from healthassets.web.charts.rug import rug_chart
from healthassets.web.charts.spec import clean, colour_scale
from healthassets.web.charts.spine import spine_chart
from healthassets.web.charts.trend import trend_chart

__all__ = [
    "bar_chart",
    "choropleth",
    "clean",
    "colour_scale",
    "deciles_chart",
    "radar_chart",
    "rug_chart",
    "spine_chart",
    "trend_chart",
]
