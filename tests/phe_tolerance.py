"""The PHEindicatormethods tolerance rule, in one place (see tests/data/phe/README.md).

Each column must have a *mean relative difference* below 1.49e-8 —
``mean(|actual − expected|) / mean(|expected|)`` over the elements that differ (R's
``all.equal``) — with missing values in the same places and strings equal. Life expectancy:
both sides rounded to 4 decimal places first. Quantiles and labels: exact.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

TOLERANCE = 1.49e-8


def mean_relative_difference(actual: np.ndarray, expected: np.ndarray) -> float:
    """R's all.equal.numeric: mean |a − e| / mean |e| over the elements that differ."""
    differ = actual != expected
    if not differ.any():
        return 0.0
    scale = np.mean(np.abs(expected[differ]))
    diff = np.mean(np.abs(actual[differ] - expected[differ]))
    return float(diff / scale) if scale > 0 else float(diff)


def assert_column_matches(
    actual: Iterable[object], expected: Iterable[object], name: str, *, decimals: int | None = None
) -> None:
    a = pd.Series(list(actual))
    e = pd.Series(list(expected))
    assert len(a) == len(e), f"{name}: {len(a)} values, expected {len(e)}"
    a_num = pd.to_numeric(a, errors="coerce")
    e_num = pd.to_numeric(e, errors="coerce")
    if e_num.notna().sum() == e.notna().sum() and e.notna().any():
        a_arr = a_num.to_numpy(dtype=float)
        e_arr = e_num.to_numpy(dtype=float)
        if decimals is not None:
            a_arr, e_arr = np.round(a_arr, decimals), np.round(e_arr, decimals)
        missing_a, missing_e = np.isnan(a_arr), np.isnan(e_arr)
        assert (missing_a == missing_e).all(), (
            f"{name}: missing in different places: actual {np.flatnonzero(missing_a)}, "
            f"expected {np.flatnonzero(missing_e)}"
        )
        keep = ~missing_e
        mrd = mean_relative_difference(a_arr[keep], e_arr[keep])
        assert mrd < TOLERANCE, f"{name}: mean relative difference {mrd:.3g}\n{a_arr}\n{e_arr}"
    else:
        a_str = [None if pd.isna(x) else x for x in a]  # all-missing columns compare equal
        e_str = [None if pd.isna(x) else x for x in e]
        assert a_str == e_str, f"{name}: {a_str} != {e_str}"


def assert_frame_matches(
    actual: pd.DataFrame,
    expected: pd.DataFrame,
    columns: Iterable[str] | None = None,
    *,
    decimals: int | None = None,
) -> None:
    """Every column of ``expected`` (or ``columns``) matches ``actual`` under the package rule."""
    for column in columns if columns is not None else expected.columns:
        assert column in actual.columns, f"missing column {column}: have {list(actual.columns)}"
        assert_column_matches(actual[column], expected[column], column, decimals=decimals)
