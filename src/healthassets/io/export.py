"""Indicator values in the Fingertips data-download layout, as written by the CSV exports (the
values come from the store through :func:`healthassets.services.loading.export_fingertips_csv`).

Numbers are written at full precision (shortest round-trip repr), so export → import keeps every
value exactly.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from healthassets.io.fingertips_csv import FINGERTIPS_COLUMNS

EXPORT_COLUMNS = [c for c in FINGERTIPS_COLUMNS if c not in ("Compared to percentiles",)]


def to_fingertips_frame(values: pd.DataFrame) -> pd.DataFrame:
    """Canonical values (with names and parents joined) → Fingertips column names and order."""
    renamed = values.rename(columns={v: k for k, v in FINGERTIPS_COLUMNS.items()})
    for column in EXPORT_COLUMNS:
        if column not in renamed:
            renamed[column] = None
    return renamed[EXPORT_COLUMNS]


def format_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Floats as their shortest exact text ('0.1', '12', '3.3333333333333335'); missing → ''."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            series = out[column]
            present = series.notna()
            text = pd.Series("", index=series.index, dtype=object)
            if present.any():
                shortest = series[present].map(repr).astype("string").str.replace(r"\.0$", "", regex=True)
                text[present] = shortest.astype(object)
            out[column] = text
    return out


def fingertips_csv_frame(values: pd.DataFrame) -> pd.DataFrame:
    """Canonical values → the text table of a Fingertips download (columns, order, exact numbers)."""
    return format_numbers(to_fingertips_frame(values))


def parse_filter_lists(values: Sequence[str]) -> list[str]:
    """Flatten repeated / comma-separated CLI values."""
    return [v.strip() for item in values for v in item.split(",") if v.strip()]
