"""``healthassets load`` / ``import`` / ``export``: data in and out of the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from healthassets.cli.options import (
    console,
    data_dir_option,
    database_option,
    existing_store,
    open_database,
    progress_bar,
)
from healthassets.cli.reports import print_asset_report, print_corrections, print_report
from healthassets.errors import InputError
from healthassets.io.csv_safety import csv_text, write_csv


@click.command("load")
@database_option
@data_dir_option("Folder with the bundled data (fingertips/, geography/, boundaries/).")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("healthassets-load-rejected.csv"),
    show_default=True,
    help="CSV listing every rejected row (file, row, column, reason).",
)
def load(database: str | None, data_dir: Path, report_path: Path) -> None:
    """Create or migrate the database and load the bundled real data.

    Invalid rows of the real extracts (duplicate keys, CIs that do not bracket their value,
    unknown GP codes) are skipped and counted; the --report CSV lists each one. Idempotent: each
    source replaces its own batch.
    """
    from healthassets.services.indicator_corrections import load_outcome
    from healthassets.services.loading import load_fingertips_next, load_geography, load_needs
    from healthassets.services.profiles import ensure_demo_profile

    out = console()
    engine = open_database(database, out)
    with out.status("Loading areas and their hierarchy…"):
        counts = load_geography(engine, data_dir)
    out.print(f"[bold]Areas[/]: {sum(counts.values()):,} loaded ({_summary(counts)})")
    values_file = data_dir / "fingertips" / "healthdata.csv"
    rows = sum(1 for _ in values_file.open("rb")) - 1 if values_file.exists() else 1
    with progress_bar(out, "Loading Fingertips indicators and values", total=max(rows, 1)) as advance:
        fingertips = load_fingertips_next(
            engine, data_dir / "fingertips", skip_invalid=True, progress=advance
        )
    print_report(out, fingertips, "Fingertips values (fingertips/healthdata.csv)")
    print_corrections(out, load_outcome(engine))
    with out.status("Loading small-area needs data (IMD 2025, Census 2021)…"):
        needs = load_needs(engine, data_dir / "geography", skip_invalid=True)
    for report in needs:
        print_report(out, report, f"Needs data ({report.source})")
    asset_problems: list[Any] = []
    if (data_dir / "assets" / "classification.csv").exists():
        from healthassets.services.assets import load_assets

        with out.status("Loading community assets, placing them in areas, writing their indicators…"):
            assets = load_assets(engine, data_dir)
        print_asset_report(out, assets)
        needs = [*needs, *assets.indicator_reports]
        found = assets.layers.to_frame()
        asset_problems = [found.assign(reason=found["reason"] + " (" + found["outcome"] + ")")]
    ensure_demo_profile(engine)
    from healthassets.services.derived import rebuild_derived

    with out.status("Deriving benchmarks, trends, spines and region values…"):
        derived = rebuild_derived(engine)
    out.print(
        f"[bold]Derived tables[/]: {sum(derived.rows.values()):,} rows in {derived.seconds:.1f} s "
        f"({derived.cpu_seconds:.1f} s CPU)"
    )
    reports = [fingertips, *needs]
    import pandas as pd

    frames = [r.to_frame() for r in reports] + [f.drop(columns="outcome") for f in asset_problems]
    write_csv(pd.concat(frames), report_path)
    out.print(f"Rejected rows written to {report_path}")
    total_loaded = sum(r.rows_loaded for r in reports)
    total_rejected = sum(r.rows_rejected for r in reports)
    out.print(f"[bold green]Done[/]: {total_loaded:,} values loaded, {total_rejected:,} rows rejected.")


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{n:,} {t}" for t, n in sorted(counts.items(), key=lambda kv: -kv[1]))


@click.command("import")
@database_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--skip-invalid", is_flag=True, help="Write the valid rows and report the rejected ones.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="CSV of rejected rows (default with --skip-invalid: FILE.rejected.csv).",
)
@click.option("--source", default=None, help="Name of the source; re-importing it replaces its batch.")
def import_(
    database: str | None, file: Path, skip_invalid: bool, report_path: Path | None, source: str | None
) -> None:
    """Import a Fingertips-format CSV (all-or-nothing unless --skip-invalid)."""
    from healthassets.services.loading import import_fingertips_csv

    out = console()
    if not file.exists():
        raise InputError("file not found", file=str(file))
    engine = open_database(database, out)
    total_rows = sum(1 for _ in file.open("rb")) - 1
    with progress_bar(out, "Checking and importing", total=max(total_rows, 1) * 2) as advance:
        report = import_fingertips_csv(
            engine, file, skip_invalid=skip_invalid, source=source, progress=advance
        )
    print_report(out, report, str(file))
    from healthassets.services.derived import ensure_derived

    with out.status("Deriving benchmarks, trends, spines and region values…"):
        ensure_derived(engine)  # the pages read them (docs/adr/0044)
    if report.problems:
        path = report_path or file.with_suffix(".rejected.csv")
        write_csv(report.to_frame(), path)
        out.print(f"Rejected rows written to {path}")


@click.command("export")
@database_option
@click.option("--indicator", "indicators", multiple=True, type=int, help="Indicator id (repeatable).")
@click.option("--area", "areas", multiple=True, help="Area code (repeatable or comma-separated).")
@click.option("--area-type", default=None, help="Area type, e.g. ltla, utla, region, lsoa, msoa.")
@click.option("--parent", default=None, help="Only areas whose parent is this code.")
@click.option("--period", "periods", multiple=True, help="Time period, e.g. 2022/23 (repeatable).")
@click.option("--sex", "sexes", multiple=True, help="Persons, Male or Female (repeatable).")
@click.option("--age", "ages", multiple=True, help="Age band as shown, e.g. 'All ages' (repeatable).")
@click.option("--latest", is_flag=True, help="Only each series' latest period.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Output CSV (default: standard output).",
)
def export(
    database: str | None,
    indicators: tuple[int, ...],
    areas: tuple[str, ...],
    area_type: str | None,
    parent: str | None,
    periods: tuple[str, ...],
    sexes: tuple[str, ...],
    ages: tuple[str, ...],
    latest: bool,
    output: Path | None,
) -> None:
    """Export values in the Fingertips data-download format."""
    from healthassets.io.export import parse_filter_lists
    from healthassets.services.loading import ValueFilter, export_fingertips_csv

    engine = existing_store(database)
    value_filter = ValueFilter(
        indicators=list(indicators),
        areas=parse_filter_lists(areas),
        area_type=area_type,
        parent=parent,
        periods=list(periods),
        sexes=list(sexes),
        ages=list(ages),
        latest_only=latest,
    )
    frame = export_fingertips_csv(engine, output, value_filter)
    if output is None:
        click.echo(csv_text(frame), nl=False)
    else:
        console(stderr=True).print(f"{len(frame):,} rows written to {output}")
