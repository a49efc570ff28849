"""Boundaries for maps in the browser: simplified (≈50 m) GeoJSON of the areas of a type, cached."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from shapely import simplify
from shapely.geometry import mapping, shape
from sqlalchemy import Engine

from healthassets.store.areas import boundaries_geojson

TOLERANCE_DEGREES = 0.0005


@lru_cache(maxsize=64)
def _cached(engine: Engine, area_type: str, data_dir: Path, within: str | None) -> dict[str, Any]:
    collection = boundaries_geojson(engine, area_type, data_dir, within=within)
    for feature in collection["features"]:
        geometry = simplify(shape(feature["geometry"]), TOLERANCE_DEGREES, preserve_topology=True)
        feature["geometry"] = mapping(geometry)
    return collection


def simplified_boundaries(
    engine: Engine, area_type: str, data_dir: Path, within: str | None = None
) -> dict[str, Any]:
    """FeatureCollection (``code``, ``name``) of every area of ``area_type`` (inside ``within``)."""
    return _cached(engine, area_type, Path(data_dir), within)
