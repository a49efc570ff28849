"""Every CSV healthassets writes goes through :func:`write_csv`, which defuses spreadsheet formulas.

CSV injection (OWASP, "CSV Injection"): a spreadsheet opening a CSV runs any cell that starts with
``=``, ``+``, ``-`` or ``@`` as a formula (``=HYPERLINK(…)`` leaks data when clicked, DDE starts
programs), and tab or carriage return in front of those hides them. OWASP's remedy: prefix such a
cell with a single quote, so the spreadsheet shows it as text.

Only *text* is touched: numeric columns are left as they are, and a text cell that is a plain
number (``-1.5``, ``+3``, ``-2e-05``: the exports write numbers as their shortest text) stays a
number, because a number is not a formula. Column names are defused the same way (a rejected-rows
report repeats the headers of the user's file). :func:`restore_formulas` undoes the quote when an
exported file is imported again (the asset export is the bulk-import layout: a phone number
``+44 …`` must come back without the quote).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

#: first characters that make a spreadsheet cell a formula (OWASP)
FORMULA_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_START = r"[=+\-@\t\r]"
#: a plain decimal number, optionally signed, optionally with an exponent
NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
QUOTE = "'"


def risky_cells(text: pd.Series) -> pd.Series:
    """True for the string cells a spreadsheet would read as a formula (not for plain numbers).
    The first character decides for most cells; only those starting with a formula character are
    matched against :data:`NUMBER`."""
    strings = text.astype("string")
    risky = strings.str[:1].isin(FORMULA_CHARACTERS).fillna(False).to_numpy(dtype=bool, copy=True)
    candidates = np.flatnonzero(risky)
    if candidates.size:
        number = strings.iloc[candidates].str.fullmatch(NUMBER).fillna(False).to_numpy(dtype=bool)
        risky[candidates[number]] = False
    return pd.Series(risky, index=text.index)


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose formula-like text cells (and column names) start with ``'``."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        risky = risky_cells(series).to_numpy()  # positions: an index may repeat (concatenated reports)
        if risky.any():
            cells = series.to_numpy(dtype=object, copy=True)
            cells[risky] = QUOTE + series[risky].astype(str).to_numpy(dtype=object)
            out[column] = pd.Series(cells, index=series.index, dtype=object)
    names = pd.Series([str(c) for c in out.columns])
    risky_names = risky_cells(names).to_numpy()
    if risky_names.any():
        out.columns = [QUOTE + n if r else c for c, n, r in zip(out.columns, names, risky_names, strict=True)]
    return out


def restore_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` (text cells) with the quote :func:`neutralise_formulas` added removed again."""
    out = frame.copy()
    defused = "^" + QUOTE + "(?=" + FORMULA_START + ")"
    for column in out.columns:
        if pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].str.replace(defused, "", regex=True)
    out.columns = [re.sub(defused, "", c) if isinstance(c, str) else c for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path: Path | str | None = None, **options: Any) -> str | None:
    """``frame`` as CSV (no index) with formulas defused: written to ``path``, or returned as text
    when ``path`` is None. ``options`` go to :meth:`pandas.DataFrame.to_csv`."""
    options.setdefault("index", False)
    return neutralise_formulas(frame).to_csv(path, **options)


def csv_text(frame: pd.DataFrame, **options: Any) -> str:
    """:func:`write_csv` to a string."""
    text = write_csv(frame, None, **options)
    return text or ""
