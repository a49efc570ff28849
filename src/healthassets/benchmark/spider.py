"""The spider (radar) chart of a profile's indicators, as Public Health Wales' Health Assets tool draws
it: one spoke per indicator, the area's value and its country's value placed on each spoke against
the spread of the country's areas of the same kind (docs/adr/0053).

Scaling is min–max among the country's areas, oriented by polarity so that the rim is always the
better end:

    s = (x − lowest) / (highest − lowest)        High is good
    s = (highest − x) / (highest − lowest)       Low is good

``s`` = 0 is the country's worst area of that kind (the centre), 1 its best (the rim); a value outside
the areas' range (a country's mean need not lie between its areas') is drawn at the nearer end and
flagged. When every area has the same value (highest = lowest) the spoke is not drawn. Indicators
without a polarity ("No judgement", "BOB") have no better end and are left off the chart: the table
beside it still lists them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from healthassets.benchmark.spine import _direction


def spider_scale(
    value: pd.Series | np.ndarray,
    lowest: pd.Series | np.ndarray,
    highest: pd.Series | np.ndarray,
    polarity: pd.Series,
) -> pd.DataFrame:
    """Scaled positions (0–1, 1 = best) of ``value`` on spokes spanning ``lowest``…``highest``, all
    aligned with ``polarity``; returns ``scaled`` (clipped to 0–1, NaN where the spoke cannot be
    drawn) and ``outside`` (True where the value lay beyond the areas' range and was clipped)."""
    x = np.asarray(value, dtype=float)
    low = np.asarray(lowest, dtype=float)
    high = np.asarray(highest, dtype=float)
    direction = _direction(polarity.reset_index(drop=True))
    span = high - low
    drawable = (direction != 0) & np.isfinite(x) & np.isfinite(span) & (span > 0)
    safe = np.where(drawable, span, 1.0)
    raw = np.where(direction > 0, (x - low) / safe, (high - x) / safe)
    raw = np.where(drawable, raw, np.nan)
    outside = drawable & ((raw < 0) | (raw > 1))
    return pd.DataFrame({"scaled": np.clip(raw, 0.0, 1.0), "outside": outside}, index=polarity.index)
