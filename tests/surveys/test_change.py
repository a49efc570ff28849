"""Change between waves: reliable change labels and Welch limits by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from healthassets.surveys.change import reliable_change, threshold_for, welch_change


def test_reliable_change_at_the_published_swemwbs_threshold() -> None:
    threshold = threshold_for("swemwbs_metric")
    out = reliable_change([20.0, 20.0, 20.0, np.nan], [22.87, 22.86, 17.13, 25.0], threshold)
    assert list(out["reliable_change"].fillna("-")) == ["improved", "no reliable change", "worsened", "-"]
    with pytest.raises(ValueError, match="no published"):
        threshold_for("wemwbs_total")
    assert threshold_for("wemwbs_total", 8.0) == 8.0


def test_welch_change_matches_scipy() -> None:
    a, b = np.array([1.0, 2, 3, 4, 5]), np.array([2.0, 4, 6, 8, 10, 12])
    out = welch_change(a.mean(), a.std(ddof=1), 5, b.mean(), b.std(ddof=1), 6)
    result = stats.ttest_ind(b, a, equal_var=False)
    low, high = result.confidence_interval(0.95)
    assert out.loc[0, "change"] == 4.0
    assert out.loc[0, "lower95_0cl"] == pytest.approx(low) and out.loc[0, "upper95_0cl"] == pytest.approx(
        high
    )
    assert math.isnan(welch_change(1, 1, 1, 2, 1, 5).loc[0, "lower95_0cl"])
