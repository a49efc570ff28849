"""What the public may see of an asset that is a person (pure: no I/O; docs/adr/0035).

A person listed as an asset (``is_person``, or an asset of the ABCD type *individual*, which is by
definition a person's skills) is shown publicly by name and description only, at a coarse location:
the centre of the 1 km square of the British National Grid (EPSG:27700) that holds their point. Their
address, postcode, email, phone and exact point never leave the register's moderators. The coarse
point is the same for every point in the square — so a postcode's centroid no longer gives the
postcode away — and snapping it again returns it unchanged, so re-imported exports stay stable.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from healthassets.access.projection import from_british_national_grid, to_british_national_grid
from healthassets.assets.vocabulary import AssetType

#: contact fields never shown publicly for a person
PERSONAL_FIELDS = ("address", "postcode", "email", "phone")
#: side of the grid square a person's point is snapped to (metres)
GRID_METRES = 1_000.0
#: degrees a coarse point can lie from the exact one (half the square's diagonal, 707 m, with a margin:
#: 0.02° is ≥ 1.1 km everywhere in Great Britain), for viewport queries that must find it
MARGIN_DEGREES = 0.02
#: area codes of small areas (LSOA, MSOA): placing a person in one would be finer than their coarse
#: point, so public views neither list a person's small areas nor find people by one
SMALL_AREA_PREFIXES = ("E01", "W01", "E02", "W02")
#: the column public views add: True where the point shown is approximate
APPROXIMATE = "approximate_location"


def person_mask(frame: pd.DataFrame) -> np.ndarray:
    """True for the rows that are people: ``is_person`` set, or asset type *individual*."""
    flagged = (
        frame["is_person"].astype(object).where(frame["is_person"].notna(), False).astype(bool)
        if "is_person" in frame
        else pd.Series(False, index=frame.index)
    )
    individual = (
        frame["asset_type"] == AssetType.INDIVIDUAL.value
        if "asset_type" in frame
        else pd.Series(False, index=frame.index)
    )
    return np.asarray(flagged | individual, dtype=bool)


def is_person(record: Mapping[str, Any]) -> bool:
    """:func:`person_mask` for one record."""
    return bool(record.get("is_person")) or record.get("asset_type") == AssetType.INDIVIDUAL.value


def coarse_points(longitude: ArrayLike, latitude: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Each point moved to the centre of its 1 km British National Grid square (longitude, latitude;
    NaN stays NaN): easting' = (⌊easting / 1000⌋ + ½) × 1000, likewise northing, projected back."""
    xy = to_british_national_grid(longitude, latitude)
    centre = (np.floor(xy / GRID_METRES) + 0.5) * GRID_METRES
    lonlat = from_british_national_grid(centre[:, 0], centre[:, 1])
    return np.round(lonlat[:, 0], 5), np.round(lonlat[:, 1], 5)


def public_view(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of an asset frame fit for the public: for people, personal fields emptied and the point
    coarse; a boolean :data:`APPROXIMATE` column says which points are approximate."""
    out = frame.copy()
    person = person_mask(out)
    out[APPROXIMATE] = False
    if not person.any():
        return out
    for column in PERSONAL_FIELDS:
        if column in out:
            out[column] = out[column].astype(object)
            out.loc[person, column] = None
    if "latitude" in out and "longitude" in out:
        lon, lat = coarse_points(out.loc[person, "longitude"], out.loc[person, "latitude"])
        located = ~np.isnan(lat)
        out["latitude"], out["longitude"] = out["latitude"].astype(float), out["longitude"].astype(float)
        out.loc[person, "latitude"] = np.where(located, lat, np.nan)
        out.loc[person, "longitude"] = np.where(located, lon, np.nan)
        out.loc[person, APPROXIMATE] = located
    return out


def public_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`public_view` for one record (a dict)."""
    out = dict(record)
    out[APPROXIMATE] = False
    if not is_person(out):
        return out
    for column in PERSONAL_FIELDS:
        out[column] = None
    lat, lon = out.get("latitude"), out.get("longitude")
    if lat is not None and lon is not None and not (pd.isna(lat) or pd.isna(lon)):
        coarse_lon, coarse_lat = coarse_points([float(lon)], [float(lat)])
        out["latitude"], out["longitude"] = float(coarse_lat[0]), float(coarse_lon[0])
        out[APPROXIMATE] = True
    return out


def in_box(frame: pd.DataFrame, bbox: tuple[float, float, float, float]) -> np.ndarray:
    """True for the rows whose (public) point lies in ``bbox`` = (west, south, east, north)."""
    west, south, east, north = bbox
    lon, lat = frame["longitude"].astype(float), frame["latitude"].astype(float)
    return np.asarray(lon.between(west, east) & lat.between(south, north), dtype=bool)


def widened(bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """``bbox`` grown by :data:`MARGIN_DEGREES` on every side: every exact point whose coarse point
    lies in ``bbox`` lies in it."""
    west, south, east, north = bbox
    return west - MARGIN_DEGREES, south - MARGIN_DEGREES, east + MARGIN_DEGREES, north + MARGIN_DEGREES
