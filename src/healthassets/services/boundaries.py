"""Boundaries of areas as GeoJSON: the store says which areas, the bundled boundary files
(:mod:`healthassets.geography.boundaries`) give their shapes; simplified (≈50 m) and cached for maps
in the browser."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from shapely import simplify
from shapely.geometry import mapping, shape

from healthassets.errors import NotFoundError
from healthassets.geography.boundaries import (
    APPROXIMATE_TYPES,
    FILE_OF_TYPE,
    NATIONAL_FILES,
    SMALL_AREA_NATIONAL,
    boundaries_of_type,
    feature_collection,
)
from healthassets.store import Engine, Session
from healthassets.store import areas as area_store

TOLERANCE_DEGREES = 0.0005

Bind = Engine | Session


def area_boundary(bind: Bind, code: str, data_dir: Path) -> dict[str, Any]:
    """The area's boundary as a one-feature GeoJSON FeatureCollection (``code``/``name`` properties,
    and ``approximate`` for wards: built from best-fit LSOAs, docs/adr/0049).

    England is the union of the regions. NotFoundError for an unknown area or one the bundled
    boundary files do not cover (GPs, PCNs, recoded NHS areas).
    """
    area = area_store.get_area(bind, code)
    shapes = boundaries_of_type(Path(data_dir), area.area_type) if _has_files(area.area_type) else {}
    if area.code not in shapes:
        raise NotFoundError(f"no boundary for {area.code} ({area.name})")
    return feature_collection(
        {area.code: shapes[area.code]}, {area.code: area.name}, _approximate([area.code], area.area_type)
    )


def boundaries_geojson(
    bind: Bind, area_type: str, data_dir: Path, *, within: str | None = None
) -> dict[str, Any]:
    """Boundaries of every area of a type or group (optionally only those inside ``within``) as a
    GeoJSON FeatureCollection, in name order; areas without a boundary are left out."""
    if within:
        members = area_store.children(bind, within, area_type)
    else:
        members = area_store.areas_of_type(bind, area_type)
    shapes: dict[str, Any] = {}
    names: dict[str, str] = {}
    approximate: dict[str, str] = {}
    for member in members:
        if not _has_files(member.area_type):
            continue
        source = boundaries_of_type(Path(data_dir), member.area_type)
        if member.code in source:
            shapes[member.code] = source[member.code]
            names[member.code] = member.name
            approximate.update(_approximate([member.code], member.area_type))
    return feature_collection(shapes, names, approximate)


def _approximate(codes: list[str], area_type: str) -> dict[str, str]:
    note = APPROXIMATE_TYPES.get(area_type)
    return dict.fromkeys(codes, note) if note else {}


def boundary_note(area_type: str) -> str | None:
    """How the bundled shapes of ``area_type`` were built when they are not the official
    boundaries ("approximate (built from best-fit LSOAs)" for wards), else None."""
    return APPROXIMATE_TYPES.get(area_type)


def _has_files(area_type: str) -> bool:
    if area_type == "country":
        return True
    return FILE_OF_TYPE.get(area_type, area_type) in NATIONAL_FILES or area_type in SMALL_AREA_NATIONAL


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
