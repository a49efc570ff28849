"""The corrections table of an extract's indicator metadata (``corrections.csv`` beside the extract).

Columns: ``indicator_id`` (whole number), ``field`` (polarity, benchmark_method, value_type or
unit), ``published_value`` (what the extract says; blank when it says nothing), ``corrected_value``,
``source`` (where the corrected value comes from, or how it was reasoned) and ``reason``. UTF-8 with
or without BOM. A malformed table is rejected whole, naming file, row (1 = first data row), column
and reason. How the corrections are applied: :mod:`healthassets.indicators.corrections`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.errors import InputError
from healthassets.indicators.corrections import CORRECTABLE, normalise
from healthassets.io.csv_files import read_csv

FILE_NAME = "corrections.csv"
COLUMNS = ["indicator_id", "field", "published_value", "corrected_value", "source", "reason"]


def no_corrections() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=int if c == "indicator_id" else object) for c in COLUMNS})


def _first(
    mask: pd.Series | np.ndarray, column: str, reason: str, file: str, detail: pd.Series | None = None
) -> None:
    """Raise for the first row in ``mask`` (rows number from 1)."""
    hits = np.flatnonzero(np.asarray(mask, dtype=bool))
    if len(hits):
        at = int(hits[0])
        suffix = f": {detail.iloc[at]!r}" if detail is not None else ""
        raise InputError(f"{reason}{suffix}", file=file, row=at + 1, column=column)


def _canonical(table: pd.DataFrame, column: str, file: str) -> pd.Series:
    """``column``'s values with polarity and benchmark method in their canonical spelling (each
    distinct text parsed once); an unknown spelling is an error (the vocabulary's own message)."""
    out = table[column].copy()
    for field, parse in CORRECTABLE.items():
        rows = (table["field"] == field) & (table[column] != "")
        if parse is None or not rows.any():
            continue
        texts = table.loc[rows, column]
        canonical = {}
        for distinct in pd.unique(texts):
            try:
                canonical[distinct] = parse(str(distinct))
            except InputError as error:
                at = int(np.flatnonzero((rows & (table[column] == distinct)).to_numpy())[0])
                raise InputError(error.reason, file=file, row=at + 1, column=column) from None
        out[rows] = texts.map(canonical)
    return out


def read_corrections(path: Path) -> pd.DataFrame:
    """The corrections in ``path``, validated, with canonical polarity and method spellings and an
    integer ``indicator_id``; no file → no corrections."""
    if not path.exists():
        return no_corrections()
    file = str(path)
    table = read_csv(path, text=True)
    table.columns = [str(c).strip() for c in table.columns]
    for column in COLUMNS:
        if column not in table:
            raise InputError("required column is missing", file=file, column=column)
    table = table[COLUMNS].apply(lambda column: column.str.strip())
    ids = pd.to_numeric(table["indicator_id"], errors="coerce")
    _first(ids.isna() | (ids % 1 != 0), "indicator_id", "not a whole number", file, table["indicator_id"])
    fields = ", ".join(CORRECTABLE)
    _first(
        ~table["field"].isin(list(CORRECTABLE)),
        "field",
        f"not a correctable field ({fields})",
        file,
        table["field"],
    )
    for column in ("corrected_value", "source", "reason"):
        _first(table[column] == "", column, "empty: every correction needs one", file)
    table["published_value"] = _canonical(table, "published_value", file)
    table["corrected_value"] = _canonical(table, "corrected_value", file)
    table["indicator_id"] = ids.astype(int)
    same = pd.Series(False, index=table.index)
    for field, rows in table.groupby("field", sort=False):
        same[rows.index] = normalise(str(field), rows["published_value"]) == normalise(
            str(field), rows["corrected_value"]
        )
    _first(same, "corrected_value", "the corrected value is the published value", file)
    _first(
        table.duplicated(["indicator_id", "field"]),
        "field",
        "a second correction of the same indicator and field",
        file,
        table["indicator_id"].astype(str) + " " + table["field"],
    )
    return table.reset_index(drop=True)
