"""Use cases placing the register on the map of areas: each asset's LSOA (point in polygon) and the
areas above it, the areas the register covers (as a whole, and per kind a layer maps: docs/adr/0051),
and the populations and centroids access needs.

Placement uses the detailed (BGC) LSOA boundaries where they are bundled (the North West) and the
national super-generalised (BSC, 200 m) ones elsewhere in England and Wales; a point in no
polygon (a coast the generalisation cut off) goes to the nearest LSOA within :data:`NEAREST_LSOA`
degrees (about 1–2 km)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.access import to_british_national_grid
from healthassets.assets.privacy import public_view
from healthassets.errors import InputError
from healthassets.geography.areas import area_types_of
from healthassets.geography.boundaries import AreaLocator, national_boundaries, small_area_boundaries
from healthassets.store import Connection, Engine
from healthassets.store.areas import administrative_links, existing_codes
from healthassets.store.asset_areas import points_to_place, replace_asset_areas, replace_coverage
from healthassets.store.bulk import bulk_load
from healthassets.tables import is_in

#: the ten Greater Manchester boroughs: the bundled register's coverage
GM_LTLAS = tuple(f"E080000{n:02d}" for n in range(1, 11))
#: area types an asset is linked to (its LSOA, MSOA and best-fit ward, up to the county/UA)
CONTAINING_TYPES = ("lsoa", "msoa", "ward", "metropolitan", "unitary", "district", "london-borough", "county")
#: area types a coverage holds and counts are written for: those, and regions and countries (whose
#: counts come from their LSOAs' links); never combined authorities or NHS areas
COUNTED_TYPES = (*CONTAINING_TYPES, "region", "country")
#: how far (degrees) a point in no LSOA polygon may be from the LSOA it is placed in
NEAREST_LSOA = 0.02


def boundary_authorities(data_dir: Path) -> list[str]:
    """The authorities whose LSOA boundaries are bundled (North West)."""
    folder = data_dir / "geography" / "lsoa21_north_west"
    authorities = sorted(p.name.split(".")[0] for p in folder.glob("*.geojson*"))
    if not authorities:
        raise InputError("no LSOA boundary files", file=str(folder))
    return authorities


@lru_cache(maxsize=8)
def lsoa_locator(data_dir: Path, authorities: tuple[str, ...] | None = None) -> AreaLocator:
    """An STRtree over the LSOA 2021 boundaries of ``authorities`` (default: every bundled one),
    read once per process."""
    chosen = authorities if authorities is not None else tuple(boundary_authorities(data_dir))
    return AreaLocator.from_shapes(small_area_boundaries(data_dir, "lsoa", chosen))


@lru_cache(maxsize=2)
def national_lsoa_locator(data_dir: Path) -> AreaLocator:
    """An STRtree over the super-generalised LSOA 2021 boundaries of England and Wales (cached)."""
    return AreaLocator.from_shapes(national_boundaries(data_dir, "lsoa"))


#: how each point was placed (:func:`place_points`)
DETAILED, GENERALISED, NEAREST, UNPLACED = "detailed", "generalised", "nearest", "unplaced"


def place_points(data_dir: Path, longitude: pd.Series, latitude: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The LSOA of each point and how it was found: Greater Manchester's detailed boundaries
    first, then the other bundled detailed ones, then the national super-generalised ones, then
    the nearest national polygon within :data:`NEAREST_LSOA` (None where none is)."""
    data_dir = Path(data_dir).resolve()
    lon, lat = np.asarray(longitude, float), np.asarray(latitude, float)
    others = tuple(a for a in boundary_authorities(data_dir) if a not in GM_LTLAS)
    steps: list[tuple[str, Callable[[np.ndarray, np.ndarray], np.ndarray]]] = [
        (DETAILED, lsoa_locator(data_dir, GM_LTLAS).locate),
    ]
    if others:
        steps.append((DETAILED, lsoa_locator(data_dir, others).locate))
    steps.append((GENERALISED, lambda x, y: national_lsoa_locator(data_dir).locate(x, y)))
    steps.append((NEAREST, lambda x, y: national_lsoa_locator(data_dir).nearest(x, y, NEAREST_LSOA)))
    codes = np.full(len(lon), None, dtype=object)
    how = np.full(len(lon), UNPLACED, dtype=object)
    for method, locate in steps:
        missing = np.flatnonzero(pd.isna(codes))
        if not len(missing):
            break
        found = locate(lon[missing], lat[missing])
        codes[missing] = found
        how[missing[pd.notna(found)]] = method
    return codes, how


def locate_lsoas(data_dir: Path, longitude: pd.Series, latitude: pd.Series) -> np.ndarray:
    """The LSOA of each point (:func:`place_points`; None where none is)."""
    return place_points(data_dir, longitude, latitude)[0]


def ancestors_of(
    codes: pd.Series, links: pd.DataFrame, types: tuple[str, ...] = CONTAINING_TYPES
) -> pd.DataFrame:
    """(code, ancestor_code) for each code and each administrative ancestor of one of ``types``
    (including the code itself), following the stored hierarchy level by level."""
    found = [pd.DataFrame({"code": codes, "ancestor_code": codes})]
    current = found[0]
    for _ in range(10):
        up = current.merge(links, left_on="ancestor_code", right_on="child_code")
        up = up[up["area_type"].isin(types)][["code", "parent_code"]].rename(
            columns={"parent_code": "ancestor_code"}
        )
        if up.empty:
            break
        found.append(up)
        current = up
    return pd.concat(found, ignore_index=True).drop_duplicates().reset_index(drop=True)


def assign_areas(
    engine: Engine,
    data_dir: Path,
    asset_ids: list[str] | None = None,
    *,
    links: pd.DataFrame | None = None,
    tally: dict[str, int] | None = None,
) -> tuple[int, int]:
    """Place assets with a point in their LSOA (point in polygon) and its MSOA and authorities;
    return (assets placed, assets with a point outside the boundaries held); ``tally`` (if given)
    receives how many were placed each way (:func:`place_points`). People are placed by their
    approximate point (docs/adr/0035), so their areas, and the counts and area listings built on
    them, say no more than the public point does."""
    with engine.begin() as connection:
        return place_assets(connection, data_dir, asset_ids, links=links, tally=tally)


def place_assets(
    connection: Connection,
    data_dir: Path,
    asset_ids: list[str] | None = None,
    *,
    links: pd.DataFrame | None = None,
    tally: dict[str, int] | None = None,
) -> tuple[int, int]:
    """:func:`assign_areas` within the caller's transaction, so assets just saved are placed in the
    same commit (never an asset without its areas after a crash: docs/adr/0079)."""
    points = public_view(points_to_place(connection, asset_ids))
    links = administrative_links(connection) if links is None else links
    lsoa, how = place_points(data_dir, points["longitude"], points["latitude"])
    if tally is not None:
        tally.update(pd.Series(how, dtype=object).value_counts().to_dict())
    placed = points.assign(lsoa=lsoa).dropna(subset=["lsoa"])
    table = ancestors_of(pd.Series(placed["lsoa"].unique()), links)
    area_links = placed[["id", "lsoa"]].merge(table, left_on="lsoa", right_on="code")
    area_links = area_links.rename(columns={"id": "asset_id", "ancestor_code": "area_code"})
    known = existing_codes(connection, area_links["area_code"].unique().tolist())
    with bulk_load(connection):
        replace_asset_areas(
            connection,
            area_links[is_in(area_links["area_code"], known)],
            None if asset_ids is None else asset_ids,
        )
    return len(placed), len(points) - len(placed)


def set_coverage(
    engine: Engine,
    authorities: tuple[str, ...] = GM_LTLAS,
    note: str | None = None,
    *,
    links: pd.DataFrame | None = None,
) -> int:
    """Declare the register mapped for ``authorities`` and every MSOA and LSOA within them; an
    unknown area code is an InputError (nothing is changed)."""
    unknown = sorted(set(authorities) - existing_codes(engine, authorities))
    if unknown:
        raise InputError(f"unknown area code {unknown[0]}", column="authorities")
    links = administrative_links(engine) if links is None else links
    codes = covered_codes(set(authorities), links)
    with engine.begin() as connection:
        return replace_coverage(connection, codes, note or "Greater Manchester (bundled open data)")


@lru_cache(maxsize=4)
def _lsoa_population(data_dir: Path) -> pd.Series:
    path = data_dir / "geography" / "lsoa21_population_census2021_ew.csv"
    table = pd.read_csv(path, usecols=["LSOA21CD", "total"], dtype={"LSOA21CD": str})
    return table.set_index("LSOA21CD")["total"].astype(float)


def lsoa_population(data_dir: Path) -> pd.Series:
    """Census 2021 usual residents by LSOA (read once per process; do not modify)."""
    return _lsoa_population(Path(data_dir).resolve())


def covered_codes(declared: set[str], links: pd.DataFrame) -> set[str]:
    """The areas a coverage declared for ``declared`` holds: those areas and every one below them
    of the :data:`COUNTED_TYPES` (an asset is counted in exactly these, wards through their LSOAs'
    best fit; combined authorities and NHS areas are not)."""
    codes = pd.Series(sorted(descendants_of(declared, links)), dtype=object)
    return set(codes[area_types_of(codes).isin(COUNTED_TYPES).to_numpy()])


def kind_coverage(kinds: pd.DataFrame, links: pd.DataFrame) -> dict[str, set[str]]:
    """kind → the areas its layer maps (the declared areas and everything below them)."""
    return {
        kind: covered_codes(set(areas), links)
        for kind, areas in zip(kinds["kind"], kinds["areas"], strict=True)
    }


def descendants_of(codes: set[str], links: pd.DataFrame) -> set[str]:
    """``codes`` and every area below them in the stored administrative hierarchy."""
    found, frontier = set(codes), set(codes)
    while frontier:
        frontier = set(links.loc[is_in(links["parent_code"], frontier), "child_code"]) - found
        found |= frontier
    return found


def counted_links(area_links: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """(asset_id, area_code) of the stored containment links and, through each asset's LSOA, the
    regions and countries above it (not stored: every asset would be "in England")."""
    lsoa = area_links[area_links["area_code"].str.match(r"^[EW]01")]
    above = ancestors_of(pd.Series(lsoa["area_code"].unique()), links, COUNTED_TYPES)
    above = above[area_types_of(above["ancestor_code"]).isin(["region", "country"]).to_numpy()]
    extra = lsoa.merge(above, left_on="area_code", right_on="code")[["asset_id", "ancestor_code"]]
    extra = extra.rename(columns={"ancestor_code": "area_code"})
    return pd.concat([area_links[["asset_id", "area_code"]], extra], ignore_index=True).drop_duplicates()


def area_population(lsoa_pop: pd.Series, links: pd.DataFrame, codes: list[str]) -> pd.Series:
    """Residents of each code: LSOAs directly, larger areas as the sum of their LSOAs."""
    lsoas = pd.Series(sorted(descendants_of(set(codes), links) & set(lsoa_pop.index)), dtype=object)
    table = ancestors_of(lsoas, links)
    table = table[is_in(table["ancestor_code"], codes)]
    return table.assign(pop=table["code"].map(lsoa_pop)).groupby("ancestor_code")["pop"].sum()


@lru_cache(maxsize=4)
def _centroids(data_dir: Path) -> pd.DataFrame:
    pwc = pd.read_csv(data_dir / "geography" / "lsoa21_pwc_ew.csv", usecols=["LSOA21CD", "lat", "lon"])
    xy = to_british_national_grid(pwc["lon"], pwc["lat"])
    return pd.DataFrame({"area_code": pwc["LSOA21CD"], "x": xy[:, 0], "y": xy[:, 1]})


def population_centroids(data_dir: Path) -> pd.DataFrame:
    """ONS population-weighted centroids of LSOAs 2021 in EPSG:27700 (area_code, x, y); cached."""
    return _centroids(Path(data_dir).resolve())
