"""A static map of areas straight to SVG (for print and PDF, where there is no Leaflet): each
feature of a GeoJSON FeatureCollection (WGS84 Polygon / MultiPolygon) filled with its ``colour``
property, projected equirectangularly with the longitude scaled by cos(mean latitude) — close to
true shape at the scale of an authority — and fitted to the box."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from healthassets.web.svg.base import document, esc, fmt


def _rings(geometry: Mapping[str, Any]) -> Iterator[list[list[float]]]:
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    for polygon in polygons:
        yield from polygon


def areas_map(geojson: Mapping[str, Any], width: float = 520, height: float = 420) -> str:
    """The SVG markup (``aria-hidden``: the page's tables give each area's group)."""
    features = list(geojson.get("features") or [])
    points = [p for f in features for ring in _rings(f.get("geometry") or {}) for p in ring]
    if not points:
        return document(width, height, [])
    lons, lats = [p[0] for p in points], [p[1] for p in points]
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
    return document(math.ceil(span_x * scale), math.ceil(span_y * scale), parts)
