"""Analysts' files too big for memory: CSV or Parquet read lazily into Dask, or in chunks of rows,
and CSV written chunk by chunk.

The missing markers are those of :mod:`io.csv_files` (ADR 0039): an empty cell, ``NA``, ``NaN``,
``nan`` or ``#N/A``, spaces around them allowed. A Parquet input is a ``.parquet``/``.pq`` file or
a folder of them (a dataset); its nulls are missing values. Chunk sizes (ADR 0071): Dask reads a CSV
in blocks of :data:`CSV_BLOCK` bytes and a Parquet file by row group; the streaming reader yields
:data:`CHUNK_ROWS` rows at a time.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.dataset as pa_dataset

from healthassets.errors import InputError
from healthassets.io.csv_files import (
    _NA_VALUES,
    ENCODING,
    MISSING_MARKERS,
    _blank_spaced_markers,
    _reading,
    header,
)

#: rows per chunk of the streaming engine (about 100 MB of results at a time)
CHUNK_ROWS = 500_000
#: bytes of CSV per Dask partition
CSV_BLOCK = "64MiB"
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})


def is_parquet(path: Path) -> bool:
    """A ``.parquet``/``.pq`` file or a folder of them (a Parquet dataset)."""
    path = Path(path)
    if path.is_dir():
        return any(p.suffix.lower() in PARQUET_SUFFIXES for p in path.rglob("*"))
    return path.suffix.lower() in PARQUET_SUFFIXES


def _dataset(path: Path) -> pa_dataset.Dataset:
    try:
        return pa_dataset.dataset(str(path), format="parquet")
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except (pa.ArrowInvalid, OSError) as error:
        raise InputError(
            f"not a readable Parquet file: {str(error).splitlines()[0]}", file=str(path)
        ) from None


def columns_of(path: Path) -> list[str]:
    """The column names of a CSV (its header, as written) or Parquet input."""
    if is_parquet(path):
        return list(_dataset(path).schema.names)
    with _reading(path):
        names = header(path)
    if not names:
        raise InputError("the file is empty (no header row)", file=str(path))
    return names


def read_table(path: Path) -> pd.DataFrame:
    """A whole Parquet input in memory (the default engine's reader; CSV files go through
    :func:`io.csv_files.read_csv`). Parquet columns keep their types."""
    return _dataset(path).to_table().to_pandas()


def read_chunks(
    path: Path, *, columns: Sequence[str], text_columns: Sequence[str] = (), chunk_rows: int = CHUNK_ROWS
) -> Iterator[pd.DataFrame]:
    """``columns`` of a CSV or Parquet input, :data:`CHUNK_ROWS` rows at a time, parsed as
    :func:`io.csv_files.read_csv` parses a whole file (``text_columns`` of a CSV stay text). A
    file with no rows yields one empty chunk."""
    if is_parquet(path):
        batches = _dataset(path).to_batches(columns=list(columns), batch_size=chunk_rows)
        chunks: Iterable[pd.DataFrame] = (batch.to_pandas() for batch in batches)
    else:
        chunks = _csv_chunks(path, columns, text_columns, chunk_rows)
    empty = True
    for chunk in chunks:
        empty = False
        yield chunk
    if empty:
        yield pd.DataFrame({column: pd.Series(dtype=float) for column in columns})


def _csv_chunks(
    path: Path, columns: Sequence[str], text_columns: Sequence[str], chunk_rows: int
) -> Iterator[pd.DataFrame]:
    with _reading(path):
        reader = pd.read_csv(
            path,
            usecols=list(columns),
            dtype=dict.fromkeys(text_columns, str),
            keep_default_na=False,
            na_values=_NA_VALUES,
            encoding=ENCODING,
            chunksize=chunk_rows,
            engine="c",
            low_memory=False,
        )
        for chunk in reader:
            yield _blank_spaced_markers(chunk, text_columns)


def read_dask(path: Path, *, columns: Sequence[str]) -> Any:
    """``columns`` of a CSV or Parquet input as a lazy Dask DataFrame (partitions in file order).

    CSV cells are read as text with the missing markers (spaced ones too) as missing; the
    statistics turn number columns into numbers and name the row of any cell that is not one.
    Parquet columns keep their types."""
    import dask.dataframe as dd

    if is_parquet(path):
        _dataset(path)  # a missing or unreadable input is an InputError now, not at compute time
        return dd.read_parquet(str(path), columns=list(columns), split_row_groups=True)
    with _reading(path):
        data = dd.read_csv(
            str(path),
            usecols=list(columns),
            dtype=dict.fromkeys(columns, object),
            keep_default_na=False,
            na_values=_NA_VALUES,
            encoding=ENCODING,
            blocksize=None if Path(path).suffix == ".gz" else CSV_BLOCK,
        )
    return data.map_partitions(_blank_markers)


def _blank_markers(frame: pd.DataFrame) -> pd.DataFrame:
    """Markers with spaces around them (' NA ') are missing too."""
    for column in frame.columns:
        cells = frame[column]
        text = cells.astype("string").str.strip()
        marked = np.asarray(text.isin(MISSING_MARKERS).fillna(False), dtype=bool)
        if marked.any():
            frame[column] = cells.mask(marked)
    return frame


def write_csv_chunks(frames: Iterable[pd.DataFrame], output: Path | None) -> None:
    """Each frame as CSV rows as :func:`io.csv_files.write_csv` writes them, the header once, as
    the frames come (bounded memory). To ``output`` through a temporary file renamed at the end, so
    a failure leaves no partial output file; or to standard output as the rows are made."""
    options = pa_csv.WriteOptions(quoting_style="needed")
    if output is None:
        _write(frames, sys.stdout.buffer, options)
        sys.stdout.flush()
        return
    partial = Path(output).with_name(f".{Path(output).name}.partial")
    try:
        with partial.open("wb") as sink:
            _write(frames, sink, options)
        os.replace(partial, output)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


def _write(frames: Iterable[pd.DataFrame], sink: Any, options: pa_csv.WriteOptions) -> None:
    for number, frame in enumerate(frames):
        table = pa.Table.from_pandas(frame, preserve_index=False)
        written = (
            options if number == 0 else pa_csv.WriteOptions(quoting_style="needed", include_header=False)
        )
        pa_csv.write_csv(table, sink, written)
