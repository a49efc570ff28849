"""Chart images rendered on the server: a Vega-Lite/Vega spec (:mod:`healthassets.web.charts`) → SVG
or PNG with vl-convert (no browser, no network). Results are cached by the spec's JSON, so a page and
its downloads render once."""

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


def inline_svg(spec: dict[str, Any]) -> str:
    """The chart as SVG markup for embedding in a page (its XML prologue dropped, decorative to
    assistive technology: the figure around it names it and a table gives its data)."""
    svg = render(spec, "svg").decode()
    start = svg.find("<svg")
    return svg[start:].replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
