"""Means with Student's t confidence limits (PHEindicatormethods ``phe_mean``).

value = Σx / n; limits = value ∓ t_{(1+c)/2, n−1} · s / √n with s the sample standard deviation.
Source: any statistics text (Student 1908); PHEindicatormethods documentation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from healthassets.stats._frame import (
    Confidence,
    GroupBy,
    ci_columns,
    confidence_levels,
    group_columns,
    numeric_column,
    require_columns,
)
from healthassets.stats.ci import t_limits


def mean(
    data: pd.DataFrame,
    values: str,
    *,
    group_by: GroupBy = None,
    confidence: Confidence = 0.95,
) -> pd.DataFrame:
    """Mean of ``values`` (per group, or over the whole frame) with Student's t limits.

    Output: groups…, value_sum, value_count, stdev, value, limits, statistic, method. Missing
    values are left out of the sums and counts; a group with one value has missing limits.
    """
    levels = confidence_levels(confidence)
    groups = group_columns(group_by)
    require_columns(data, [values, *groups])
    x = numeric_column(data, values)
    frame = pd.DataFrame({"x": x}, index=data.index)
    if groups:
        grouped = frame.groupby([data[g] for g in groups], sort=False, dropna=False)["x"]
        out = pd.DataFrame(
            {
                "value_sum": grouped.sum(min_count=1),
                "value_count": grouped.count(),
                "stdev": grouped.std(ddof=1),
            }
        ).reset_index()
    else:
        series = frame["x"]
        out = pd.DataFrame(
            {
                "value_sum": [series.sum(min_count=1)],
                "value_count": [series.count()],
                "stdev": [series.std(ddof=1)],
            }
        )
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
