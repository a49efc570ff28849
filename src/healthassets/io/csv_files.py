"""Analysts' CSV files: one reader that knows the missing-value markers and refuses duplicate
column names, and the full-precision writer of ``healthassets calc``.

Missing values (ADR 0039) are what R and Excel write for them: an empty (or blank) cell, ``NA``
(R's ``write.csv`` and readr's ``write_csv``), ``NaN`` (R and pandas write a not-a-number so; ``nan``
is Python's spelling) and ``#N/A`` (Excel's "no value available"). Nothing else is: ``N/A``,
``NULL``, ``-`` or ``#DIV/0!`` are text, and a number column holding them is an error naming the
cell. A header with two columns of the same name is an error (pandas would silently rename the
second ``name.1``).
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from healthassets.errors import InputError

#: cells that mean "no value" (compared after stripping spaces)
MISSING_MARKERS: frozenset[str] = frozenset({"", "NA", "NaN", "nan", "#N/A"})
_NA_VALUES = sorted(MISSING_MARKERS)
ENCODING = "utf-8-sig"


def is_missing(cells: pd.Series) -> np.ndarray:
    """True where a cell is null or, stripped, one of :data:`MISSING_MARKERS`."""
    text = cells.astype("string").str.strip()
    return np.asarray(text.isna() | text.isin(MISSING_MARKERS), dtype=bool)


def header(path: Path) -> list[str]:
    """The column names of the CSV at ``path`` (plain or ``.gz``) as written (no renaming); [] for
    an empty file."""
    opener: Any = gzip.open if Path(path).suffix == ".gz" else open
    with opener(path, "rt", encoding=ENCODING, newline="") as handle:
        return next(csv.reader(handle), [])


def check_unique_columns(names: Sequence[object], file: str) -> None:
    """InputError naming every column name (spaces stripped) given more than once; unnamed
    columns (an empty header cell, as spreadsheets leave after the data) may repeat."""
    positions: dict[str, list[int]] = {}
    for position, name in enumerate(names, start=1):
        text = str(name).strip()
        if text:
            positions.setdefault(text, []).append(position)
    repeated = {name: where for name, where in positions.items() if len(where) > 1}
    if repeated:
        listed = "; ".join(
            f"'{name}' (columns {', '.join(map(str, where))})" for name, where in repeated.items()
        )
        raise InputError(
            f"more than one column has the same name: {listed}; rename or remove the copies",
            file=file,
            column=next(iter(repeated)),
        )


@contextmanager
def _reading(path: Path) -> Iterator[None]:
    """Reading errors as InputErrors naming the file; the header checked first."""
    file = str(path)
    try:
        check_unique_columns(header(path), file)
        yield
    except FileNotFoundError:
        raise InputError("file not found", file=file) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a CSV file", file=file) from None
    except pd.errors.EmptyDataError:
        raise InputError("the file is empty (no header row)", file=file) from None
    except (pd.errors.ParserError, UnicodeDecodeError, csv.Error, gzip.BadGzipFile, EOFError) as error:
        reason = str(error).splitlines()[0]
        raise InputError(f"not a readable CSV file: {reason}", file=file) from None


def read_csv(
    path: Path, *, text: bool = False, text_columns: Sequence[str] = (), **options: Any
) -> pd.DataFrame:
    """The CSV at ``path`` with its header checked and every missing marker read as missing.

    ``text=True``: every column as text, missing cells (spaced markers too) as "" (importers
    validate the text themselves). Otherwise number columns are parsed and missing cells are
    NaN; ``text_columns`` stay text (codes like '001' survive). Errors name the file: not found,
    a folder, empty, unreadable, repeated column names. ``options`` go to :func:`pandas.read_csv`.
    """
    with _reading(path):
        frame = pd.read_csv(
            path,
            dtype=str if text else dict.fromkeys(text_columns, str),
            keep_default_na=False,
            na_values=_NA_VALUES,
            encoding=ENCODING,
            **options,
        )
    if text:
        return frame.apply(lambda cells: cells.mask(is_missing(cells), ""))
    return _blank_spaced_markers(frame, text_columns)


def read_csv_chunks(path: Path, chunk_rows: int, **options: Any) -> Iterator[pd.DataFrame]:
    """:func:`read_csv` with ``text=True`` in chunks of ``chunk_rows`` rows (bounded memory). For
    speed only exact markers are blanked here; number parsing treats spaced ones as missing."""
    with _reading(path):
        reader = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            na_values=_NA_VALUES,
            encoding=ENCODING,
            chunksize=chunk_rows,
            **options,
        )
        for chunk in reader:
            yield chunk.fillna("")


def _blank_spaced_markers(frame: pd.DataFrame, text_columns: Sequence[str]) -> pd.DataFrame:
    """Markers with spaces around them (' NA') are missing too. Only text columns can hold them;
    such a column becomes numbers when every other cell is one (as the parser would have made it)."""
    for column in frame.columns:
        cells = frame[column]
        if not (cells.dtype == object or pd.api.types.is_string_dtype(cells.dtype)):
            continue
        marked = is_missing(cells) & cells.notna().to_numpy()
        if not marked.any():
            continue
        cells = cells.mask(marked)
        numbers = pd.to_numeric(cells, errors="coerce")
        numeric = column not in text_columns and bool((numbers.notna() == cells.notna()).all())
        frame[column] = numbers.astype(float) if numeric else cells
    return frame


def write_csv(frame: pd.DataFrame, output: Path | None) -> None:
    """CSV with every number at full precision (Arrow writes the shortest text that round-trips
    each double), missing values as empty cells, text quoted where needed; to ``output`` or to
    standard output."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    options = pa_csv.WriteOptions(quoting_style="needed")
    if output is not None:
        pa_csv.write_csv(table, str(output), options)
        return
    sink = io.BytesIO()
    pa_csv.write_csv(table, sink, options)
    sys.stdout.buffer.write(sink.getvalue())
    sys.stdout.flush()
