"""Use cases of the community asset register as a whole: load the bundled assets (import, place,
cover, write indicators), import an asset file, export the register.
"""

from __future__ import annotations

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
from healthassets.services.asset_places import assign_areas, set_coverage
from healthassets.store import Engine
from healthassets.store.areas import administrative_links, known_area_codes
from healthassets.store.asset_areas import coverage_codes
from healthassets.store.asset_saving import SaveReport, save_assets
from healthassets.store.assets import list_assets


@dataclass
class AssetLoadReport:
    layers: LayerReport
    saved: SaveReport
    located: int = 0
    unlocated: int = 0
    coverage: int = 0
    indicator_reports: list[ImportReport] = field(default_factory=list)


def load_assets(engine: Engine, data_dir: Path, *, period: str | None = None) -> AssetLoadReport:
    """The bundled Greater Manchester assets: import (published), place, cover GM, write indicators."""
    data_dir = Path(data_dir)
    table, layer_report = read_layers(data_dir / "assets")
    with engine.begin() as connection:
        saved = save_assets(connection, table, replace_sources=True)
    links = administrative_links(engine)
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
    the exported table (one row per asset, in the import layout). A ``public`` export holds people
    only as the public sees them (docs/adr/0035: no contact details, a coarse point)."""
    listed = list_assets(engine, asset_filter or AssetFilter())
    frame = export_frame(public_view(listed) if public else listed, public=public)
    if path is not None and path.suffix.lower() in {".geojson", ".json"}:
        write_assets_geojson(frame, path)
    elif path is not None:
        write_assets_csv(frame, path)
    return frame
