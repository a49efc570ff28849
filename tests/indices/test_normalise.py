"""Normalisation methods against their formulas, after direction."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from healthassets.indices.normalise import EXP_CUT, exp_transform, normalise

X = np.array([[2.0, 4.0, np.nan, 10.0, 4.0]])


def test_minmax_zscore_and_direction() -> None:
    np.testing.assert_allclose(normalise(X, "minmax"), [[0, 25, np.nan, 100, 25]])
    np.testing.assert_allclose(normalise(X, "minmax", np.array([-1])), [[100, 75, np.nan, 0, 75]])
    present = np.array([2.0, 4.0, 10.0, 4.0])
    z = (X - present.mean()) / present.std(ddof=1)
    np.testing.assert_allclose(normalise(X, "zscore"), z)
    np.testing.assert_allclose(normalise(np.array([[3.0, 3.0, np.nan]]), "minmax"), [[50, 50, np.nan]])
    np.testing.assert_allclose(normalise(np.array([[3.0, 3.0]]), "zscore"), [[0, 0]])


def test_rank_prank_rankit_give_higher_values_higher_scores() -> None:
    np.testing.assert_array_equal(normalise(X, "rank"), [[1, 2, np.nan, 4, 2]])
    np.testing.assert_allclose(normalise(X, "prank"), [[0, 100 / 3, np.nan, 100, 100 / 3]])
    np.testing.assert_allclose(
        normalise(X, "rankit"),
        [[norm.ppf(0.5 / 4), norm.ppf(1.5 / 4), np.nan, norm.ppf(3.5 / 4), norm.ppf(1.5 / 4)]],
    )


def test_exp_rank_is_the_iod_transform_of_ranks_from_the_highest() -> None:
    ranks = np.array([4.0, 2.0, np.nan, 1.0, 2.0])  # from the highest, ties share 2, n = 4
    expected = -23 * np.log(1 - (5 - ranks) / 4 * (1 - np.exp(-100 / 23)))
    np.testing.assert_allclose(normalise(X, "exp-rank")[0], expected)
    assert exp_transform(np.array([1.0]), 33755)[0] == pytest.approx(100)
    assert pytest.approx(1 - np.exp(-100 / 23)) == EXP_CUT


def test_goalposts_target_reference_take_the_direction() -> None:
    goalposts = np.array([[0.0, 8.0]])
    np.testing.assert_allclose(normalise(X, "goalposts", None, goalposts), [[25, 50, np.nan, 100, 50]])
    np.testing.assert_allclose(
        normalise(X, "goalposts", np.array([-1]), goalposts), [[75, 50, np.nan, 0, 50]]
    )
    np.testing.assert_allclose(normalise(X, "target", None, np.array([6.0])), [[0, 50, np.nan, 100, 50]])
    np.testing.assert_allclose(normalise(X, "reference", None, np.array([4.0])), [[-50, 0, np.nan, 150, 0]])


def test_leading_axes_are_rows_of_their_own() -> None:
    stacked = np.stack([X, 2 * X])
    np.testing.assert_allclose(normalise(stacked, "minmax")[1], normalise(X, "minmax"))
