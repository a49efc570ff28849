"""``healthassets assets …``: the community asset register from the command line.

healthassets assets load [--data-dir DIR]            the bundled Greater Manchester assets
healthassets assets import FILE [--status S] [--source NAME]   bulk CSV/GeoJSON, all-or-nothing
healthassets assets export [-o FILE.csv|.geojson] [--type T] [--dimension D] [--five-ways W] [--area CODE]
healthassets assets indicators [--radius M] [--catchment M] [--decay gaussian|stepped|none]
"""

from __future__ import annotations

from pathlib import Path

import click

from healthassets.cli.options import console, data_dir_option, database_option, existing_store, open_database
from healthassets.cli.reports import print_asset_report, print_report
from healthassets.io.csv_safety import csv_text

bundled_data = data_dir_option("Folder with the bundled data (assets/, geography/).")


@click.group("assets")
def assets() -> None:
    """The community asset register: load, import, export, indicators."""


@assets.command("load")
@database_option
@bundled_data
def load(database: str | None, data_dir: Path) -> None:
    """Import the bundled Greater Manchester assets, place them in areas and write their indicators."""
    from healthassets.services.assets import load_assets

    out = console()
    engine = open_database(database, out)
    with out.status("Loading community assets…"):
        report = load_assets(engine, data_dir)
    print_asset_report(out, report)


@assets.command("import")
@database_option
@bundled_data
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--status", default="published", show_default=True, help="Status of records that give none.")
@click.option("--source", default=None, help="Source named on records that give none.")
def import_(database: str | None, data_dir: Path, file: Path, status: str, source: str | None) -> None:
    """Import a bulk CSV or GeoJSON file of assets (all-or-nothing: any bad row writes nothing)."""
    from healthassets.assets.vocabulary import Status
    from healthassets.errors import InputError
    from healthassets.services.assets import import_asset_file

    if status not in {s.value for s in Status}:
        raise InputError(f"unknown status {status!r}", column="--status")
    if not file.exists():
        raise InputError("file not found", file=str(file))
    out = console()
    engine = open_database(database, out)
    saved = import_asset_file(engine, file, data_dir, status=Status(status), source=source)
    out.print(f"[bold]{file}[/]: {saved.inserted:,} assets added, {saved.updated:,} updated")


@assets.command("export")
@database_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="FILE.csv or FILE.geojson (default: CSV on standard output).",
)
@click.option("--type", "asset_types", multiple=True, help="ABCD asset type (repeatable).")
@click.option("--dimension", "dimensions", multiple=True, help="Arup dimension (repeatable).")
@click.option("--five-ways", "five_ways", multiple=True, help="Five Ways tag (repeatable).")
@click.option("--area", default=None, help="Only assets in (or serving) this area code.")
@click.option("--status", "statuses", multiple=True, help="Status (default: published).")
def export(
    database: str | None,
    output: Path | None,
    asset_types: tuple[str, ...],
    dimensions: tuple[str, ...],
    five_ways: tuple[str, ...],
    area: str | None,
    statuses: tuple[str, ...],
) -> None:
    """Export assets as CSV or GeoJSON (people's contact details are never exported)."""
    from healthassets.assets.search import AssetFilter
    from healthassets.services.assets import export_assets

    engine = existing_store(database)
    asset_filter = AssetFilter(
        statuses=list(statuses) or ["published"],
        asset_types=list(asset_types),
        dimensions=list(dimensions),
        five_ways=list(five_ways),
        area=area,
    )
    frame = export_assets(engine, output, asset_filter, public=True)
    if output is None:
        click.echo(csv_text(frame), nl=False)
    else:
        console(stderr=True).print(f"{len(frame):,} assets written to {output}")


@assets.command("indicators")
@database_option
@bundled_data
@click.option("--radius", type=float, default=1000.0, show_default=True, help="Count assets within (metres).")
@click.option("--catchment", type=float, default=2000.0, show_default=True, help="2SFCA catchment (metres).")
@click.option(
    "--decay", type=click.Choice(["gaussian", "stepped", "none"]), default="gaussian", show_default=True
)
def indicators(database: str | None, data_dir: Path, radius: float, catchment: float, decay: str) -> None:
    """Recompute asset counts, rates and access per area from the published assets."""
    from healthassets.services.asset_indicators import write_asset_indicators

    out = console()
    engine = open_database(database, out)
    for report in write_asset_indicators(engine, data_dir, radius=radius, catchment=catchment, decay=decay):
        print_report(out, report, f"Asset indicators ({report.source})")


@assets.command("coverage")
@database_option
@bundled_data
@click.argument("authorities", nargs=-1, required=True)
@click.option("--note", default=None, help="What the coverage is (shown with it).")
def coverage(database: str | None, data_dir: Path, authorities: tuple[str, ...], note: str | None) -> None:
    """Declare the authorities the register is mapped for (with their MSOAs and LSOAs) and
    recompute the indicators: outside them, asset counts and access are 'not mapped'."""
    from healthassets.services.asset_indicators import write_asset_indicators
    from healthassets.services.asset_places import set_coverage

    out = console()
    engine = open_database(database, out)
    count = set_coverage(engine, tuple(authorities), note)
    out.print(f"Coverage: {count:,} areas")
    for report in write_asset_indicators(engine, data_dir):
        print_report(out, report, f"Asset indicators ({report.source})")
