"""Quantile assignment as Fingertips does it (PHEindicatormethods ``phe_quantile``).

Within each group, with k quantiles and N non-missing values:

    adjusted = max(value) − value  when inverted (polarity "Low is good"), else value
    rank     = rank of adjusted, ties → the lowest rank
    quantile = max(1, ⌊(k + 1) − ⌈((N + 1) − rank) / (N / k)⌉)

so rank 1 is quantile 1. "Low is good" indicators are inverted, so their best (lowest) values fall
in the highest quantile, as in Fingertips' deprivation-decile style outputs. Missing values get no
quantile; a group with fewer values than quantiles gets none (with a warning); a group mixing
polarities is an error. Source: Fingertips technical guidance; PHEindicatormethods documentation.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from healthassets.errors import InputError
from healthassets.stats._frame import GroupBy, group_columns, numeric_column, require_columns

#: polarity texts (lower case, both spellings) that invert the ranking
INVERTING = {"rag - low is good", "low is good", "true"}
#: polarity texts that keep the natural order
NATURAL = {
    "rag - high is good",
    "high is good",
    "bob - blue orange blue",
    "no judgement",
    "not applicable",
    "false",
}


class QuantileWarning(UserWarning):
    """Some group had fewer values than quantiles."""


def invert_from_polarity(polarity: pd.Series) -> np.ndarray:
    """True where the polarity text means 'Low is good' (or a boolean True); error if unknown."""
    text = polarity.astype("string").str.strip().str.lower()
    unknown = text.notna() & ~text.isin(INVERTING | NATURAL)
    if unknown.any():
        row = int(np.flatnonzero(unknown.to_numpy())[0])
        raise InputError(
            f"unknown polarity {polarity.iloc[row]!r} (expected e.g. 'Low is good', 'High is good', "
            "'RAG - Low is good', 'BOB - Blue orange blue', 'No judgement')",
            row=row + 1,
            column=str(polarity.name),
        )
    return text.isin(INVERTING).to_numpy(dtype=bool)


def quantiles(
    data: pd.DataFrame,
    value: str,
    *,
    polarity: str | None = None,
    invert: bool | None = None,
    quantiles: int = 10,
    group_by: GroupBy = None,
) -> pd.DataFrame:
    """The input rows plus a ``quantile`` column (1 … ``quantiles``; missing where not assigned)."""
    groups = group_columns(group_by)
    require_columns(data, [value, polarity, *groups])
    if (polarity is None) == (invert is None):
        raise InputError("give exactly one of polarity (a column) or invert (True/False)")
    if isinstance(quantiles, bool) or not float(quantiles).is_integer() or quantiles < 1:
        raise InputError(f"the number of quantiles must be a whole number ≥ 1, not {quantiles!r}")
    k = int(quantiles)
    x = numeric_column(data, value)
    group_id = _group_ids(data, groups)
    if polarity is not None:
        inverted = invert_from_polarity(data[polarity])
        _check_one_polarity(group_id, inverted, polarity)
    else:
        inverted = np.full(len(data), bool(invert))
    frame = pd.DataFrame({"x": x, "g": group_id})
    group_max = frame.groupby("g")["x"].transform("max").to_numpy()
    adjusted = np.where(inverted, group_max - x, x)
    frame["adjusted"] = adjusted
    rank = frame.groupby("g")["adjusted"].rank(method="min").to_numpy()
    count = frame.groupby("g")["x"].transform("count").to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = np.floor((k + 1) - np.ceil(((count + 1) - rank) / (count / k)))
    quantile = np.where(raw == 0, 1, raw)
    too_small = count < k
    quantile = np.where(too_small | np.isnan(x), np.nan, quantile)
    if (too_small & ~np.isnan(x)).any():
        n_small = len(np.unique(group_id[too_small]))
        warnings.warn(
            f"{n_small} group(s) have fewer values than the {k} quantiles requested: their "
            "quantiles are missing",
            QuantileWarning,
            stacklevel=2,
        )
    out = data.copy()
    out["quantile"] = quantile
    return out


def _group_ids(data: pd.DataFrame, groups: list[str]) -> np.ndarray:
    if not groups:
        return np.zeros(len(data), dtype=np.int64)
    return pd.MultiIndex.from_frame(data[groups]).factorize()[0]


def _check_one_polarity(group_id: np.ndarray, inverted: np.ndarray, column: str) -> None:
    mixed = pd.Series(inverted).groupby(group_id).nunique().to_numpy() > 1
    if mixed.any():
        first_group = int(np.flatnonzero(mixed)[0])
        row = int(np.flatnonzero(group_id == first_group)[0]) + 1
        raise InputError(
            "polarity must be the same for every row of a group (this group mixes polarities)",
            row=row,
            column=column,
        )
