"""Imputation with the number imputed per indicator."""

from __future__ import annotations

import numpy as np

from healthassets.indices.impute import impute, latest_year

X = np.array([[1.0, np.nan, 3.0, 10.0], [np.nan, np.nan, 2.0, 4.0]])


def test_mean_median_and_none() -> None:
    mean = impute(X, "mean")
    np.testing.assert_allclose(mean.values, [[1, 14 / 3, 3, 10], [3, 3, 2, 4]])
    assert mean.counts.tolist() == [1, 2]
    np.testing.assert_allclose(impute(X, "median").values[0], [1, 3, 3, 10])
    assert impute(X, "none").counts.tolist() == [0, 0]


def test_group_mean_fills_within_the_parent_only() -> None:
    filled = impute(X, "group-mean", np.array(["A", "A", "B", "B"]))
    np.testing.assert_allclose(filled.values[0], [1, 1, 3, 10])
    np.testing.assert_allclose(filled.values[1], [np.nan, np.nan, 2, 4])
    assert filled.counts.tolist() == [1, 0]


def test_latest_year_takes_the_most_recent_value() -> None:
    years = np.array([[[1.0, 2.0, np.nan]], [[5.0, np.nan, np.nan]], [[np.nan, np.nan, np.nan]]])
    latest = latest_year(years)
    np.testing.assert_allclose(latest.values, [[5, 2, np.nan]])
    assert latest.counts.tolist() == [2]
