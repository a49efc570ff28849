"""Aggregation: weighted mean, sum as given, shifted geometric mean, coverage; exact sums."""

from __future__ import annotations

import numpy as np
import pytest

from healthassets.indices.aggregate import aggregate, geometric_shift

X = np.array([[10.0, 20.0, np.nan], [30.0, 0.0, 5.0]])
W = np.array([[1.0, 3.0]])


def test_mean_sum_and_coverage() -> None:
    mean, _ = aggregate(X, W, "mean", min_coverage=0.5)
    np.testing.assert_allclose(mean, [[25, 5, 5]])
    total, _ = aggregate(X, np.array([[0.225, 0.093]]), "sum", min_coverage=0.5)
    np.testing.assert_allclose(total, [[0.225 * 10 + 0.093 * 30, 0.225 * 20, 0.093 * 5]])
    strict, _ = aggregate(X, W, "mean")
    assert np.isnan(strict[0, 2]) and not np.isnan(strict[0, :2]).any()


def test_geometric_mean_states_its_shift_and_never_takes_log_zero() -> None:
    scores, shift = aggregate(X[:, :2], W, "geometric")
    assert float(shift) == 1.0  # the smallest value, 0, becomes 1
    np.testing.assert_allclose(scores, [[(11 * 31**3) ** 0.25, (21 * 1**3) ** 0.25]])
    positive, none = aggregate(np.array([[2.0], [8.0]]), np.array([[1.0, 1.0]]), "geometric")
    assert float(none) == 0.0 and positive[0, 0] == pytest.approx(4.0)
    assert float(geometric_shift(X, 2.5)) == 2.5


def test_draws_and_a_single_set_of_weights_give_the_same_bits() -> None:
    rng = np.random.default_rng(4)
    values = rng.normal(size=(7, 333))
    values[:, 10] = values[:, 200]  # two areas with the same values
    weights = rng.uniform(0.5, 1.5, size=(40, 7))
    many, _ = aggregate(values, weights, "mean")
    one, _ = aggregate(values, weights[17:18], "mean")
    assert np.array_equal(many[17], one[0])
    assert (many[:, 10] == many[:, 200]).all()
    step = np.zeros((40, 333))
    for k in range(7):
        step += weights[:, k : k + 1] * values[k]
    assert np.array_equal(aggregate(values, weights, "sum")[0], step)
