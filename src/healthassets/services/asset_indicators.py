"""Use case: the register's asset counts, rates and access written as indicator values.

Counts and rates per covered LSOA, MSOA and authority, and 2SFCA access per covered LSOA, of the
published assets (docs/adr/0020, 0021); only the values that changed are rewritten, so a refresh after
one moderation step touches a few rows."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.access import nearest_distance, to_british_national_grid
from healthassets.assets.area_measures import access_values, count_values, indicator_metadata, memberships
from healthassets.assets.privacy import public_view
from healthassets.errors import InputError
from healthassets.indicators.periods import period_sortable
from healthassets.io.values import ImportReport
from healthassets.services import derived
from healthassets.services.asset_places import area_population, lsoa_population, population_centroids
from healthassets.store import Engine
from healthassets.store.areas import administrative_links
from healthassets.store.asset_areas import asset_areas, coverage_codes
from healthassets.store.assets import located_assets
from healthassets.store.batches import finish_batch, start_batch
from healthassets.store.indicators import save_indicators
from healthassets.store.values import batch_values, delete_values, insert_values

RADIUS = 1_000.0
CATCHMENT = 2_000.0
DECAY = "gaussian"
COUNTS_SOURCE = "assets:counts"
ACCESS_SOURCE = "assets:access"


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
    located, dimensions, five_ways = located_assets(engine)
    assets = public_view(located)  # people at their approximate point (docs/adr/0035)
    groups = memberships(assets, dimensions, five_ways)
    covered = sorted(coverage_codes(engine))
    if links is None:
        links = administrative_links(engine)
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
