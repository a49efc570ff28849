"""WGS84 longitude/latitude ↔ British National Grid metres (EPSG:27700), vectorised with pyproj.

Distances between points are then plain Euclidean metres, which is what the nearest-neighbour and
catchment searches need (at GB scale the projection's scale error is below 0.04 %).
"""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import ArrayLike
from pyproj import Transformer

from healthassets.errors import InputError


@cache
def _to_bng() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


@cache
def _from_bng() -> Transformer:
    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def to_british_national_grid(longitude: ArrayLike, latitude: ArrayLike) -> np.ndarray:
    """An (n, 2) array of eastings and northings in metres; NaN coordinates give NaN rows."""
    lon = np.asarray(longitude, dtype=float)
    lat = np.asarray(latitude, dtype=float)
    if lon.shape != lat.shape:
        raise InputError("longitude and latitude must have the same length")
    x, y = _to_bng().transform(lon, lat)
    xy = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    xy[~np.isfinite(xy).all(axis=1)] = np.nan  # pyproj gives inf for NaN input
    return xy


def from_british_national_grid(easting: ArrayLike, northing: ArrayLike) -> np.ndarray:
    """An (n, 2) array of WGS84 longitudes and latitudes; NaN coordinates give NaN rows."""
    x = np.asarray(easting, dtype=float)
    y = np.asarray(northing, dtype=float)
    if x.shape != y.shape:
        raise InputError("eastings and northings must have the same length")
    lon, lat = _from_bng().transform(x, y)
    out = np.column_stack([np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)])
    out[~np.isfinite(out).all(axis=1)] = np.nan
    return out
