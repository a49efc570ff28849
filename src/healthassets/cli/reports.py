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
    merged = int(layers.layers["merged"].sum()) if "merged" in layers.layers else 0
    out.print(
        f"[bold]Community assets[/]: {layers.rows_read:,} records read, {layers.rows_kept:,} kept, "
        f"{merged:,} merged into the same asset from another record (docs/adr/0051) "
        f"({saved.inserted:,} new, {saved.updated - saved.unchanged:,} updated, "
        f"{saved.unchanged:,} unchanged, {saved.removed:,} removed), {rejected:,} rejected, "
        f"{len(layers.flagged):,} values ignored"
    )
    if "merged" in layers.layers:
        counted = layers.layers[(layers.layers["merged"] > 0) | (layers.layers["absorbed"] > 0)]
        for row in counted.itertuples():
            out.print(
                f"    {row.layer}: {row.rows:,} rows, {row.records:,} records, {row.merged:,} merged into "
                f"another, {row.absorbed:,} others merged into its own, {row.assets:,} assets"
            )
    placed = ", ".join(f"{n:,} {how}" for how, n in sorted(report.placement.items()))
    out.print(
        f"    {report.located:,} placed in their LSOA ({placed or 'none'}), {report.unlocated:,} outside "
        f"the boundaries; coverage {report.coverage:,} areas; kinds mapped by a layer: "
        f"{', '.join(report.kinds) or 'none'}"
    )
    if report.seconds:
        laps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.seconds.items())
        out.print(f"    time: {sum(report.seconds.values()):.1f} s ({laps})")
    for indicator_report in report.indicator_reports:
        print_report(out, indicator_report, f"Asset indicators ({indicator_report.source})")
