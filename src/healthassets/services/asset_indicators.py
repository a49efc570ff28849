"""Use case: the register's asset counts, rates and access written as indicator values.

Counts and rates per covered LSOA, MSOA and authority, and 2SFCA access per covered LSOA, of the
published assets (docs/adr/0020, 0021), over the register's coverage and, for each kind a layer
maps, over that layer's (docs/adr/0051); only the values that changed are rewritten, so a refresh
after one moderation step touches a few rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.access import nearest_distance, to_british_national_grid
from healthassets.assets.area_measures import (
    KIND_GROUP,
    access_values,
    count_values,
    indicator_metadata,
    kind_memberships,
    memberships,
)
from healthassets.assets.privacy import public_view
from healthassets.errors import InputError
from healthassets.indicators.periods import period_sortable
from healthassets.io.values import ImportReport
from healthassets.services import derived
from healthassets.services.asset_places import (
    area_population,
    counted_links,
    kind_coverage,
    lsoa_population,
    population_centroids,
)
from healthassets.services.inequality_defaults import store_default_inequalities
from healthassets.store import Engine
from healthassets.store.areas import administrative_links
from healthassets.store.asset_areas import asset_areas, asset_kinds, coverage_codes, listed_assets
from healthassets.store.assets import located_assets
from healthassets.store.batches import batches_like, delete_batches, finish_batch, start_batch
from healthassets.store.bulk import bulk_load
from healthassets.store.indicators import save_indicators
from healthassets.store.values import batch_values, delete_values, insert_values
from healthassets.tables import is_in

RADIUS = 1_000.0
CATCHMENT = 2_000.0
DECAY = "gaussian"
COUNTS_SOURCE = "assets:counts"
ACCESS_SOURCE = "assets:access"
#: the batches of a kind's scope: assets:kind:<kind>:counts / :access
KIND_PREFIX = "assets:kind:"


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


@dataclass
class Scope:
    """Groups counted over one coverage: the register's (groups 0–17) or a kind a layer maps."""

    kind: str  # "" for the register as a whole
    groups: pd.DataFrame  # (asset_id, group)
    covered: list[str]
    group_ids: list[int] | None = None

    @property
    def sources(self) -> tuple[str, str]:
        """Its count and access batches (one pair per scope, so a refresh reads only its own)."""
        if not self.kind:
            return COUNTS_SOURCE, ACCESS_SOURCE
        return f"{KIND_PREFIX}{self.kind}:counts", f"{KIND_PREFIX}{self.kind}:access"


def _scopes(engine: Engine, assets: pd.DataFrame, links: pd.DataFrame, groups: pd.DataFrame) -> list[Scope]:
    """The register's scope and one per declared kind, with its members among ``assets``."""
    scopes = [Scope("", groups, sorted(coverage_codes(engine)))]
    listed = listed_assets(engine)
    by_kind = kind_memberships(listed[is_in(listed["asset_id"], assets["id"])])
    for kind, codes in kind_coverage(asset_kinds(engine), links).items():
        group = KIND_GROUP[kind].index
        scopes.append(Scope(kind, by_kind[by_kind["group"] == group], sorted(codes), [group]))
    return scopes


def _signature(scope: Scope, points: pd.DataFrame, settings: str) -> str:
    """What a scope's values are computed from (members, their points and areas, the covered
    areas, the settings), hashed: when the stored batches were made from the same, they stand.
    ``points``: per asset id its latitude, longitude and ``areas`` (a hash of its area links)."""
    members = scope.groups.merge(points, left_on="asset_id", right_index=True)
    members = members[["asset_id", "group", "latitude", "longitude", "areas"]].sort_values(
        ["asset_id", "group"]
    )
    digest = hashlib.sha1(settings.encode(), usedforsecurity=False)
    for frame in (members, pd.DataFrame({"code": scope.covered})):
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return f"inputs sha1:{digest.hexdigest()}"


def _points(assets: pd.DataFrame, area_links: pd.DataFrame) -> pd.DataFrame:
    """Per asset id: its point and an order-free hash of its area links (for :func:`_signature`)."""
    each = pd.Series(
        pd.util.hash_pandas_object(area_links, index=False).to_numpy(), index=area_links["asset_id"]
    )
    areas = each.groupby(level=0).sum()  # uint64 sums wrap around: still order-free
    points = assets.set_index("id")[["latitude", "longitude"]].astype(float)
    return points.assign(areas=areas.reindex(points.index, fill_value=0).to_numpy())


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
    """Counts and rates per covered LSOA, MSOA and authority (and above), and access per covered
    LSOA, of the published assets, written as indicator values: groups 0–17 over the register's
    coverage, each kind a layer maps over that layer's (docs/adr/0051). A scope whose inputs are
    those its stored batches were made from is left as it is; otherwise only the values that
    changed are rewritten, so recomputing after one moderation step touches a few rows."""
    period = period or str(datetime.now(UTC).year)
    data_dir = Path(data_dir)
    located, dimensions, five_ways = located_assets(engine)
    assets = public_view(located)  # people at their approximate point (docs/adr/0035)
    links = administrative_links(engine) if links is None else links
    scopes = _scopes(engine, assets, links, memberships(assets, dimensions, five_ways))
    _save_metadata(engine, period, radius=radius, catchment=catchment, decay=decay)
    area_links = counted_links(asset_areas(engine), links)
    points = _points(assets, area_links)
    stored = batches_like(engine, "assets:")
    lsoa_pop = lsoa_population(data_dir)
    settings = Settings(period, radius, catchment, decay, lsoa_pop, data_dir, pd.Series(dtype=float))
    reports: list[ImportReport] = []
    changed: set[int] = set()
    with derived.exclusive(engine):
        derived_current = derived.is_current(engine)
        _drop_undeclared(engine, stored, scopes, changed)
        signatures = [_signature(scope, points, settings.text) for scope in scopes]
        stale = [
            not all(stored.get(source, (None, 0))[0] == signature for source in scope.sources)
            for scope, signature in zip(scopes, signatures, strict=True)
        ]
        wanted = sorted(
            {code for scope, todo in zip(scopes, stale, strict=True) if todo for code in scope.covered}
        )
        settings = replace(settings, population=area_population(lsoa_pop, links, wanted))
        for scope, signature, todo in zip(scopes, signatures, stale, strict=True):
            if not todo:
                reports += [
                    ImportReport(source=s, rows_read=0, rows_loaded=stored[s][1]) for s in scope.sources
                ]
                continue
            values = _scope_values(scope, assets, area_links, links, settings)
            for source, frame in zip(scope.sources, values, strict=True):
                write_changes(engine, source, frame, changed_indicators=changed, file_name=signature)
                reports.append(ImportReport(source=source, rows_read=len(frame), rows_loaded=len(frame)))
        # only the changed indicators' derived rows are recomputed (docs/adr/0044); stale tables
        # (a load under way, which builds them at its end) are left to a full rebuild
        if derived_current and changed:
            derived.rebuild_derived(engine, sorted(changed))
            store_default_inequalities(engine, sorted(changed))
    return reports


@dataclass(frozen=True)
class Settings:
    period: str
    radius: float
    catchment: float
    decay: str
    lsoa_pop: pd.Series
    data_dir: Path
    #: residents of every covered area (LSOAs directly, larger areas summed from theirs)
    population: pd.Series

    @property
    def text(self) -> str:
        return f"{self.period}|{self.radius}|{self.catchment}|{self.decay}"


def _scope_values(
    scope: Scope, assets: pd.DataFrame, area_links: pd.DataFrame, links: pd.DataFrame, settings: Settings
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A scope's counts (covered areas) and access values (covered LSOAs) as value frames."""
    counts = count_values(scope.groups, area_links, settings.population, scope.covered, scope.group_ids)
    lsoas = [c for c in scope.covered if c[:3] in {"E01", "W01"}]
    access = _access(
        assets,
        scope.groups,
        settings.lsoa_pop,
        settings.data_dir,
        lsoas,
        radius=settings.radius,
        catchment=settings.catchment,
        decay=settings.decay,
    )
    return _value_frame(counts, settings.period), _value_frame(access, settings.period)


def _save_metadata(engine: Engine, period: str, *, radius: float, catchment: float, decay: str) -> None:
    kinds = asset_kinds(engine)
    metadata = indicator_metadata(
        radius=radius,
        catchment=catchment,
        decay=decay,
        source="healthassets community asset register (published assets)",
        period=period,
        kinds=dict(zip(kinds["kind"], kinds["source"], strict=True)),
    )
    save_indicators(engine, metadata)


def _drop_undeclared(
    engine: Engine, stored: dict[str, tuple[str | None, int]], scopes: list[Scope], changed: set[int]
) -> None:
    """Delete the batches of kinds no longer declared: their areas are "not mapped" again."""
    wanted = {source for scope in scopes for source in scope.sources}
    gone = [source for source in stored if source.startswith(KIND_PREFIX) and source not in wanted]
    if not gone:
        return
    with engine.begin() as connection:
        for source in gone:
            _, values = batch_values(connection, source)
            changed.update(int(i) for i in values["indicator_id"].unique())
        delete_batches(connection, gone)


def write_changes(
    engine: Engine,
    source: str,
    valid: pd.DataFrame,
    *,
    rows_rejected: int = 0,
    changed_indicators: set[int] | None = None,
    file_name: str | None = None,
) -> int:
    """Make ``source``'s batch hold exactly ``valid`` (canonical value columns), deleting and
    inserting only the rows whose key or numbers changed; returns the number of rows written and
    adds the ids of the indicators it touched to ``changed_indicators``; ``file_name`` records
    what the values were made from."""
    with engine.begin() as connection, bulk_load(connection):
        batch_id, stored = batch_values(connection, source)
        if batch_id is None:
            batch_id = start_batch(connection, source, "assets", file_name)
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
        # in the order of the area index: SQLite's b-trees grow at their ends (about twice as fast)
        insert_values(connection, changed.sort_values(["area_code", "indicator_id"], kind="stable"), batch_id)
        finish_batch(connection, batch_id, len(valid), rows_rejected, file_name)
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
    placed = assets[is_in(assets["id"], groups["asset_id"])].dropna(subset=["latitude", "longitude"])
    if placed.empty or not report:
        return pd.DataFrame(columns=columns)
    pwc = population_centroids(data_dir)
    pwc = pwc[is_in(pwc["area_code"], lsoa_pop.index)]
    demand_xy = pwc[["x", "y"]].to_numpy()
    supply_xy = to_british_national_grid(placed["longitude"], placed["latitude"])
    # demand = every reported LSOA and every LSOA within reach of an asset that a reported one
    # reaches (so edge assets are shared fairly): exactly the demand the reported scores depend on
    reported = is_in(pwc["area_code"], report)
    to_reported, _ = nearest_distance(supply_xy, demand_xy[reported])
    distance, _ = nearest_distance(demand_xy, supply_xy[to_reported <= catchment])
    keep = (distance <= catchment) | reported
    demand = pd.DataFrame(
        {"area_code": pwc["area_code"].to_numpy()[keep], "x": demand_xy[keep, 0], "y": demand_xy[keep, 1]}
    )
    demand["population"] = demand["area_code"].map(lsoa_pop).to_numpy()
    supply = pd.DataFrame({"asset_id": placed["id"].to_numpy(), "x": supply_xy[:, 0], "y": supply_xy[:, 1]})
    return access_values(demand, supply, groups, report, radius=radius, catchment=catchment, decay=decay)
