"""Imputation of missing indicator values, with the number imputed reported per indicator.

Values are (indicators, areas); a missing value is NaN. Methods (OECD/JRC Handbook 2008, §4;
COINr ``Impute()``):

- ``none``: left missing (the aggregation's data-availability threshold decides what follows);
- ``mean`` / ``median``: the indicator's mean or median over the areas that have it;
- ``group-mean``: the indicator's mean within the area's parent (``groups``: one code per area);
  a parent with no value for the indicator leaves its areas missing;
- :func:`latest_year`: each area's most recent year with a value (values by year, oldest first).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

METHODS = ("none", "mean", "median", "group-mean")


@dataclass(frozen=True)
class Imputed:
    """Imputed values (indicators, areas) and how many cells were filled per indicator."""

    values: np.ndarray
    counts: np.ndarray


def _filled(before: np.ndarray, after: np.ndarray) -> Imputed:
    counts = np.sum(np.isnan(before) & ~np.isnan(after), axis=-1)
    return Imputed(after, counts)


def impute(values: np.ndarray, method: str, groups: np.ndarray | None = None) -> Imputed:
    """``values`` (indicators, areas) with missing cells filled by ``method``."""
    x = np.asarray(values, dtype=np.float64)
    if method == "none":
        return Imputed(x, np.zeros(x.shape[0], dtype=np.int64))
    if method in ("mean", "median"):
        present = ~np.isnan(x).all(axis=-1)
        fill = np.full(x.shape[0], np.nan)
        centre = np.nanmean if method == "mean" else np.nanmedian
        fill[present] = centre(x[present], axis=-1)
        return _filled(x, np.where(np.isnan(x), fill[:, None], x))
    if method == "group-mean":
        if groups is None:
            raise ValueError("group-mean imputation needs a parent code for every area")
        frame = pd.DataFrame(x.T)
        means = frame.groupby(np.asarray(groups), sort=False).transform("mean").to_numpy().T
        return _filled(x, np.where(np.isnan(x), means, x))
    raise ValueError(f"unknown imputation {method!r}; choose from {', '.join(METHODS)}")


def latest_year(values: np.ndarray) -> Imputed:
    """``values`` (years, indicators, areas), oldest year first → the latest year's values, a
    missing cell filled from the most recent earlier year that has one; counts per indicator."""
    x = np.asarray(values, dtype=np.float64)
    present = ~np.isnan(x)
    years = x.shape[0]
    # index of the last year with a value: the position of the first True from the end
    last = years - 1 - np.argmax(present[::-1], axis=0)
    found = present.any(axis=0)
    chosen = np.take_along_axis(x, last[None], axis=0)[0]
    chosen = np.where(found, chosen, np.nan)
    return _filled(x[-1], chosen)
