"""Shared plumbing of the statistics functions: column names, confidence levels, grouping, checks.

Every public statistic takes a DataFrame plus the *names* of its columns (like
PHEindicatormethods takes a data frame plus unquoted column names), an optional ``group_by``
(one name or several), ``confidence`` (one level or several, each in (0, 1]) and returns a new
DataFrame: the group-by columns, the method's totals, ``value``, one ``lowerXX_Ycl`` /
``upperXX_Ycl`` pair per confidence level, ``statistic`` and ``method``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from healthassets.errors import InputError

Confidence = float | Sequence[float]
GroupBy = str | Sequence[str] | None


def confidence_levels(confidence: Confidence) -> tuple[float, ...]:
    """Validate ``confidence`` (a level or several) and return them as a tuple of floats.

    PHEindicatormethods accepts levels in [0.9, 1]; we accept any level in (0, 1].
    Percent-style values (95, 99.8) are rejected with a hint rather than guessed.
    """
    levels = (confidence,) if np.isscalar(confidence) else tuple(confidence)  # type: ignore[arg-type]
    if not levels:
        raise InputError("at least one confidence level is needed", column="confidence")
    out = []
    for level in levels:
        try:
            value = float(level)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InputError(f"confidence level {level!r} is not a number") from None
        if not 0 < value <= 1:
            hint = f" (did you mean {value / 100:g}?)" if 1 < value <= 100 else ""
            raise InputError(f"confidence level {value:g} must be in (0, 1]{hint}")
        out.append(value)
    return tuple(out)


def ci_label(level: float) -> str:
    """The PHEindicatormethods suffix of a confidence level: 0.95 → '95_0', 0.998 → '99_8'."""
    percent = level * 100
    text = f"{percent:.1f}"
    if abs(float(text) - percent) > 1e-9:  # more precision needed, e.g. 0.9995 → '99_95'
        text = f"{percent:.10f}".rstrip("0")
    return text.replace(".", "_")


def ci_columns(level: float) -> tuple[str, str]:
    """('lower95_0cl', 'upper95_0cl') for 0.95."""
    label = ci_label(level)
    return f"lower{label}cl", f"upper{label}cl"


def is_dask(data: object) -> bool:
    """True for a Dask DataFrame (told by its class's module, so plain pandas never imports dask)."""
    return type(data).__module__.split(".")[0] == "dask"


def group_columns(group_by: GroupBy) -> list[str]:
    """``group_by`` as a list of column names (empty when ungrouped)."""
    if group_by is None:
        return []
    if isinstance(group_by, str):
        return [group_by]
    return list(group_by)


def require_columns(data: pd.DataFrame, columns: Iterable[str | None]) -> None:
    """Raise InputError naming the first column that ``data`` lacks."""
    for column in columns:
        if column is not None and column not in data.columns:
            raise InputError(
                f"no such column (columns are: {', '.join(map(str, data.columns))})", column=column
            )


def numeric_column(data: pd.DataFrame, column: str) -> np.ndarray:
    """Column ``column`` as float64 (missing → NaN); non-numeric text is an InputError at its row."""
    series = data[column]
    converted = pd.to_numeric(series, errors="coerce")
    bad = converted.isna().to_numpy() & series.notna().to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise InputError(f"{series.iloc[row]!r} is not a number", row=row + 1, column=column)
    return converted.to_numpy(dtype=float, na_value=np.nan)


def first_row_where(mask: np.ndarray) -> int | None:
    """1-based data row of the first True in ``mask``, or None."""
    hits = np.flatnonzero(mask)
    return int(hits[0]) + 1 if hits.size else None


def check(mask_bad: np.ndarray, column: str, reason: str) -> None:
    """Raise InputError(reason) at the first row where ``mask_bad`` is True (NaN-safe)."""
    row = first_row_where(np.asarray(mask_bad, dtype=bool))
    if row is not None:
        raise InputError(reason, row=row, column=column)


def grouped_sums(data: pd.DataFrame, group_by: Sequence[str], columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """Sum arrays within groups (groups in order of first appearance; NaN group keys kept).

    Returns the group keys as columns followed by one column per entry of ``columns``. A group
    with a missing value in a column sums to NaN in that column, as R's ``sum`` (no ``na.rm``)
    does where ``phe_proportion`` and ``phe_rate`` summarise grouped data.
    """
    frame = pd.DataFrame(dict(columns), index=data.index)
    keys = [data[c] for c in group_by]
    summed = frame.groupby(keys, sort=False, dropna=False).sum(min_count=1)
    gaps = frame.isna().groupby(keys, sort=False, dropna=False).any()
    return summed.mask(gaps).reset_index()


def numerator_denominator(
    data: pd.DataFrame,
    numerator: str,
    denominator: str,
    group_by: GroupBy,
    *,
    numerator_at_most_denominator: bool,
) -> pd.DataFrame:
    """The checked ``numerator`` and ``denominator`` columns — per input row (same index), or summed
    within ``group_by`` groups — shared by proportions and rates.

    Errors: unknown columns, text that is not a number, negative numerators, denominators ≤ 0 and,
    for proportions, numerators above their denominator.
    """
    groups = group_columns(group_by)
    require_columns(data, [numerator, denominator, *groups])
    x = numeric_column(data, numerator)
    n = numeric_column(data, denominator)
    check(x < 0, numerator, "numerators must be greater than or equal to zero")
    check(n <= 0, denominator, "denominators must be greater than zero")
    if numerator_at_most_denominator:
        check(x > n, numerator, "numerators must be less than or equal to the denominator")
    if groups:
        return grouped_sums(data, groups, {"numerator": x, "denominator": n})
    return pd.DataFrame({"numerator": x, "denominator": n}, index=data.index)
