"""How many decimal places an indicator's values are shown with, on pages and in the terminal."""

from __future__ import annotations

import numpy as np
import pandas as pd


def decimals_for(values: pd.Series) -> int:
    """1 decimal place (Fingertips shows one for most values), 0 for large numbers (median ≥ 1,000)
    and 3 for values below 1 such as the IoD's domain scores (a proportion of 0.215 would otherwise
    read 0.2: the IoD publishes them to three places)."""
    numbers = np.abs(pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan))
    known = numbers[~np.isnan(numbers)]
    if not len(known):
        return 1
    typical = float(np.median(known))
    return 0 if typical >= 1000 else 3 if typical < 1 else 1
