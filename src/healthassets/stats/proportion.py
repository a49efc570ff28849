"""Proportions with Wilson score confidence limits (PHEindicatormethods ``phe_proportion``).

value = x / n × multiplier; limits = Wilson(x, n) × multiplier (see :func:`ci.wilson_limits`).
Source: Wilson (1927); Fingertips technical guidance; Newcombe RG (1998) Stat Med 17:857-872.

Two steps: the numerators and denominators (per row, or summed per group — with pandas, or with
Dask for a Dask DataFrame, :mod:`stats._dask`), then :func:`proportion_limits` on those sums.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from healthassets.stats._frame import (
    Confidence,
    GroupBy,
    ci_columns,
    confidence_levels,
    group_columns,
    is_dask,
    numerator_denominator,
)
from healthassets.stats.ci import wilson_limits


def proportion_label(multiplier: float) -> str:
    """'percentage' for 100, else 'proportion of <multiplier>' (as PHEindicatormethods)."""
    return "percentage" if multiplier == 100 else f"proportion of {multiplier:g}"


def proportion(
    data: pd.DataFrame | Any,
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

    A Dask DataFrame: grouped, the sums are computed by Dask (rows sorted by the group keys);
    ungrouped, the result is a lazy Dask DataFrame computed partition by partition.
    """
    levels = confidence_levels(confidence)
    if is_dask(data):
        from healthassets.stats import _dask

        if not group_columns(group_by):
            return _dask.row_wise(
                data, proportion, numerator, denominator, confidence=levels, multiplier=multiplier
            )
        out = _dask.numerator_denominator(
            data, numerator, denominator, group_by, numerator_at_most_denominator=True
        )
    else:
        out = numerator_denominator(
            data, numerator, denominator, group_by, numerator_at_most_denominator=True
        )
    return proportion_limits(out, levels, float(multiplier))


def proportion_limits(out: pd.DataFrame, levels: tuple[float, ...], multiplier: float) -> pd.DataFrame:
    """Add value, Wilson limits, statistic and method to ``out``'s ``numerator``/``denominator``."""
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
