"""Empirical-Bayes shrinkage toward the local authority (empirical logits)."""

from __future__ import annotations

import numpy as np

from healthassets.indices.shrinkage import shrink_proportions


def test_against_the_formulas_by_hand() -> None:
    count = np.array([2.0, 30.0, 10.0])
    denominator = np.array([10.0, 100.0, 50.0])
    result = shrink_proportions(count, denominator, np.array(["A", "A", "A"]))
    z = np.log((count + 0.5) / (denominator - count + 0.5))
    s2 = 1 / (count + 0.5) + 1 / (denominator - count + 0.5)
    centre = np.log((42 + 0.5) / (160 - 42 + 0.5))
    t2 = np.mean((z - centre) ** 2)
    w = t2 / (t2 + s2)
    expected = 1 / (1 + np.exp(-(w * z + (1 - w) * centre)))
    np.testing.assert_allclose(result["weight"], w)
    np.testing.assert_allclose(result["shrunk"], expected)
    np.testing.assert_allclose(result["raw"], count / denominator)


def test_precise_areas_keep_their_value_and_alike_ones_move_to_the_authority() -> None:
    precise = shrink_proportions(np.array([1e6, 3e6]), np.array([1e7, 1e7]), np.array(["A", "A"]))
    np.testing.assert_allclose(precise["shrunk"], [0.1, 0.3], rtol=1e-3)
    same = shrink_proportions(np.array([5.0, 5.0]), np.array([20.0, 20.0]), np.array(["B", "B"]))
    assert (same["weight"] < 0.01).all()  # t² is only the +½ corrections' difference
    np.testing.assert_allclose(same["shrunk"], 10.5 / 41, rtol=1e-3)
