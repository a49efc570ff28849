"""Use case: a postcode as people type it → its point, the areas that contain it, the nearest
community assets (docs/adr/0052).

The bundled Greater Manchester Code-Point Open extract gives the postcode's point, its district
(``lad_code``), its own electoral ward (``ward_code``, the ward its point lies in) and the LSOA 2021
holding the point; the store gives that LSOA's MSOA and its best-fit ward. A ward's profile is built
from whole LSOAs (ONS best fit: each LSOA goes to the ward holding most of its people), so when the
postcode's own ward is not its LSOA's best-fit ward both are named: the first is where the postcode
is, the second is the ward whose figures count it.

Assets are the published register's, as the public sees them (people at their approximate point,
docs/adr/0035), nearest first by straight-line distance from the postcode's point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.access.projection import to_british_national_grid
from healthassets.assets.privacy import APPROXIMATE
from healthassets.assets.search import AssetFilter
from healthassets.errors import InputError, NotFoundError
from healthassets.geography.areas import expand_type
from healthassets.geography.postcodes import (
    geocode,
    has_postcodes,
    parse_postcode,
    postcode_slug,
    postcode_table,
    postcodes_starting,
)
from healthassets.services.asset_browse import map_points
from healthassets.store import Engine
from healthassets.store import areas as area_store
from healthassets.store.areas import AreaInfo

#: how many assets the page lists
NEAREST = 10
#: search radii (metres), widened until enough assets are found; beyond the last, none are listed
RADII = (1_000.0, 3_000.0, 10_000.0)
#: at most this many points are read per radius (central Manchester holds ~1,000 within 1 km)
MAX_POINTS = 20_000
METRES_PER_DEGREE_LATITUDE = 111_000.0
LOCAL_AUTHORITIES = frozenset(expand_type("ltla"))


class PostcodeNotInLookup(NotFoundError):
    """A well-formed postcode the bundled (Greater Manchester) lookup does not hold."""

    def __init__(self, postcode: str) -> None:
        self.postcode = postcode
        super().__init__(
            f"postcode {postcode} is not in the bundled postcode lookup (Greater Manchester only)"
        )


@dataclass(frozen=True)
class NearAsset:
    id: str
    name: str
    asset_type: str
    distance_m: float
    latitude: float
    longitude: float
    #: True for a person, shown (and measured from) the centre of their 1 km grid square
    approximate: bool


@dataclass(frozen=True)
class PostcodePlace:
    postcode: str
    latitude: float
    longitude: float
    lsoa: AreaInfo | None
    msoa: AreaInfo | None
    #: the ward the postcode's point lies in (Code-Point's ward code, and the area when loaded)
    ward_code: str
    ward: AreaInfo | None
    #: the ward the postcode's LSOA best fits, whose profile counts it (None when it is ``ward``)
    best_fit_ward: AreaInfo | None
    authority: AreaInfo | None
    assets: list[NearAsset] = field(default_factory=list)
    #: code → the local authority of the postcode's MSOA and wards (their names repeat elsewhere)
    authorities: dict[str, AreaInfo] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return postcode_slug(self.postcode)


def canonical_postcode(text: str) -> str:
    """The postcode in its shown form ('OL1 1AA'); InputError when ``text`` is not a postcode."""
    found = parse_postcode(text)
    if found is None:
        raise InputError(f"{text.strip()[:20]!r} is not a postcode", column="postcode")
    return found


def _area(engine: Engine, code: str | None) -> AreaInfo | None:
    if not isinstance(code, str) or not code:
        return None
    try:
        return area_store.get_area(engine, code)
    except NotFoundError:
        return None


def find_postcode(engine: Engine, data_dir: Path, text: str, *, nearest: int = NEAREST) -> PostcodePlace:
    """The postcode ``text`` (any case and spacing) with its areas and nearest assets.

    InputError when ``text`` is not shaped as a postcode; :class:`PostcodeNotInLookup` when it is
    but the bundled lookup does not hold it."""
    postcode = canonical_postcode(text)
    if not has_postcodes(data_dir):
        raise PostcodeNotInLookup(postcode)
    try:
        place = geocode(data_dir, postcode)
    except InputError:
        raise PostcodeNotInLookup(postcode) from None
    lsoa = _area(engine, place.lsoa_code)
    parents = area_store.parents(engine, lsoa.code) if lsoa else []
    msoa = next((a for a in parents if a.area_type == "msoa"), None)
    best_fit = next((a for a in parents if a.area_type == "ward"), None)
    ward = _area(engine, place.ward_code)
    return PostcodePlace(
        postcode=postcode,
        latitude=place.latitude,
        longitude=place.longitude,
        lsoa=lsoa,
        msoa=msoa,
        ward_code=place.ward_code,
        ward=ward,
        best_fit_ward=best_fit if best_fit and best_fit.code != place.ward_code else None,
        authority=_area(engine, place.lad_code),
        assets=nearest_assets(engine, place.latitude, place.longitude, nearest),
        authorities=_authorities(engine, [a for a in (msoa, ward, best_fit) if a is not None]),
    )


def _authorities(engine: Engine, areas: list[AreaInfo]) -> dict[str, AreaInfo]:
    """code → the local authority (district or unitary) each area is directly within."""
    found = {}
    for area in areas:
        parent = next(
            (p for p in area_store.parents(engine, area.code) if p.area_type in LOCAL_AUTHORITIES), None
        )
        if parent is not None:
            found[area.code] = parent
    return found


def _box(latitude: float, longitude: float, metres: float) -> tuple[float, float, float, float]:
    """(west, south, east, north) holding every point within ``metres`` of the point."""
    dlat = metres / METRES_PER_DEGREE_LATITUDE
    dlon = dlat / max(np.cos(np.radians(latitude)), 0.1)
    return longitude - dlon, latitude - dlat, longitude + dlon, latitude + dlat


def nearest_assets(
    engine: Engine, latitude: float, longitude: float, limit: int = NEAREST
) -> list[NearAsset]:
    """Up to ``limit`` published assets nearest the point (public points; distance in British
    National Grid metres), within the first radius of :data:`RADII` that holds ``limit`` of them
    (or the last). Every point within a radius lies in its box, so none nearer is missed."""
    if limit <= 0:
        return []
    origin = to_british_national_grid([longitude], [latitude])[0]
    near = pd.DataFrame()
    for radius in RADII:
        points, _more = map_points(engine, AssetFilter(bbox=_box(latitude, longitude, radius)), MAX_POINTS)
        if points.empty:
            continue
        xy = to_british_national_grid(points["longitude"].astype(float), points["latitude"].astype(float))
        points = points.assign(distance_m=np.hypot(xy[:, 0] - origin[0], xy[:, 1] - origin[1]))
        near = points[points["distance_m"] <= radius]
        if len(near) >= limit:
            break
    if near.empty:
        return []
    near = near.sort_values(["distance_m", "name"], kind="stable").head(limit)
    return [
        NearAsset(
            id=str(r["id"]),
            name=str(r["name"]),
            asset_type=str(r["asset_type"]),
            distance_m=float(r["distance_m"]),
            latitude=float(r["latitude"]),
            longitude=float(r["longitude"]),
            approximate=bool(r.get(APPROXIMATE, False)),
        )
        for r in near.to_dict("records")
    ]


def in_lookup(data_dir: Path, postcode: str) -> bool:
    """True when the bundled lookup holds ``postcode`` (any case and spacing)."""
    shown = parse_postcode(postcode)
    if shown is None or not has_postcodes(data_dir):
        return False
    return shown in postcode_table(Path(data_dir).resolve()).index


def suggest_postcodes(data_dir: Path, text: str, limit: int = 10) -> list[str]:
    """Postcodes of the lookup that ``text`` is, or is the start of ('OL1 1' → 'OL1 1AA', …)."""
    return postcodes_starting(Path(data_dir), text, limit)
