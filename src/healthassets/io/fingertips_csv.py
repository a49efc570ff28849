"""Fingertips data-download CSVs: streamed, validated import and the column layout.

A Fingertips download (fingertips.phe.org.uk → "Download data") has the columns of
:data:`FINGERTIPS_COLUMNS`. Import streams the file in chunks so memory stays bounded: pass 1
validates every row and spills the parsed chunks to a temporary Arrow IPC file; pass 2
(:func:`read_spill`) reads the valid rows back for the store to write in one transaction that
replaces the source's previous batch (:func:`healthassets.services.loading.import_fingertips_csv`).
This module never writes to the store. With ``skip_invalid`` the bad rows are left out and reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from healthassets.errors import InputError, RowProblem
from healthassets.io.csv_files import read_csv_chunks
from healthassets.io.values import (
    KEY_COLUMNS,
    NUMBER_COLUMNS,
    TEXT_COLUMNS,
    VALUE_COLUMNS,
    ImportReport,
    known_set,
    validate_values,
)

#: Fingertips column → canonical column
FINGERTIPS_COLUMNS: dict[str, str] = {
    "Indicator ID": "indicator_id",
    "Indicator Name": "indicator_name",
    "Parent Code": "parent_code",
    "Parent Name": "parent_name",
    "Area Code": "area_code",
    "Area Name": "area_name",
    "Area Type": "area_type",
    "Sex": "sex",
    "Age": "age",
    "Category Type": "category_type",
    "Category": "category",
    "Time period": "period",
    "Value": "value",
    "Lower CI 95.0 limit": "lower95_0cl",
    "Upper CI 95.0 limit": "upper95_0cl",
    "Lower CI 99.8 limit": "lower99_8cl",
    "Upper CI 99.8 limit": "upper99_8cl",
    "Count": "count",
    "Denominator": "denominator",
    "Value note": "value_note",
    "Recent Trend": "recent_trend",
    "Compared to England value or percentiles": "compared_to_england",
    "Compared to percentiles": "compared_to_percentiles",
    "Time period Sortable": "period_sortable",
    "New data": "new_data",
    "Compared to goal": "compared_to_goal",
    "Time period range": "period_range",
}
REQUIRED = ["Indicator ID", "Area Code", "Sex", "Age", "Time period", "Value"]
#: the columns an import stores (the rest — names, parents, comparisons — follow from the store)
STORED = {
    "indicator_id",
    "indicator_name",
    "period_sortable",
    *KEY_COLUMNS,
    *NUMBER_COLUMNS,
    *TEXT_COLUMNS,
}
_READ = {name for name, column in FINGERTIPS_COLUMNS.items() if column in STORED}
CHUNK_ROWS = 100_000

Progress = Callable[[int], None]

#: the parsed chunks spilled between the passes (validated values, in canonical columns)
SPILL_SCHEMA = pa.schema(
    [
        ("indicator_id", pa.int64()),
        *[(c, pa.string()) for c in KEY_COLUMNS[1:]],
        ("period_sortable", pa.int64()),
        *[(c, pa.float64()) for c in NUMBER_COLUMNS],
        *[(c, pa.string()) for c in TEXT_COLUMNS],
        ("row", pa.int64()),
    ]
)


def _chunks(path: Path, chunk_rows: int) -> Iterator[tuple[int, pd.DataFrame]]:
    """(first data row number, canonical chunk) over the file; missing optional columns added.
    Missing markers (NA, NaN, #N/A; ADR 0039) are read as empty cells; a repeated column name is
    an error."""
    reader = read_csv_chunks(path, chunk_rows, usecols=lambda name: str(name).strip() in _READ)
    offset = 1
    for chunk in reader:
        yield offset, _canonical(chunk, offset, str(path))
        offset += len(chunk)


def _canonical(chunk: pd.DataFrame, offset: int, file: str) -> pd.DataFrame:
    chunk.columns = [str(c).strip() for c in chunk.columns]
    missing = [c for c in REQUIRED if c not in chunk.columns]
    if missing:
        raise InputError(
            f"required column '{missing[0]}' is missing (a Fingertips download has: "
            f"{', '.join(REQUIRED)}, …)",
            file=file,
            column=missing[0],
        )
    frame = chunk.rename(columns=FINGERTIPS_COLUMNS)
    for column in FINGERTIPS_COLUMNS.values():
        if column not in frame:
            frame[column] = ""
    frame = frame[list(FINGERTIPS_COLUMNS.values())].copy()
    frame["period_sortable"] = frame["period_sortable"].replace("", None)
    frame["row"] = np.arange(offset, offset + len(frame))
    return frame


def _key_hashes(frame: pd.DataFrame) -> np.ndarray:
    keys = frame[KEY_COLUMNS].astype(str)
    return pd.util.hash_pandas_object(keys, index=False).to_numpy()


def sorted_key_hashes(keys: pd.DataFrame) -> np.ndarray:
    """Sorted hashes of value keys (:data:`KEY_COLUMNS`), for the "already stored" check of
    :func:`validate_file`."""
    return np.sort(_key_hashes(keys)) if len(keys) else np.array([], dtype=np.uint64)


def validate_file(
    path: Path,
    known_areas: set[str],
    *,
    chunk_rows: int = CHUNK_ROWS,
    progress: Progress | None = None,
    stored: np.ndarray | Callable[[list[int]], np.ndarray] | None = None,
    spill: Path | None = None,
) -> tuple[ImportReport, dict[int, str]]:
    """Pass 1: every problem in the file (including keys repeated across chunks), and the
    indicator names seen, without writing to the store. With ``spill``, the parsed chunks are
    written there (Arrow IPC) for :func:`read_spill`. ``stored``: sorted key hashes held by other
    sources, or a function giving them for the file's indicator ids (called after the pass)."""
    report = ImportReport(source=str(path))
    known = known_set(known_areas)
    writer = pa.ipc.new_file(str(spill), SPILL_SCHEMA) if spill is not None else None
    try:
        names, seen_hashes, seen_rows = _validate_chunks(path, known, chunk_rows, progress, report, writer)
    finally:
        if writer is not None:
            writer.close()
    taken_by = stored(sorted(names)) if callable(stored) else stored
    if taken_by is not None and taken_by.size:
        taken, _ = _lookup(taken_by, np.zeros(len(taken_by), dtype=np.int64), seen_hashes)
        report.problems += [
            RowProblem(int(row), "area_code", "already in the store from another source", str(path))
            for row in np.sort(seen_rows[taken])
        ]
    return report, names


def _validate_chunks(
    path: Path,
    known: pa.Array,
    chunk_rows: int,
    progress: Progress | None,
    report: ImportReport,
    writer: pa.ipc.RecordBatchFileWriter | None,
) -> tuple[dict[int, str], np.ndarray, np.ndarray]:
    """Validate chunk by chunk into ``report``; return the indicator names seen and the sorted
    hashes of the distinct keys with the row where each first occurs."""
    seen_hashes = np.array([], dtype=np.uint64)
    seen_rows = np.array([], dtype=np.int64)
    names: dict[int, str] = {}
    for _offset, chunk in _chunks(path, chunk_rows):
        frame, problems = validate_values(chunk, known, str(path))
        report.rows_read += len(frame)
        if writer is not None:
            writer.write_table(
                pa.Table.from_pandas(frame[SPILL_SCHEMA.names], schema=SPILL_SCHEMA, preserve_index=False)
            )
        hashes = _key_hashes(frame)
        clash, first_rows = _lookup(seen_hashes, seen_rows, hashes)
        for row, first in zip(frame["row"].to_numpy()[clash], first_rows, strict=True):
            problems.append(
                RowProblem(
                    int(row),
                    "area_code",
                    f"duplicate key (indicator, area, period, sex, age, category): first at row {first}",
                    str(path),
                )
            )
        fresh = ~clash & ~pd.Series(hashes).duplicated().to_numpy()
        seen_hashes = np.concatenate([seen_hashes, hashes[fresh]])
        seen_rows = np.concatenate([seen_rows, frame["row"].to_numpy()[fresh]])
        order = np.argsort(seen_hashes, kind="stable")
        seen_hashes, seen_rows = seen_hashes[order], seen_rows[order]
        report.problems += problems
        ids = frame[["indicator_id", "indicator_name"]].dropna().drop_duplicates("indicator_id")
        names.update(
            {int(i): str(n) for i, n in zip(ids["indicator_id"], ids["indicator_name"], strict=True)}
        )
        if progress:
            progress(len(frame))
    return names, seen_hashes, seen_rows


def _lookup(sorted_hashes: np.ndarray, rows: np.ndarray, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which ``hashes`` occur in ``sorted_hashes`` (sorted), and the ``rows`` where they do."""
    if not sorted_hashes.size:
        return np.zeros(len(hashes), dtype=bool), np.array([], dtype=np.int64)
    where = np.minimum(np.searchsorted(sorted_hashes, hashes), len(sorted_hashes) - 1)
    found = sorted_hashes[where] == hashes
    return found, rows[where[found]]


def read_spill(spill: Path, bad_rows: np.ndarray) -> Iterator[pd.DataFrame]:
    """The spilled chunks without ``bad_rows``, as canonical value frames."""
    bad = pa.array(bad_rows, type=pa.int64())
    with pa.memory_map(str(spill)) as source:
        reader = pa.ipc.open_file(source)
        for index in range(reader.num_record_batches):
            batch = reader.get_batch(index)
            if len(bad):
                batch = batch.filter(pc.invert(pc.is_in(batch.column("row"), value_set=bad)))
            yield batch.to_pandas()[VALUE_COLUMNS]
