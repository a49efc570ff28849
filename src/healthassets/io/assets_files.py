"""Bulk asset files: CSV and GeoJSON import (all-or-nothing) and export.

CSV columns are :data:`healthassets.assets.records.ASSET_COLUMNS` (``name``, ``asset_type`` and
``dimensions`` required; lists ';'-separated; an ``id`` column, as exported, is ignored). GeoJSON
features carry the same names as properties (lists may be JSON arrays) and a Point geometry (a polygon
gives its centroid, or a point inside it). Every problem names the file, row (data row or feature
number, 1-based) and field; nothing is written unless the whole file is valid.

Export writes the same layout, so an export re-imports unchanged. ``public=True`` leaves out the
contact details (address, postcode, email, phone) of assets that are people.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from healthassets.assets.records import ASSET_COLUMNS, AssetTable, validate_assets
from healthassets.assets.vocabulary import Status
from healthassets.errors import ImportValidationError, InputError, RowProblem
from healthassets.io.assets import points_of
from healthassets.io.csv_files import read_csv
from healthassets.io.csv_safety import restore_formulas, write_csv

REQUIRED = ["name", "asset_type", "dimensions"]
IGNORED = {"id", "created_at", "updated_at", "deleted_at", "row"}
PERSONAL = ["address", "postcode", "email", "phone"]


def _check_columns(columns: list[str], file: str) -> None:
    problems = [RowProblem(0, c, "required column is missing", file) for c in REQUIRED if c not in columns]
    problems += [
        RowProblem(0, c, f"unknown column (expected some of: {', '.join(ASSET_COLUMNS)})", file)
        for c in columns
        if c not in ASSET_COLUMNS and c not in IGNORED
    ]
    if problems:
        raise ImportValidationError(problems, file=file)


def read_assets_csv(path: Path) -> pd.DataFrame:
    """An asset CSV as text columns with ``row`` (1-based data row); missing markers (NA, NaN,
    #N/A; ADR 0039) read as empty cells, a repeated column name an error."""
    file = str(path)
    table = restore_formulas(read_csv(path, text=True))  # a file this site exported reads as entered
    table.columns = [str(c).strip() for c in table.columns]
    _check_columns(list(table.columns), file)
    table["row"] = np.arange(1, len(table) + 1)
    return table


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def read_assets_geojson(path: Path) -> pd.DataFrame:
    """A GeoJSON FeatureCollection of assets as text columns with ``row`` (feature number)."""
    from healthassets.geography.boundaries import read_geojson

    file = str(path)
    features = read_geojson(path)["features"]
    names = sorted({k for f in features for k in (f.get("properties") or {})})
    _check_columns(names, file)
    records = [{k: _cell(v) for k, v in (f.get("properties") or {}).items()} for f in features]
    table = pd.DataFrame(records, columns=names, index=range(len(features))).fillna("")
    geometries = np.full(len(features), None, dtype=object)
    problems = []
    for i, feature in enumerate(features):
        if feature.get("geometry"):
            try:
                geometries[i] = shapely.geometry.shape(feature["geometry"])
            except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.ShapelyError) as error:
                problems.append(RowProblem(i + 1, "geometry", f"invalid geometry ({error})", file))
    if problems:
        raise ImportValidationError(problems, file=file)
    lon, lat = points_of(geometries)
    has_point = ~np.isnan(lat)
    table["latitude"] = np.where(has_point, [repr(float(v)) for v in lat], table.get("latitude", ""))
    table["longitude"] = np.where(has_point, [repr(float(v)) for v in lon], table.get("longitude", ""))
    table["row"] = np.arange(1, len(table) + 1)
    return table


def read_assets_file(
    path: Path,
    *,
    default_status: Status = Status.PUBLISHED,
    known_areas: set[str] | None = None,
    source: str | None = None,
) -> AssetTable:
    """Read and validate a .csv or .geojson/.json asset file; any problem raises
    ImportValidationError listing them all (nothing is written by the caller)."""
    suffix = "".join(Path(path).suffixes[-2:]).lower()
    if suffix.endswith(".csv"):
        frame = read_assets_csv(path)
    elif suffix.endswith((".geojson", ".json", ".geojson.gz")):
        frame = read_assets_geojson(path)
    else:
        raise InputError("not a .csv or .geojson file", file=str(path))
    if source:
        given = frame["source"] if "source" in frame else pd.Series("", index=frame.index)
        frame["source"] = given.where(given.str.strip() != "", source)
    table = validate_assets(frame, str(path), default_status=default_status, known_areas=known_areas)
    if table.problems:
        raise ImportValidationError(table.problems, file=str(path))
    return table


def export_frame(assets: pd.DataFrame, *, public: bool = True) -> pd.DataFrame:
    """Listed assets (:func:`healthassets.store.assets.list_assets`) in the import layout, ``id`` first."""
    out = pd.DataFrame({"id": assets["id"]})
    for column in ASSET_COLUMNS:
        values = assets[column] if column in assets else pd.Series("", index=assets.index)
        if column == "tags":
            values = values.map(lambda v: ";".join(v) if isinstance(v, list) else "")
        elif column in {"physical", "is_person"}:
            values = values.map(lambda v: "" if pd.isna(v) else ("yes" if bool(v) else "no"))
        elif column in {"consent_recorded_at", "last_verified_at"}:
            values = pd.to_datetime(values, utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        elif column in {"minimum_age", "maximum_age"}:
            values = pd.to_numeric(values).astype("Int64").astype("string")
        elif column in {"latitude", "longitude"}:
            values = values.map(lambda v: "" if pd.isna(v) else repr(float(v)))
        out[column] = values.astype(object).where(values.notna(), "")
    if public and "is_person" in assets:
        person = assets["is_person"].fillna(False).astype(bool).to_numpy()
        out.loc[person, PERSONAL] = ""
    return out


def write_assets_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write :func:`export_frame` output as CSV (formulas defused: io.csv_safety)."""
    write_csv(frame, path)


def to_geojson(frame: pd.DataFrame) -> dict[str, Any]:
    """:func:`export_frame` output as a GeoJSON FeatureCollection (assets without a point have
    ``geometry: null``)."""
    features = []
    records = frame.to_dict("records")
    for record in records:
        lat, lon = record.pop("latitude"), record.pop("longitude")
        geometry = (
            {"type": "Point", "coordinates": [float(lon), float(lat)]} if lat != "" and lon != "" else None
        )
        properties = {k: v for k, v in record.items() if v != ""}
        for key in ("dimensions", "five_ways", "tags", "served_areas"):
            if key in properties:
                properties[key] = str(properties[key]).split(";")
        features.append(
            {"type": "Feature", "id": record["id"], "properties": properties, "geometry": geometry}
        )
    return {"type": "FeatureCollection", "features": features}


def write_assets_geojson(frame: pd.DataFrame, path: Path) -> None:
    path.write_text(json.dumps(to_geojson(frame), ensure_ascii=False), encoding="utf-8")
