"""How ``healthassets calc`` runs a method over its input: whole in memory, streamed in chunks,
or on Dask (ADR 0071).

- **in memory** (``--engine pandas``, the default): the file is read whole and the method runs on it;
- **streamed** (either engine, for the row-wise methods: ungrouped ``proportion`` and ``rate``):
  :data:`io.chunked_files.CHUNK_ROWS` rows are read, computed and written before the next ones,
  so memory stays bounded whatever the file's size; errors number rows over the whole file;
- **dask** (``--engine dask``): the input (CSV or Parquet) is read lazily in partitions and the
  grouped methods' sums are computed by Dask — on local threads, or on the cluster whose scheduler
  ``--scheduler`` names; only the grouped frame is ever in memory. Rows sorted by the group keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from healthassets.errors import InputError
from healthassets.io.chunked_files import CHUNK_ROWS, read_chunks, read_dask, write_csv_chunks

#: methods with one output row per input row when ungrouped: streamed in chunks
STREAMED = frozenset({"proportion", "rate"})
#: methods ``--engine dask`` computes (the grouped statistics that reduce to group sums)
DASK_METHODS = ("proportion", "rate", "mean", "dsr", "isr", "isratio")

#: runs the chosen method on a frame (pandas or Dask) and returns the result frame
Runner = Callable[[Any], pd.DataFrame]


def streams(method: str, group_by: Sequence[str]) -> bool:
    """Whether ``method`` is row-wise here (ungrouped proportion or rate), so it is streamed."""
    return method in STREAMED and not group_by


def stream(
    path: Path,
    output: Path | None,
    run: Runner,
    *,
    columns: Sequence[str],
    text_columns: Sequence[str] = (),
    chunk_rows: int | None = None,
) -> None:
    """Read ``columns`` of ``path`` in chunks (of :data:`CHUNK_ROWS` rows unless ``chunk_rows``),
    ``run`` each and write its rows as they come."""
    file = str(path)
    rows = chunk_rows or CHUNK_ROWS

    def results() -> Iterator[pd.DataFrame]:
        offset = 0
        for chunk in read_chunks(path, columns=columns, text_columns=text_columns, chunk_rows=rows):
            try:
                yield run(chunk)
            except InputError as error:  # the chunk's row → the file's row
                row = None if error.row is None else error.row + offset
                raise InputError(
                    error.reason, file=error.file or file, row=row, column=error.column
                ) from None
            offset += len(chunk)

    write_csv_chunks(results(), output)


def on_dask(path: Path, run: Runner, *, columns: Sequence[str], scheduler: str | None) -> pd.DataFrame:
    """``run`` on ``columns`` of ``path`` read lazily by Dask; computed on the cluster at
    ``scheduler`` (``tcp://host:8786``) when given, else on this machine's threads."""
    data = read_dask(path, columns=columns)
    with _attached(scheduler):
        try:
            return run(data)
        except (pd.errors.ParserError, UnicodeDecodeError) as error:
            reason = str(error).splitlines()[0]
            raise InputError(f"not a readable CSV file: {reason}", file=str(path)) from None


@contextmanager
def _attached(scheduler: str | None) -> Iterator[None]:
    if scheduler is None:
        yield
        return
    from distributed import Client

    try:
        client = Client(scheduler, timeout=10)
    except (OSError, TimeoutError) as error:
        raise InputError(f"no Dask scheduler answers at {scheduler} ({error})") from None
    with client:
        yield
