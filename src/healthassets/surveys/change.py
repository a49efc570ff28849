"""Change between two waves: reliable change for individuals, change in area means with CIs.

Individuals: change = after − before; "reliable" when |change| ≥ the threshold (published ones in
``swemwbs.RELIABLE_CHANGE``; docs/adr/0060), labelled improved / no reliable change / worsened.

Area means (two independent samples, Welch 1947): d = m₂ − m₁, se = √(s₁²/n₁ + s₂²/n₂),
df = se⁴ / ((s₁²/n₁)²/(n₁ − 1) + (s₂²/n₂)²/(n₂ − 1)) (Welch–Satterthwaite), limits
d ∓ t_{0.975, df} · se; empty when either wave has fewer than two values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import special

from healthassets.surveys.swemwbs import RELIABLE_CHANGE

LABELS = ("improved", "no reliable change", "worsened")


def threshold_for(measure: str, given: float | None = None) -> float:
    """``given``, or the published threshold for ``measure``; ValueError when neither exists."""
    if given is not None:
        return given
    if measure not in RELIABLE_CHANGE:
        raise ValueError(f"no published reliable-change threshold for {measure!r}: give one")
    return RELIABLE_CHANGE[measure][0]


def reliable_change(
    before: ArrayLike, after: ArrayLike, threshold: float, higher_is_better: bool = True
) -> pd.DataFrame:
    """Per person: ``change`` and ``reliable_change`` (a label of :data:`LABELS`, empty where a
    wave is missing)."""
    b, a = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    change = a - b
    sign = 1 if higher_is_better else -1
    label = np.full(change.shape, None, dtype=object)
    label[~np.isnan(change)] = LABELS[1]
    with np.errstate(invalid="ignore"):
        label[sign * change >= threshold] = LABELS[0]
        label[sign * change <= -threshold] = LABELS[2]
    return pd.DataFrame({"change": change, "reliable_change": label})


def welch_change(
    mean1: ArrayLike, sd1: ArrayLike, n1: ArrayLike, mean2: ArrayLike, sd2: ArrayLike, n2: ArrayLike
) -> pd.DataFrame:
    """Change in means (wave 2 − wave 1) with 95 % Welch t limits, element by element (areas)."""
    m1, s1, c1 = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (mean1, sd1, n1))
    m2, s2, c2 = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (mean2, sd2, n2))
    with np.errstate(invalid="ignore", divide="ignore"):
        v1, v2 = s1**2 / c1, s2**2 / c2
        se = np.sqrt(v1 + v2)
        df = (v1 + v2) ** 2 / (v1**2 / (c1 - 1) + v2**2 / (c2 - 1))
        df = np.where((c1 < 2) | (c2 < 2), np.nan, df)
        t = special.stdtrit(df, 0.975)
    change = m2 - m1
    return pd.DataFrame(
        {"change": change, "se": se, "df": df, "lower95_0cl": change - t * se, "upper95_0cl": change + t * se}
    )
