"""Reflating values to one price year with a deflator series the user supplies.

A value in prices of year ``p`` in prices of year ``y`` is ``value × index_y / index_p`` where
``index`` is a price index by year (e.g. HM Treasury's GDP deflators, 2023 = 100; HM Treasury,
*The Green Book*, 2022, §A6 "Real and nominal prices": convert to real prices of one base year
with the GDP deflator before discounting).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from healthassets.errors import InputError

Floats = npt.NDArray[np.float64]


def reflate(
    values: Floats, price_years: npt.NDArray[np.int64], target_year: int, index: Mapping[int, float]
) -> Floats:
    """``values`` (each in prices of its ``price_years``) in prices of ``target_year``.
    InputError naming every year the series lacks."""
    years = np.array(sorted(index), dtype=np.int64)
    levels = np.array([index[int(y)] for y in years], dtype=np.float64)
    if np.any(levels <= 0) or not np.all(np.isfinite(levels)):
        raise InputError("every deflator must be a positive number", column="deflator")
    wanted = np.asarray(price_years, dtype=np.int64)
    needed = sorted({*(int(y) for y in np.unique(wanted)), int(target_year)})
    missing = [str(year) for year in needed if year not in index]
    if missing:
        raise InputError(f"the deflator series has no value for {', '.join(missing)}", column="price_year")
    at = np.searchsorted(years, wanted)
    target = index[int(target_year)]
    return np.asarray(values, dtype=np.float64) * target / levels[at]
