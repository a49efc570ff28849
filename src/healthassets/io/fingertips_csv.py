"""Fingertips data-download CSVs: streamed, validated import and the column layout.

A Fingertips download (fingertips.phe.org.uk → "Download data") has the columns of
:data:`FINGERTIPS_COLUMNS`. Import reads the file twice in chunks so memory stays bounded: pass 1
validates every row (nothing is written); pass 2 writes the valid rows in one transaction that
replaces the source's previous batch. With ``skip_invalid`` the bad rows are left out and reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine, insert, select

from healthassets.errors import ImportValidationError, InputError, RowProblem
from healthassets.io.values import (
    KEY_COLUMNS,
    ImportReport,
    finish_batch,
    insert_values,
    known_area_codes,
    start_batch,
    validate_values,
)
from healthassets.store.models import ImportBatch, Indicator, IndicatorValue

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
CHUNK_ROWS = 100_000

Progress = Callable[[int], None]


def _chunks(path: Path, chunk_rows: int) -> Iterator[tuple[int, pd.DataFrame]]:
    """(first data row number, canonical chunk) over the file; missing optional columns added."""
    try:
        reader = pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", chunksize=chunk_rows
        )
        offset = 1
        for chunk in reader:
            yield offset, _canonical(chunk, offset, str(path))
            offset += len(chunk)
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise InputError(f"not a readable CSV file ({error})", file=str(path)) from None
    except pd.errors.EmptyDataError:
        raise InputError("the file is empty", file=str(path)) from None


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


def existing_keys(engine: Engine, source: str) -> np.ndarray:
    """Hashes of the keys already stored by *other* sources (a key may be loaded only once)."""
    other_batches = select(ImportBatch.id).where(ImportBatch.source != source)
    query = select(*[getattr(IndicatorValue, c) for c in KEY_COLUMNS]).where(
        IndicatorValue.batch_id.in_(other_batches)
    )
    with engine.connect() as connection:
        frame = pd.DataFrame(connection.execute(query).all(), columns=KEY_COLUMNS)
    return np.sort(_key_hashes(frame)) if len(frame) else np.array([], dtype=np.uint64)


def validate_file(
    path: Path,
    known_areas: set[str],
    *,
    chunk_rows: int = CHUNK_ROWS,
    progress: Progress | None = None,
    stored: np.ndarray | None = None,
) -> tuple[ImportReport, dict[int, str]]:
    """Pass 1: every problem in the file (including keys repeated across chunks), and the
    indicator names seen, without writing anything."""
    report = ImportReport(source=str(path))
    seen_hashes = np.array([], dtype=np.uint64)
    seen_rows = np.array([], dtype=np.int64)
    names: dict[int, str] = {}
    for _offset, chunk in _chunks(path, chunk_rows):
        frame, problems = validate_values(chunk, known_areas, str(path))
        report.rows_read += len(frame)
        hashes = _key_hashes(frame)
        clash = np.isin(hashes, seen_hashes)
        if clash.any():
            order = np.argsort(seen_hashes)
            where = order[np.searchsorted(seen_hashes, hashes[clash], sorter=order)]
            for row, first in zip(frame["row"].to_numpy()[clash], seen_rows[where], strict=True):
                problems.append(
                    RowProblem(
                        int(row),
                        "area_code",
                        f"duplicate key (indicator, area, period, sex, age, category): first at row {first}",
                        str(path),
                    )
                )
        if stored is not None and stored.size:
            taken = np.isin(hashes, stored)
            for row in frame["row"].to_numpy()[taken]:
                problems.append(
                    RowProblem(int(row), "area_code", "already in the store from another source", str(path))
                )
        fresh = ~clash & ~pd.Series(hashes).duplicated().to_numpy()
        seen_hashes = np.concatenate([seen_hashes, hashes[fresh]])
        seen_rows = np.concatenate([seen_rows, frame["row"].to_numpy()[fresh]])
        report.problems += problems
        ids = frame[["indicator_id", "indicator_name"]].dropna().drop_duplicates("indicator_id")
        names.update(
            {int(i): str(n) for i, n in zip(ids["indicator_id"], ids["indicator_name"], strict=True)}
        )
        if progress:
            progress(len(frame))
    return report, names


def ensure_indicators(engine: Engine, names: dict[int, str], source: str) -> None:
    """Create indicators the store does not know yet, named as in the file (metadata to follow)."""
    with engine.begin() as connection:
        known = set(connection.scalars(select(Indicator.id)))
        new = [
            {"id": i, "name": n or f"Indicator {i}", "source": source, "has_full_metadata": False}
            for i, n in names.items()
            if i not in known
        ]
        if new:
            connection.execute(insert(Indicator), new)


def import_fingertips_csv(
    engine: Engine,
    path: Path | str,
    *,
    skip_invalid: bool = False,
    source: str | None = None,
    chunk_rows: int = CHUNK_ROWS,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a Fingertips-format CSV all-or-nothing (or skipping invalid rows, reported)."""
    path = Path(path)
    source = source or str(path.resolve())
    known = known_area_codes(engine)
    stored = existing_keys(engine, source)
    report, names = validate_file(path, known, chunk_rows=chunk_rows, progress=progress, stored=stored)
    report.source = source
    if report.problems and not skip_invalid:
        raise ImportValidationError(sorted(report.problems, key=lambda p: p.row), file=str(path))
    bad_rows = np.array(sorted({p.row for p in report.problems}), dtype=np.int64)
    ensure_indicators(engine, names, source)
    with engine.begin() as connection:
        batch_id = start_batch(connection, source, "fingertips-csv", path.name)
        loaded = 0
        for _offset, chunk in _chunks(path, chunk_rows):
            frame, _ = validate_values(chunk, known, str(path))
            loaded += insert_values(connection, frame[~frame["row"].isin(bad_rows)], batch_id)
        finish_batch(connection, batch_id, loaded, report.rows_rejected)
    report.rows_loaded = loaded
    return report
