"""Crude rates with exact Poisson (< 10 events) or Byar's (≥ 10) limits (``phe_rate``).

value = x / n × multiplier; limits = Poisson limits of x / n × multiplier.
Source: Fingertips technical guidance "Confidence intervals"; Breslow & Day (1987).

Two steps, as proportions: numerators and denominators (per row, or group sums by pandas or by
Dask, :mod:`stats._dask`), then :func:`rate_limits`.
"""

from __future__ import annotations

from typing import Any

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
from healthassets.stats.ci import poisson_limits


def rate_label(multiplier: float) -> str:
    """'rate per 100000' (the multiplier written out, as PHEindicatormethods does)."""
    return f"rate per {multiplier:.0f}" if float(multiplier).is_integer() else f"rate per {multiplier:g}"


def rate(
    data: pd.DataFrame | Any,
    numerator: str,
    denominator: str,
    *,
    group_by: GroupBy = None,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
) -> pd.DataFrame:
    """Crude rate of ``numerator`` events per ``denominator`` person-years × ``multiplier``.

    Numerators above the denominator are valid. Errors: negative numerators, denominators ≤ 0.
    A Dask DataFrame is summed by Dask (see :func:`proportion`).
    """
    levels = confidence_levels(confidence)
    if is_dask(data):
        from healthassets.stats import _dask

        if not group_columns(group_by):
            return _dask.row_wise(
                data, rate, numerator, denominator, confidence=levels, multiplier=multiplier
            )
        out = _dask.numerator_denominator(
            data, numerator, denominator, group_by, numerator_at_most_denominator=False
        )
    else:
        out = numerator_denominator(
            data, numerator, denominator, group_by, numerator_at_most_denominator=False
        )
    return rate_limits(out, levels, multiplier)


def rate_limits(out: pd.DataFrame, levels: tuple[float, ...], multiplier: float) -> pd.DataFrame:
    """Add value, Poisson limits, statistic and method to ``out``'s ``numerator``/``denominator``."""
    x = out["numerator"].to_numpy(dtype=float)
    n = out["denominator"].to_numpy(dtype=float)
    scale = multiplier / n
    out["value"] = x * scale
    method = None
    for level in levels:
        lower, upper, method = poisson_limits(x, level)
        low_name, up_name = ci_columns(level)
        out[low_name] = lower * scale
        out[up_name] = upper * scale
    out["statistic"] = rate_label(multiplier)
    out["method"] = method
    return out
