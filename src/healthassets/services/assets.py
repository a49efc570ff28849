"""Use cases of the community asset register as a whole: load the bundled assets (import, place,
cover, write indicators), import an asset file, export the register.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from healthassets.assets.privacy import public_view
from healthassets.assets.records import AssetTable
from healthassets.assets.search import AssetFilter
from healthassets.assets.vocabulary import Status
from healthassets.io.assets import LayerReport, read_layers
from healthassets.io.assets_files import (
    export_frame,
    read_assets_file,
    write_assets_csv,
    write_assets_geojson,
)
from healthassets.io.values import ImportReport
from healthassets.services.asset_indicators import write_asset_indicators
from healthassets.services.asset_layers import declared_kinds, merge_duplicates
from healthassets.services.asset_places import assign_areas, place_assets, set_coverage
from healthassets.store import Engine
from healthassets.store.areas import administrative_links, known_area_codes
from healthassets.store.asset_areas import coverage_codes, replace_asset_kinds
from healthassets.store.asset_saving import SaveReport, replace_asset_sources, save_assets
from healthassets.store.assets import list_assets
from healthassets.store.bulk import bulk_load


@dataclass
class AssetLoadReport:
    layers: LayerReport
    saved: SaveReport
    located: int = 0
    unlocated: int = 0
    coverage: int = 0
    indicator_reports: list[ImportReport] = field(default_factory=list)
    #: records merged into another as its second source; kinds mapped by a layer (docs/adr/0051)
    merged_sources: int = 0
    kinds: list[str] = field(default_factory=list)
    #: how the points were placed (detailed / generalised / nearest / unplaced boundaries)
    placement: dict[str, int] = field(default_factory=dict)
    #: wall-clock seconds of each stage
    seconds: dict[str, float] = field(default_factory=dict)


def load_assets(engine: Engine, data_dir: Path, *, period: str | None = None) -> AssetLoadReport:
    """The bundled asset layers (Greater Manchester, and the national ones): read, merge the
    records of the same asset (docs/adr/0051), import (published), place, declare the coverage of
    the register (Greater Manchester) and of each kind a layer maps, write the indicators."""
    data_dir = Path(data_dir)
    clock = _Clock()
    table, layer_report = read_layers(data_dir / "assets")
    table, merged = merge_duplicates(table, layer_report)
    kinds = declared_kinds(layer_report.rules, str(data_dir / "assets" / "classification.csv"))
    clock.lap("read")
    with engine.begin() as connection, bulk_load(connection):
        saved = save_assets(connection, table, replace_sources=True)
        merged["asset_id"] = merged["row"].map(saved.ids)
        publishers = sorted({r.publisher for r in layer_report.rules.values() if r.include})
        merged_count = replace_asset_sources(connection, merged, publishers)
        replace_asset_kinds(connection, kinds)
    clock.lap("save")
    links = administrative_links(engine)
    placement: dict[str, int] = {}
    located, unlocated = assign_areas(engine, data_dir, links=links, tally=placement)
    coverage = set_coverage(engine, links=links)
    clock.lap("place")
    reports = write_asset_indicators(engine, data_dir, period=period, links=links)
    clock.lap("indicators")
    return AssetLoadReport(
        layer_report, saved, located, unlocated, coverage, reports,
        merged_count, kinds["kind"].tolist(), placement, clock.laps,
    )  # fmt: skip


class _Clock:
    """Wall-clock seconds per stage."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self.start = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self.start
        self.start = now


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
    with engine.begin() as connection:  # the assets and their areas in one commit (docs/adr/0079)
        saved = save_assets(connection, table, replace_sources=False, user_id=user_id)
        place_assets(connection, data_dir, list(saved.ids.values()))
    if coverage_codes(engine):
        write_asset_indicators(engine, data_dir)
    return saved


def export_assets(
    engine: Engine, path: Path | None, asset_filter: AssetFilter | None = None, *, public: bool = True
) -> pd.DataFrame:
    """Export assets to ``path`` as GeoJSON (``.geojson``/``.json``) or CSV (anything else); returns
    the exported table (one row per asset, in the import layout). A ``public`` export holds people
    only as the public sees them (docs/adr/0035: no contact details, a coarse point)."""
    listed = list_assets(engine, asset_filter or AssetFilter())
    frame = export_frame(public_view(listed) if public else listed, public=public)
    if path is not None and path.suffix.lower() in {".geojson", ".json"}:
        write_assets_geojson(frame, path)
    elif path is not None:
        write_assets_csv(frame, path)
    return frame
