"""Means with Student's t confidence limits (PHEindicatormethods ``phe_mean``).

value = Σx / n; limits = value ∓ t_{(1+c)/2, n−1} · s / √n with s the sample standard deviation.
Source: any statistics text (Student 1908); PHEindicatormethods documentation.

Two steps: the group summaries (sum, count, standard deviation — by pandas, or by Dask for a Dask
DataFrame, :func:`stats._dask.mean_summaries`), then :func:`mean_limits` on them.
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
    numeric_column,
    require_columns,
)
from healthassets.stats.ci import t_limits


def mean(
    data: pd.DataFrame | Any,
    values: str,
    *,
    group_by: GroupBy = None,
    confidence: Confidence = 0.95,
) -> pd.DataFrame:
    """Mean of ``values`` (per group, or over the whole frame) with Student's t limits.

    Output: groups…, value_sum, value_count, stdev, value, limits, statistic, method. As
    ``phe_mean`` (R's ``sum``, ``length`` and ``sd`` without ``na.rm``): a missing value makes its
    group's sum, standard deviation, value and limits missing, and ``value_count`` counts every
    row; a group with one value has missing limits. A Dask DataFrame is summarised by Dask (rows
    sorted by the group keys).
    """
    levels = confidence_levels(confidence)
    groups = group_columns(group_by)
    require_columns(data, [values, *groups])
    if is_dask(data):
        from healthassets.stats import _dask

        return mean_limits(_dask.mean_summaries(data, values, groups), levels)
    return mean_limits(_summaries(data, values, groups), levels)


def _summaries(data: pd.DataFrame, values: str, groups: list[str]) -> pd.DataFrame:
    """groups…, value_sum, value_count, stdev (R's sum, length and sd without na.rm)."""
    x = numeric_column(data, values)
    frame = pd.DataFrame({"x": x}, index=data.index)
    if groups:
        keys = [data[g] for g in groups]
        grouped = frame.groupby(keys, sort=False, dropna=False)["x"]
        gaps = frame["x"].isna().groupby(keys, sort=False, dropna=False).any()
        out = pd.DataFrame(
            {
                "value_sum": grouped.sum(min_count=1).mask(gaps),
                "value_count": grouped.size(),
                "stdev": grouped.std(ddof=1).mask(gaps),
            }
        ).reset_index()
    else:
        series, gap = frame["x"], bool(frame["x"].isna().any())
        out = pd.DataFrame(
            {
                "value_sum": [np.nan if gap else series.sum(min_count=1)],
                "value_count": [len(series)],
                "stdev": [np.nan if gap else series.std(ddof=1)],
            }
        )
    return out


def mean_limits(out: pd.DataFrame, levels: tuple[float, ...]) -> pd.DataFrame:
    """Add value = value_sum / value_count, t limits, statistic and method to the summaries."""
    count = out["value_count"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["value"] = out["value_sum"].to_numpy(dtype=float) / count
    for level in levels:
        lower, upper = t_limits(out["value"], out["stdev"], count, level)
        low_name, up_name = ci_columns(level)
        out[low_name] = lower
        out[up_name] = upper
    out["statistic"] = "mean"
    out["method"] = "Student's t-distribution"
    return out
