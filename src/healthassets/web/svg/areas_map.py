"""A static map of areas straight to SVG (for print and PDF, where there is no Leaflet): each
feature of a GeoJSON FeatureCollection (WGS84 Polygon / MultiPolygon) filled with its ``colour``
property, projected equirectangularly with the longitude scaled by cos(mean latitude) — close to
true shape at the scale of an authority — and fitted to the box."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from healthassets.web.svg.base import circle, document, esc, fmt, text


def _rings(geometry: Mapping[str, Any]) -> Iterator[list[list[float]]]:
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    for polygon in polygons:
        yield from polygon


def areas_map(
    geojson: Mapping[str, Any],
    width: float = 520,
    height: float = 420,
    points: Sequence[tuple[float, float, str]] = (),
) -> str:
    """The SVG markup (``aria-hidden``: the page's tables give each area's group); ``points``
    (longitude, latitude, label) are drawn on top as labelled dots (the page lists them)."""
    features = list(geojson.get("features") or [])
    corners = [p for f in features for ring in _rings(f.get("geometry") or {}) for p in ring]
    if not corners:
        return document(width, height, [])
    lons, lats = [p[0] for p in corners], [p[1] for p in corners]
    squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * squeeze, 1e-9)
    span_y = max(max(lats) - min(lats), 1e-9)
    scale = min(width / span_x, height / span_y)
    west, north = min(lons), max(lats)

    def xy(point: list[float]) -> str:
        return f"{fmt((point[0] - west) * squeeze * scale)},{fmt((north - point[1]) * scale)}"

    parts = []
    for feature in features:
        properties = feature.get("properties") or {}
        path = " ".join(
            "M" + " L".join(xy(p) for p in ring) + " Z" for ring in _rings(feature.get("geometry") or {})
        )
        fill, name = esc(properties.get("colour") or "#ffffff"), esc(properties.get("name") or "")
        parts.append(
            f'<path d="{path}" fill="{fill}" stroke="#ffffff" stroke-width="0.6" fill-rule="evenodd">'
            f"<title>{name}</title></path>"
        )
    for lon, lat, label in points:
        x = min(max((lon - west) * squeeze * scale, 10), span_x * scale - 10)
        y = min(max((north - lat) * scale, 10), span_y * scale - 10)
        parts.append(circle(x, y, 9, "#0b0c0c", stroke="#ffffff", stroke_width=2))
        parts.append(text(x, y + 4, label, "middle", fill="#ffffff", font_weight="bold", font_size=10))
    return document(math.ceil(span_x * scale), math.ceil(span_y * scale), parts)
