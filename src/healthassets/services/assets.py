"""Use cases of the community asset register: load the bundled assets, place them in areas,
declare coverage, write asset counts and access as indicators, import and export asset files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, select

from healthassets.access import nearest_distance, to_british_national_grid
from healthassets.assets.indicators import access_values, count_values, indicator_metadata, memberships
from healthassets.assets.records import AssetTable
from healthassets.assets.vocabulary import Status
from healthassets.errors import InputError
from healthassets.geography.boundaries import AreaLocator, small_area_boundaries
from healthassets.indicators.periods import period_sortable
from healthassets.io.assets import LayerReport, read_layers
from healthassets.io.assets_files import (
    export_frame,
    read_assets_file,
    write_assets_csv,
    write_assets_geojson,
)
from healthassets.io.values import ImportReport
from healthassets.services import derived
from healthassets.store.areas import known_area_codes
from healthassets.store.assets import (
    AssetFilter,
    SaveReport,
    asset_areas,
    batch_values,
    coverage_codes,
    delete_values,
    list_assets,
    located_assets,
    replace_asset_areas,
    replace_coverage,
    save_assets,
)
from healthassets.store.batches import finish_batch, start_batch
from healthassets.store.indicators import save_indicators
from healthassets.store.models import Area, AreaParent, Asset
from healthassets.store.values import insert_values

#: the ten Greater Manchester boroughs: the bundled register's coverage
GM_LTLAS = tuple(f"E080000{n:02d}" for n in range(1, 11))
#: area types an asset is linked to (its LSOA and the areas above it, up to the county/UA)
CONTAINING_TYPES = ("lsoa", "msoa", "metropolitan", "unitary", "district", "london-borough", "county")
RADIUS = 1_000.0
CATCHMENT = 2_000.0
DECAY = "gaussian"
COUNTS_SOURCE = "assets:counts"
ACCESS_SOURCE = "assets:access"


@dataclass
class AssetLoadReport:
    layers: LayerReport
    saved: SaveReport
    located: int = 0
    unlocated: int = 0
    coverage: int = 0
    indicator_reports: list[ImportReport] = field(default_factory=list)


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


def locate_lsoas(data_dir: Path, longitude: pd.Series, latitude: pd.Series) -> np.ndarray:
    """The LSOA containing each point: Greater Manchester's boundaries first, the rest of the
    bundled ones only for points outside them (None where no bundled LSOA contains the point)."""
    data_dir = Path(data_dir).resolve()
    lon, lat = np.asarray(longitude, float), np.asarray(latitude, float)
    codes = lsoa_locator(data_dir, GM_LTLAS).locate(lon, lat)
    missing = np.array([c is None for c in codes], dtype=bool)
    if missing.any():
        others = tuple(a for a in boundary_authorities(data_dir) if a not in GM_LTLAS)
        if others:
            codes[missing] = lsoa_locator(data_dir, others).locate(lon[missing], lat[missing])
    return codes


def _links(connection: Connection) -> pd.DataFrame:
    query = (
        select(AreaParent.child_code, AreaParent.parent_code, Area.area_type)
        .join(Area, Area.code == AreaParent.parent_code)
        .where(AreaParent.hierarchy == "administrative")
    )
    return pd.read_sql(query, connection)


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
    engine: Engine, data_dir: Path, asset_ids: list[str] | None = None, *, links: pd.DataFrame | None = None
) -> tuple[int, int]:
    """Place assets with a point in their LSOA (point in polygon) and its MSOA and authorities;
    return (assets placed, assets with a point outside the boundaries held)."""
    with engine.connect() as connection:
        query = select(Asset.id, Asset.latitude, Asset.longitude).where(Asset.latitude.is_not(None))
        if asset_ids is not None:
            query = query.where(Asset.id.in_(asset_ids))
        points = pd.read_sql(query, connection)
        links = _links(connection) if links is None else links
    lsoa = locate_lsoas(data_dir, points["longitude"], points["latitude"])
    placed = points.assign(lsoa=lsoa).dropna(subset=["lsoa"])
    table = ancestors_of(pd.Series(placed["lsoa"].unique()), links)
    area_links = placed[["id", "lsoa"]].merge(table, left_on="lsoa", right_on="code")
    area_links = area_links.rename(columns={"id": "asset_id", "ancestor_code": "area_code"})
    with engine.begin() as connection:
        known = set(
            connection.scalars(
                select(Area.code).where(Area.code.in_(area_links["area_code"].unique().tolist()))
            )
        )
        replace_asset_areas(
            connection,
            area_links[area_links["area_code"].isin(known)],
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
    """Declare the register mapped for ``authorities`` and every MSOA and LSOA within them."""
    with engine.begin() as connection:
        links = _links(connection) if links is None else links
        codes = descendants_of(set(authorities), links)
        return replace_coverage(connection, codes, note or "Greater Manchester (bundled open data)")


@lru_cache(maxsize=4)
def _lsoa_population(data_dir: Path) -> pd.Series:
    path = data_dir / "geography" / "lsoa21_population_census2021_ew.csv"
    table = pd.read_csv(path, usecols=["LSOA21CD", "total"], dtype={"LSOA21CD": str})
    return table.set_index("LSOA21CD")["total"].astype(float)


def lsoa_population(data_dir: Path) -> pd.Series:
    """Census 2021 usual residents by LSOA (read once per process; do not modify)."""
    return _lsoa_population(Path(data_dir).resolve())


def descendants_of(codes: set[str], links: pd.DataFrame) -> set[str]:
    """``codes`` and every area below them in the stored administrative hierarchy."""
    found, frontier = set(codes), set(codes)
    while frontier:
        frontier = set(links.loc[links["parent_code"].isin(frontier), "child_code"]) - found
        found |= frontier
    return found


def area_population(lsoa_pop: pd.Series, links: pd.DataFrame, codes: list[str]) -> pd.Series:
    """Residents of each code: LSOAs directly, larger areas as the sum of their LSOAs."""
    lsoas = pd.Series(sorted(descendants_of(set(codes), links) & set(lsoa_pop.index)), dtype=object)
    table = ancestors_of(lsoas, links)
    table = table[table["ancestor_code"].isin(set(codes))]
    return table.assign(pop=table["code"].map(lsoa_pop)).groupby("ancestor_code")["pop"].sum()


@lru_cache(maxsize=4)
def _centroids(data_dir: Path) -> pd.DataFrame:
    pwc = pd.read_csv(data_dir / "geography" / "lsoa21_pwc_ew.csv", usecols=["LSOA21CD", "lat", "lon"])
    xy = to_british_national_grid(pwc["lon"], pwc["lat"])
    return pd.DataFrame({"area_code": pwc["LSOA21CD"], "x": xy[:, 0], "y": xy[:, 1]})


def population_centroids(data_dir: Path) -> pd.DataFrame:
    """ONS population-weighted centroids of LSOAs 2021 in EPSG:27700 (area_code, x, y); cached."""
    return _centroids(Path(data_dir).resolve())


def _value_frame(values: pd.DataFrame, period: str) -> pd.DataFrame:
    """Computed values in the canonical value layout. They need no validation: the areas come from
    the coverage table (foreign keys to areas), the numbers from our own arithmetic."""
    sortable = period_sortable(pd.Series([period]))
    if sortable.isna().any():
        raise InputError(f"malformed time period: {period!r}", column="period")
    frame = values.assign(
        indicator_id=values["indicator_id"].astype("int64"),
        period=period,
        period_sortable=int(sortable.iloc[0]),
        sex="Persons",
        age="All ages",
        category_type="",
        category="",
        lower95_0cl=np.nan,
        upper95_0cl=np.nan,
        lower99_8cl=np.nan,
        upper99_8cl=np.nan,
        value_note=None,
        recent_trend=None,
    )
    for column in ("value", "count", "denominator"):
        frame[column] = frame[column].astype(float)
    return frame.reset_index(drop=True)


def write_asset_indicators(
    engine: Engine,
    data_dir: Path,
    *,
    period: str | None = None,
    radius: float = RADIUS,
    catchment: float = CATCHMENT,
    decay: str = DECAY,
    links: pd.DataFrame | None = None,
) -> list[ImportReport]:
    """Counts and rates per covered LSOA, MSOA and authority, and access per covered LSOA, of the
    published assets, written as indicator values. Only the values that changed are rewritten, so
    recomputing after one moderation step touches a few rows, not the whole batch."""
    period = period or str(datetime.now(UTC).year)
    data_dir = Path(data_dir)
    assets, dimensions, five_ways = located_assets(engine)
    groups = memberships(assets, dimensions, five_ways)
    covered = sorted(coverage_codes(engine))
    if links is None:
        with engine.connect() as connection:
            links = _links(connection)
    lsoa_pop = lsoa_population(data_dir)
    population = area_population(lsoa_pop, links, covered)
    counts = count_values(groups, asset_areas(engine), population, covered)
    access = _access(
        assets,
        groups,
        lsoa_pop,
        data_dir,
        [c for c in covered if c[:3] in {"E01", "W01"}],
        radius=radius,
        catchment=catchment,
        decay=decay,
    )
    source = "healthassets community asset register (published assets)"
    save_indicators(
        engine,
        indicator_metadata(radius=radius, catchment=catchment, decay=decay, source=source, period=period),
    )
    reports = []
    with derived.exclusive():
        derived_current = derived.is_current(engine)
        changed: set[int] = set()
        for name, values in ((COUNTS_SOURCE, counts), (ACCESS_SOURCE, access)):
            frame = _value_frame(values, period)
            write_changes(engine, name, frame, changed_indicators=changed)
            reports.append(ImportReport(source=name, rows_read=len(frame), rows_loaded=len(frame)))
        # only the changed indicators' derived rows are recomputed (docs/adr/0044); stale tables
        # (a load under way, which builds them at its end) are left to a full rebuild
        if derived_current and changed:
            derived.rebuild_derived(engine, sorted(changed))
    return reports


def write_changes(
    engine: Engine,
    source: str,
    valid: pd.DataFrame,
    *,
    rows_rejected: int = 0,
    changed_indicators: set[int] | None = None,
) -> int:
    """Make ``source``'s batch hold exactly ``valid`` (canonical value columns), deleting and
    inserting only the rows whose key or numbers changed; returns the number of rows written and
    adds the ids of the indicators it touched to ``changed_indicators``."""
    with engine.begin() as connection:
        batch_id, stored = batch_values(connection, source)
        if batch_id is None:
            batch_id = start_batch(connection, source, "assets", None)
            changed = valid
        else:
            key = ["indicator_id", "area_code", "period"]
            new = valid.assign(indicator_id=valid["indicator_id"].astype("int64"))
            old = stored.astype({"indicator_id": "int64"})
            merged = new.merge(old, on=key, how="outer", suffixes=("", "_old"), indicator=True)
            same = merged["_merge"] == "both"
            for column in ("value", "count", "denominator"):
                a, b = merged[column].astype(float), merged[f"{column}_old"].astype(float)
                same &= (a == b) | (a.isna() & b.isna())
            stale = merged["id"].notna() & ~same
            delete_values(connection, merged.loc[stale, "id"].astype("int64").tolist())
            fresh = merged.loc[(merged["_merge"] != "right_only") & ~same, key]
            changed = new.merge(fresh, on=key)
            if changed_indicators is not None:
                changed_indicators.update(int(i) for i in merged.loc[stale, "indicator_id"].unique())
        if changed_indicators is not None:
            changed_indicators.update(int(i) for i in changed["indicator_id"].unique())
        insert_values(connection, changed, batch_id)
        finish_batch(connection, batch_id, len(valid), rows_rejected)
    return len(changed)


def _access(
    assets: pd.DataFrame,
    groups: pd.DataFrame,
    lsoa_pop: pd.Series,
    data_dir: Path,
    report: list[str],
    *,
    radius: float,
    catchment: float,
    decay: str,
) -> pd.DataFrame:
    columns = ["indicator_id", "area_code", "count", "denominator", "value"]
    placed = assets.dropna(subset=["latitude", "longitude"])
    if placed.empty or not report:
        return pd.DataFrame(columns=columns)
    pwc = population_centroids(data_dir)
    pwc = pwc[pwc["area_code"].isin(lsoa_pop.index)]
    demand_xy = pwc[["x", "y"]].to_numpy()
    supply_xy = to_british_national_grid(placed["longitude"], placed["latitude"])
    # demand = every LSOA within reach of an asset (sharing edge assets fairly) and every reported LSOA
    distance, _ = nearest_distance(demand_xy, supply_xy)
    keep = (distance <= catchment) | pwc["area_code"].isin(set(report)).to_numpy()
    demand = pd.DataFrame(
        {"area_code": pwc["area_code"].to_numpy()[keep], "x": demand_xy[keep, 0], "y": demand_xy[keep, 1]}
    )
    demand["population"] = demand["area_code"].map(lsoa_pop).to_numpy()
    supply = pd.DataFrame({"asset_id": placed["id"].to_numpy(), "x": supply_xy[:, 0], "y": supply_xy[:, 1]})
    return access_values(demand, supply, groups, report, radius=radius, catchment=catchment, decay=decay)


def load_assets(engine: Engine, data_dir: Path, *, period: str | None = None) -> AssetLoadReport:
    """The bundled Greater Manchester assets: import (published), place, cover GM, write indicators."""
    data_dir = Path(data_dir)
    table, layer_report = read_layers(data_dir / "assets")
    with engine.begin() as connection:
        saved = save_assets(connection, table, replace_sources=True)
    with engine.connect() as connection:
        links = _links(connection)
    located, unlocated = assign_areas(engine, data_dir, links=links)
    coverage = set_coverage(engine, links=links)
    reports = write_asset_indicators(engine, data_dir, period=period, links=links)
    return AssetLoadReport(layer_report, saved, located, unlocated, coverage, reports)


def import_asset_file(
    engine: Engine,
    path: Path,
    data_dir: Path,
    *,
    status: Status = Status.PUBLISHED,
    source: str | None = None,
    user_id: int | None = None,
) -> SaveReport:
    """Import a bulk CSV/GeoJSON file all-or-nothing, place its assets and refresh the indicators."""
    table: AssetTable = read_assets_file(
        path, default_status=status, known_areas=known_area_codes(engine), source=source
    )
    with engine.begin() as connection:
        saved = save_assets(connection, table, replace_sources=False, user_id=user_id)
    assign_areas(engine, data_dir, list(saved.ids.values()))
    if coverage_codes(engine):
        write_asset_indicators(engine, data_dir)
    return saved


def export_assets(
    engine: Engine, path: Path | None, asset_filter: AssetFilter | None = None, *, public: bool = True
) -> pd.DataFrame:
    """Export assets to ``path`` as GeoJSON (``.geojson``/``.json``) or CSV (anything else); returns
    the exported table (one row per asset, in the import layout)."""
    frame = export_frame(list_assets(engine, asset_filter or AssetFilter()), public=public)
    if path is not None and path.suffix.lower() in {".geojson", ".json"}:
        write_assets_geojson(frame, path)
    elif path is not None:
        write_assets_csv(frame, path)
    return frame
