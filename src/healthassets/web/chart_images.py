"""Chart images rendered on the server with vl-convert (no browser, no network): a Vega-Lite/Vega
spec (:mod:`healthassets.web.charts`) → SVG or PNG for the map's downloads (results cached by the
spec's JSON), and SVG markup → PNG for the downloads of the charts :mod:`healthassets.web.svg` draws
(docs/adr/0045-direct-svg-charts.md)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Literal

import vl_convert as vlc

Format = Literal["svg", "png"]


@lru_cache(maxsize=512)
def _render(spec_json: str, fmt: Format) -> bytes:
    spec = json.loads(spec_json)
    vega = "/schema/vega/" in spec.get("$schema", "")
    if fmt == "svg":
        text = vlc.vega_to_svg(spec) if vega else vlc.vegalite_to_svg(spec)
        return text.encode()
    data: bytes = vlc.vega_to_png(spec, scale=2) if vega else vlc.vegalite_to_png(spec, scale=2)
    return data


def render(spec: dict[str, Any], fmt: Format) -> bytes:
    """The chart as an SVG or PNG (twice the spec's size) image."""
    return _render(json.dumps(spec, sort_keys=True, default=str), fmt)


def svg_to_png(svg: str) -> bytes:
    """SVG markup rasterised at twice its size (sharp on high-density screens and in print)."""
    data: bytes = vlc.svg_to_png(svg, scale=2)
    return data


def inline_svg(spec: dict[str, Any]) -> str:
    """The chart as SVG markup for embedding in a page (its XML prologue dropped, decorative to
    assistive technology: the figure around it names it and a table gives its data)."""
    svg = render(spec, "svg").decode()
    start = svg.find("<svg")
    return svg[start:].replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
