"""``healthassets openreferral …``: the register as HSDS JSON (Open Referral UK 3.0).

healthassets openreferral export FILE.json [--data-dir DIR]
healthassets openreferral import FILE.json [--status S] [--source NAME] [--data-dir DIR] [--no-place]
"""

from __future__ import annotations

from pathlib import Path

import click

from healthassets.cli.options import console, data_dir_option, database_option, open_database

bundled_data = data_dir_option(
    "Folder with the bundled data (geography/: postcodes, boundaries for placing)."
)


@click.group("openreferral")
def openreferral() -> None:
    """Export or import the register as Open Referral UK 3.0 (HSDS) JSON."""


@openreferral.command("export")
@database_option
@bundled_data
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def export(database: str | None, data_dir: Path, file: Path) -> None:
    """Write every published asset as a fully nested HSDS service, with the taxonomies."""
    from healthassets.openreferral.io import export_hsds

    out = console()
    engine = open_database(database, out)
    count = export_hsds(engine, file, data_dir if data_dir.exists() else None)
    out.print(f"[bold]{file}[/]: {count:,} services")


@openreferral.command("import")
@database_option
@bundled_data
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--status", default="published", show_default=True, help="Status of the imported assets.")
@click.option("--source", default=None, help="Source named on the records (default: the file name).")
@click.option("--no-place", is_flag=True, help="Do not place the assets in areas or refresh indicators.")
def import_(
    database: str | None, data_dir: Path, file: Path, status: str, source: str | None, no_place: bool
) -> None:
    """Import HSDS JSON services as assets (all-or-nothing: any bad service writes nothing)."""
    from healthassets.assets.vocabulary import Status
    from healthassets.errors import InputError
    from healthassets.openreferral.io import import_hsds

    if status not in {s.value for s in Status}:
        raise InputError(f"unknown status {status!r}", column="--status")
    out = console()
    engine = open_database(database, out)
    place = None if no_place or not data_dir.exists() else data_dir
    saved = import_hsds(engine, file, place, status=Status(status), source=source)
    out.print(f"[bold]{file}[/]: {saved.inserted:,} assets added, {saved.updated:,} updated")
