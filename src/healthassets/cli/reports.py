"""How the CLI prints an import's report."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from rich.console import Console

from healthassets.io.values import ImportReport

if TYPE_CHECKING:
    from healthassets.services.assets import AssetLoadReport


def print_report(out: Console, report: ImportReport, label: str) -> None:
    out.print(
        f"[bold]{label}[/]: {report.rows_read:,} rows read, {report.rows_loaded:,} loaded, "
        f"{report.rows_rejected:,} rejected"
    )
    for reason, count in report.reasons().items():
        out.print(f"    {count:>7,}  {reason}")


def print_corrections(out: Console, outcome: pd.DataFrame) -> None:
    """What the load did with each metadata correction: the applied ones counted, every other one
    named (no longer needed: delete it from the corrections file; extract differs: review it)."""
    if outcome.empty:
        return
    applied = outcome["status"] == "applied"
    out.print(f"[bold]Indicator metadata corrections[/]: {int(applied.sum()):,} applied")
    for row in outcome[~applied].itertuples():
        out.print(
            f"    [yellow]{row.status}[/]: indicator {row.indicator_id} {row.field} "
            f"(the extract says {row.extract_value!r}; the correction expects {row.published_value!r} "
            f"→ {row.corrected_value!r})"
        )


def print_asset_report(out: Console, report: AssetLoadReport) -> None:
    layers, saved = report.layers, report.saved
    rejected = len({(p.file, p.row) for p in layers.rejected})
    out.print(
        f"[bold]Community assets[/]: {layers.rows_read:,} records read, {layers.rows_kept:,} kept "
        f"({saved.inserted:,} new, {saved.updated:,} updated, {saved.removed:,} removed), "
        f"{rejected:,} rejected, {len(layers.flagged):,} values ignored"
    )
    out.print(
        f"    {report.located:,} placed in their LSOA, {report.unlocated:,} outside the boundaries; "
        f"coverage {report.coverage:,} areas"
    )
    for indicator_report in report.indicator_reports:
        print_report(out, indicator_report, f"Asset indicators ({indicator_report.source})")
