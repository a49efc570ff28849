"""Use cases: load the bundled data, import a Fingertips file, export values.

Each one parses and validates with :mod:`healthassets.io` (every problem found before anything is
written) and then has the store write the result in one transaction per source
(:mod:`healthassets.store.areas`, :mod:`healthassets.store.values`), so an import is all or nothing:
a rejected file leaves the store as it was, and re-importing a source replaces its batch.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.errors import ImportValidationError
from healthassets.indicators.corrections import apply_corrections
from healthassets.io.corrections import FILE_NAME as CORRECTIONS
from healthassets.io.corrections import read_corrections
from healthassets.io.csv_safety import write_csv
from healthassets.io.export import fingertips_csv_frame
from healthassets.io.fingertips_csv import CHUNK_ROWS, read_spill, sorted_key_hashes, validate_file
from healthassets.io.fingertips_next import read_indicators, read_values, validate_extract_values
from healthassets.io.geography import build_geography
from healthassets.io.needs import NEEDS_SOURCES, validate_needs
from healthassets.io.predecessors import check_successors, read_predecessors
from healthassets.io.values import ImportReport, raise_or_keep
from healthassets.store import Engine, Session
from healthassets.store import areas as area_store
from healthassets.store.indicator_corrections import record_corrections
from healthassets.store.indicators import save_indicators
from healthassets.store.values import (
    BatchOfValues,
    ValueFilter,
    fetch_values,
    keys_from_other_sources,
    write_batch,
    write_batches,
)

__all__ = [
    "ValueFilter",
    "export_fingertips_csv",
    "import_fingertips_csv",
    "load_fingertips_next",
    "load_geography",
    "load_needs",
]

Progress = Callable[[int], None]
#: the batch of the bundled FingertipsNext values
FINGERTIPS_NEXT_SOURCE = "fingertips-next:healthdata.csv"


def load_geography(
    bind: Engine | Session, data_dir: Path, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Build, validate and write the bundled geography; returns the number of areas by type (the
    inactive ones, replaced by the 2023 reorganisations, counted as 'inactive').

    With an Engine the load commits on its own; with a Session it joins the caller's transaction
    (the caller commits). Re-running replaces the previous load. Without
    ``geography/la_all_codes.csv`` no inactive areas are loaded.
    """
    if progress:
        progress("reading areas and the small-area lookup")
    geography = Path(data_dir) / "geography"
    areas, links = build_geography(Path(data_dir))
    areas = areas.assign(active=True)
    successors = pd.DataFrame(columns=["predecessor_code", "successor_code", "replaced_on"])
    if (geography / "la_all_codes.csv").exists():
        old, successors = read_predecessors(geography)
        check_successors(successors, areas, str(geography / "la_all_codes.csv"))
        areas = pd.concat([areas, old], ignore_index=True)
    if progress:
        progress(f"writing {len(areas):,} areas and {len(links):,} parent links")
    area_store.write_geography(bind, areas, links, successors)
    counts = areas.loc[areas["active"], "area_type"].value_counts()
    return {str(k): int(v) for k, v in counts.items()} | {"inactive": int((~areas["active"]).sum())}


def load_fingertips_next(
    engine: Engine, directory: Path, *, skip_invalid: bool = True, progress: Progress | None = None
) -> ImportReport:
    """Load the extract's indicators, with ``corrections.csv`` applied (ADR 0040), and values (one
    batch, invalid rows reported)."""
    directory = Path(directory)
    corrected = apply_corrections(read_indicators(directory), read_corrections(directory / CORRECTIONS))
    indicators = corrected.indicators
    file = str(directory / "healthdata.csv")
    frame = read_values(directory, indicators)
    frame, problems = validate_extract_values(frame, indicators, area_store.known_area_codes(engine), file)
    report = ImportReport(source="fingertips-next", rows_read=len(frame), problems=problems)
    valid = raise_or_keep(frame, problems, skip_invalid=skip_invalid, file=file)
    save_indicators(engine, indicators)
    record_corrections(engine, "fingertips-next", corrected.outcome)
    write_batch(
        engine,
        FINGERTIPS_NEXT_SOURCE,
        "fingertips-next",
        valid,
        file_name="healthdata.csv",
        rows_rejected=report.rows_rejected,
        progress=progress,
    )
    report.rows_loaded = len(valid)
    return report


def load_needs(engine: Engine, geography_dir: Path, *, skip_invalid: bool = True) -> list[ImportReport]:
    """Load IMD 2025 and Census 2021 household deprivation as indicators (one batch each).

    Both files are read and validated before anything is written; then both batches are written in
    one transaction.
    """
    known = area_store.known_area_codes(engine)
    checked = [
        (needs, *validate_needs(geography_dir, needs, known, skip_invalid=skip_invalid))
        for needs in NEEDS_SOURCES
    ]
    for needs, _, _ in checked:
        save_indicators(engine, needs.indicators())
    write_batches(
        engine,
        [
            BatchOfValues(needs.source, "needs", [valid], needs.file_name, report.rows_rejected)
            for needs, valid, report in checked
        ],
    )
    return [report for _, _, report in checked]


def import_fingertips_csv(
    engine: Engine,
    path: Path | str,
    *,
    skip_invalid: bool = False,
    source: str | None = None,
    chunk_rows: int = CHUNK_ROWS,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a Fingertips-format CSV all-or-nothing (or skipping invalid rows, reported).

    Pass 1 (:func:`healthassets.io.fingertips_csv.validate_file`) checks every row, including keys
    another source already stored, and spills the parsed rows to a temporary file; pass 2 streams
    the valid rows from it into one transaction that replaces the source's batch.
    """
    path = Path(path)
    source = source or str(path.resolve())
    known = area_store.known_area_codes(engine)

    def stored(indicators: list[int]) -> np.ndarray:
        return sorted_key_hashes(keys_from_other_sources(engine, source, indicators))

    with tempfile.TemporaryDirectory(prefix="healthassets-import-") as folder:
        spill = Path(folder) / "validated.arrow"
        report, names = validate_file(
            path, known, chunk_rows=chunk_rows, progress=progress, stored=stored, spill=spill
        )
        report.source = source
        if report.problems and not skip_invalid:
            raise ImportValidationError(sorted(report.problems, key=lambda p: p.row), file=str(path))
        bad_rows = np.array(sorted({p.row for p in report.problems}), dtype=np.int64)
        batch = BatchOfValues(
            source,
            "fingertips-csv",
            read_spill(spill, bad_rows),
            path.name,
            report.rows_rejected,
            new_indicators=names,
        )
        [(_batch_id, loaded)] = write_batches(engine, [batch], progress=progress)
    report.rows_loaded = loaded
    return report


def export_fingertips_csv(
    engine: Engine, path: Path | str | None, value_filter: ValueFilter | None = None
) -> pd.DataFrame:
    """The filtered values in the Fingertips download layout, written to ``path`` (or only returned
    when ``path`` is None)."""
    frame = fingertips_csv_frame(fetch_values(engine, value_filter or ValueFilter()))
    if path is not None:
        write_csv(frame, path)
    return frame
