"""Proportions with Wilson score confidence limits (PHEindicatormethods ``phe_proportion``).

value = x / n × multiplier; limits = Wilson(x, n) × multiplier (see :func:`ci.wilson_limits`).
Source: Wilson (1927); Fingertips technical guidance; Newcombe RG (1998) Stat Med 17:857-872.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from healthassets.stats._frame import (
    Confidence,
    GroupBy,
    ci_columns,
    confidence_levels,
    numerator_denominator,
)
from healthassets.stats.ci import wilson_limits


def proportion_label(multiplier: float) -> str:
    """'percentage' for 100, else 'proportion of <multiplier>' (as PHEindicatormethods)."""
    return "percentage" if multiplier == 100 else f"proportion of {multiplier:g}"


def proportion(
    data: pd.DataFrame,
    numerator: str,
    denominator: str,
    *,
    group_by: GroupBy = None,
    confidence: Confidence = 0.95,
    multiplier: float = 1,
) -> pd.DataFrame:
    """Proportion of ``numerator`` in ``denominator`` with Wilson score limits.

    Ungrouped: one row per input row (same index). Grouped: numerators and denominators are summed
    within groups first. Missing numerator or denominator → missing value and limits.
    Errors: negative numerators, denominators ≤ 0, numerator > denominator.
    """
    levels = confidence_levels(confidence)
    out = numerator_denominator(data, numerator, denominator, group_by, numerator_at_most_denominator=True)
    return _with_limits(out, levels, float(multiplier))


def _with_limits(out: pd.DataFrame, levels: tuple[float, ...], multiplier: float) -> pd.DataFrame:
    x = out["numerator"].to_numpy(dtype=float)
    n = out["denominator"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["value"] = x / n * multiplier
    for level in levels:
        lower, upper = wilson_limits(x, n, level)
        low_name, up_name = ci_columns(level)
        out[low_name] = lower * multiplier
        out[up_name] = upper * multiplier
    out["statistic"] = proportion_label(multiplier)
    out["method"] = "Wilson"
    return out
