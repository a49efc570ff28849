"""``healthassets load`` / ``import`` / ``export``: data in and out of the store."""

from __future__ import annotations

from pathlib import Path

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
@click.option(
    "--skip-sensitivity",
    is_flag=True,
    help="Leave out the last step, the composite indices' Sobol' sensitivity (about a minute); the "
    "index pages then say it is not computed. A later load without the flag computes it.",
)
def load(database: str | None, data_dir: Path, report_path: Path, skip_sensitivity: bool) -> None:
    """Create or migrate the database and load the bundled real data.

    Invalid rows of the real extracts (duplicate keys, CIs that do not bracket their value,
    unknown GP codes) are skipped and counted; the --report CSV lists each one. Idempotent: each
    source replaces its own batch.
    """
    import pandas as pd

    from healthassets.services.assets import AssetLoadReport
    from healthassets.services.bundled import Step, StepOutcome, load_bundled

    out = console()
    engine = open_database(database, out)
    status = out.status("Loading…")
    status.start()

    def on_step(step: Step) -> None:
        status.update(f"{step.label}…")

    def on_outcome(step: Step, outcome: StepOutcome) -> None:
        for line in outcome.lines:
            label, _, rest = line.partition(": ")
            out.print(f"[bold]{label}[/]: {rest}" if rest else line)
        if isinstance(outcome.detail, AssetLoadReport):
            print_asset_report(out, outcome.detail)
        else:
            for label, report in outcome.reports:
                print_report(out, report, label)
        if isinstance(outcome.detail, pd.DataFrame):
            print_corrections(out, outcome.detail)

    try:
        skip = ["indices"] if skip_sensitivity else []
        outcomes = load_bundled(engine, data_dir, skip=skip, on_step=on_step, on_outcome=on_outcome)
    finally:
        status.stop()
    reports = [report for outcome in outcomes for _, report in outcome.reports]
    frames = [r.to_frame() for r in reports] + [f for o in outcomes for f in o.rejected]
    write_csv(pd.concat(frames), report_path)
    out.print(f"Rejected rows written to {report_path}")
    total_loaded = sum(r.rows_loaded for r in reports)
    total_rejected = sum(r.rows_rejected for r in reports)
    out.print(f"[bold green]Done[/]: {total_loaded:,} values loaded, {total_rejected:,} rows rejected.")


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
