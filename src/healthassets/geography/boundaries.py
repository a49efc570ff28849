"""Boundary GeoJSON: loading (plain or gzipped), England's outline, point-in-area.

Files (see data/README.md): national LAD/UTLA/region/combined-authority/ICB/sub-ICB files in
``data/boundaries/`` (and the approximate ward file built from best-fit LSOAs by
``scripts/build_ward_boundaries.py``, docs/adr/0049) and one LSOA and one MSOA file per North West
authority in ``data/geography/{lsoa21,msoa21}_north_west/``. Geometries are WGS84 longitude/latitude.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely
import shapely.errors
from shapely.geometry import mapping, shape
from shapely.strtree import STRtree

from healthassets.errors import InputError

#: boundary file (without .geojson[.gz]) and its code property, per area type
NATIONAL_FILES: dict[str, tuple[str, str]] = {
    "ltla": ("local_authority_districts_2024_uk_bsc", "LAD24CD"),
    "utla": ("counties_unitary_authorities_2023_uk_bsc", "CTYUA23CD"),
    "region": ("regions_2023_en_buc", "RGN23CD"),
    "combined-authority": ("combined_authorities_2023_en_buc", "CAUTH23CD"),
    "icb": ("integrated_care_boards_2023_en_bsc", "ICB23CD"),
    "sub-icb": ("sub_icb_locations_2023_en_bsc", "SICBL23CD"),
    "ward": ("wards_2024_bestfit_ew", "WD24CD"),
}
#: area types whose bundled shapes are not the official boundaries, and what they are instead
APPROXIMATE_TYPES: dict[str, str] = {"ward": "approximate (built from best-fit LSOAs)"}
SMALL_AREA_FOLDERS = {"lsoa": ("lsoa21_north_west", "LSOA21CD"), "msoa": ("msoa21_north_west", "MSOA21CD")}
#: England & Wales super-generalised small-area files in data/geography/ (maps only, not point-in-area)
SMALL_AREA_NATIONAL = {"lsoa": ("lsoa21_bsc_ew", "LSOA21CD"), "msoa": ("msoa21_bsc_ew", "MSOA21CD")}
#: the store's area types → the national file that holds them
FILE_OF_TYPE = {
    "unitary": "ltla",
    "metropolitan": "ltla",
    "london-borough": "ltla",
    "district": "ltla",
    "county": "utla",
}
#: ONS code properties are named <GEOGRAPHY><YY>CD (LAD24CD, LSOA21CD, CTYUA23CD…)
CODE_PROPERTY = re.compile(r"^[A-Z]+\d{0,2}CD$")


def read_geojson(path: Path) -> dict[str, Any]:
    """A GeoJSON document from ``path`` (``.geojson`` or ``.geojson.gz``)."""
    return _read_geojson_text(path)[0]


def _read_geojson_text(path: Path) -> tuple[dict[str, Any], str]:
    """The GeoJSON FeatureCollection at ``path`` parsed, and its text."""
    try:
        opener: Any = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            text = handle.read()
        document: dict[str, Any] = json.loads(text)
    except FileNotFoundError:
        raise InputError("boundary file not found", file=str(path)) from None
    except (json.JSONDecodeError, OSError, UnicodeDecodeError) as error:
        raise InputError(f"not a GeoJSON file ({error})", file=str(path)) from None
    if document.get("type") != "FeatureCollection" or not isinstance(document.get("features"), list):
        raise InputError("not a GeoJSON FeatureCollection", file=str(path))
    return document, text


def _all_geometries(text: str, features: list[dict[str, Any]]) -> np.ndarray | None:
    """Every feature's geometry parsed at once by GEOS (a national LSOA file in about a second,
    where one shape() per feature takes several), or None when some feature lacks a geometry or
    the file does not parse so (the caller then parses feature by feature, naming the bad one)."""
    if not features or any(not isinstance(f.get("geometry"), dict) for f in features):
        return None
    try:
        parts = shapely.get_parts(shapely.from_geojson(text))
    except (shapely.errors.ShapelyError, ValueError, TypeError):
        return None
    return parts if len(parts) == len(features) else None


def find_file(folder: Path, stem: str) -> Path:
    for suffix in (".geojson.gz", ".geojson"):
        candidate = folder / f"{stem}{suffix}"
        if candidate.exists():
            return candidate
    raise InputError("boundary file not found", file=str(folder / f"{stem}.geojson"))


def code_property_of(properties: Mapping[str, Any]) -> str | None:
    """The property holding the ONS area code (``LAD24CD``, ``LSOA21CD``…), or None."""
    return next((key for key in properties if CODE_PROPERTY.match(key)), None)


def load_boundaries(path: Path, code_property: str | None = None) -> dict[str, shapely.Geometry]:
    """{area code: geometry} from one file; features without the code property are an error.

    ``code_property`` defaults to the first feature's ``…CD`` property (ONS naming).
    """
    document, text = _read_geojson_text(path)
    if code_property is None:
        first = document["features"][0].get("properties") or {} if document["features"] else {}
        code_property = code_property_of(first)
        if code_property is None:
            raise InputError("no area code property (like LAD24CD) in the features", file=str(path))
    shapes: dict[str, shapely.Geometry] = {}
    parsed = _all_geometries(text, document["features"])
    for number, feature in enumerate(document["features"], start=1):
        code = (feature.get("properties") or {}).get(code_property)
        if not code:
            raise InputError(f"feature has no {code_property}", file=str(path), row=number)
        if str(code) in shapes:
            raise InputError(f"area {code} appears twice", file=str(path), row=number)
        if parsed is not None:
            shapes[str(code)] = parsed[number - 1]
            continue
        try:
            shapes[str(code)] = shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.ShapelyError) as error:
            raise InputError(f"invalid geometry ({error})", file=str(path), row=number) from None
    return shapes


def national_boundaries(data_dir: Path, area_type: str) -> dict[str, shapely.Geometry]:
    """Boundaries of a national area type ('ltla', 'utla', 'region', …); 'country' gives England
    as the union of the regions."""
    if area_type == "country":
        return {"E92000001": england_outline(national_boundaries(data_dir, "region"))}
    if area_type in SMALL_AREA_NATIONAL:
        stem, code = SMALL_AREA_NATIONAL[area_type]
        return load_boundaries(find_file(data_dir / "geography", stem), code)
    area_type = FILE_OF_TYPE.get(area_type, area_type)
    if area_type not in NATIONAL_FILES:
        raise InputError(f"no boundary file for area type {area_type!r}")
    stem, code = NATIONAL_FILES[area_type]
    return load_boundaries(find_file(data_dir / "boundaries", stem), code)


@lru_cache(maxsize=16)
def _cached_national(data_dir: Path, area_type: str) -> dict[str, shapely.Geometry]:
    return national_boundaries(data_dir, area_type)


def boundaries_of_type(data_dir: Path, area_type: str) -> Mapping[str, shapely.Geometry]:
    """:func:`national_boundaries`, read once per process (do not modify the mapping returned)."""
    return _cached_national(Path(data_dir).resolve(), area_type)


def dissolve(shapes: Iterable[shapely.Geometry]) -> shapely.Geometry:
    """One geometry covering all of ``shapes`` (their union)."""
    return shapely.union_all(np.asarray(list(shapes), dtype=object))


def england_outline(regions: Mapping[str, shapely.Geometry]) -> shapely.Geometry:
    """England as the union of its regions (E12…): the bundled files have no England polygon."""
    english = [shape for code, shape in regions.items() if code.startswith("E12")]
    if not english:
        raise InputError("no English region (E12) boundaries to dissolve into England")
    return dissolve(english)


def small_area_boundaries(
    data_dir: Path, area_type: str, authorities: Iterable[str]
) -> dict[str, shapely.Geometry]:
    """LSOA or MSOA boundaries of the given North West authorities."""
    folder, code = SMALL_AREA_FOLDERS[area_type]
    shapes: dict[str, shapely.Geometry] = {}
    for authority in authorities:
        shapes.update(load_boundaries(find_file(data_dir / "geography" / folder, authority), code))
    return shapes


def feature_collection(
    shapes: Mapping[str, shapely.Geometry],
    names: Mapping[str, str] | None = None,
    approximate: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of ``shapes`` with ``code`` (and ``name``) properties, and an
    ``approximate`` property saying how the shape was built where ``approximate`` has the code."""
    features = [
        {
            "type": "Feature",
            "properties": {
                "code": code,
                **({"name": names[code]} if names and code in names else {}),
                **({"approximate": approximate[code]} if approximate and code in approximate else {}),
            },
            "geometry": mapping(geometry),
        }
        for code, geometry in shapes.items()
    ]
    return {"type": "FeatureCollection", "features": features}


@dataclass
class AreaLocator:
    """Which area contains each point: an STRtree over the boundaries, queried in bulk."""

    codes: np.ndarray
    tree: STRtree

    @classmethod
    def from_shapes(cls, shapes: Mapping[str, shapely.Geometry]) -> AreaLocator:
        return cls(np.asarray(list(shapes)), STRtree(list(shapes.values())))

    def locate(self, longitude: Iterable[float], latitude: Iterable[float]) -> np.ndarray:
        """The code of the area containing each point (None where no area does)."""
        points = shapely.points(np.asarray(list(longitude), float), np.asarray(list(latitude), float))
        point_index, area_index = self.tree.query(points, predicate="intersects")
        out = np.full(len(points), None, dtype=object)
        # a point on a shared edge touches two areas: keep the one listed first
        order = np.lexsort((area_index, point_index))
        point_index, area_index = point_index[order], area_index[order]
        first = np.unique(point_index, return_index=True)[1]
        out[point_index[first]] = self.codes[area_index[first]]
        return out

    def nearest(self, longitude: Iterable[float], latitude: Iterable[float], within: float) -> np.ndarray:
        """The code of the nearest area to each point within ``within`` (in the coordinates'
        units, degrees), None where none is that close (ties: the area listed first)."""
        points = shapely.points(np.asarray(list(longitude), float), np.asarray(list(latitude), float))
        out = np.full(len(points), None, dtype=object)
        if not len(points):
            return out
        point_index, area_index = self.tree.query_nearest(points, max_distance=within)
        order = np.lexsort((area_index, point_index))
        point_index, area_index = point_index[order], area_index[order]
        first = np.unique(point_index, return_index=True)[1]
        out[point_index[first]] = self.codes[area_index[first]]
        return out
