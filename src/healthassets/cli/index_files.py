"""Reading the CSV files of ``healthassets index``: columns checked, numbers parsed with the
row and column of the first cell that is not one."""

from __future__ import annotations

from pathlib import Path

import click
import numpy as np
import pandas as pd

from healthassets.errors import InputError
from healthassets.io.csv_files import read_csv

OUTPUT = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Output CSV (default: standard output).",
)


def read_columns(path: Path, columns: list[str], text: list[str]) -> pd.DataFrame:
    file = str(path)
    data = read_csv(path, text_columns=text, engine="c", low_memory=False)
    if data.empty:
        raise InputError("the file has no data rows", file=file)
    for column in columns:
        if column not in data.columns:
            names = ", ".join(map(str, data.columns))
            raise InputError(f"no such column (columns are: {names})", file=file, column=column)
    return data


def number_column(data: pd.DataFrame, column: str, file: str) -> np.ndarray:
    """Column as floats (missing → NaN); text that is not a number is an error at its row."""
    cells = data[column]
    numbers = pd.to_numeric(cells, errors="coerce")
    bad = numbers.isna().to_numpy() & cells.notna().to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise InputError(f"{cells.iloc[row]!r} is not a number", file=file, row=row + 1, column=column)
    return numbers.to_numpy(dtype=np.float64, na_value=np.nan)
