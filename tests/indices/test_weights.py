"""Statistical weights: one-factor ML factor analysis (Jöreskog 1967) and PCA."""

from __future__ import annotations

import numpy as np
import pytest

from healthassets.indices.weights import _gradient, factor_loadings, factor_weights, pca_weights

LOADINGS = np.array([0.9, 0.8, 0.7, 0.6, 0.5])


def one_factor_sample(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    factor = rng.normal(size=n)
    return LOADINGS[:, None] * factor + np.sqrt(1 - LOADINGS**2)[:, None] * rng.normal(size=(5, n))


def test_an_exact_one_factor_matrix_gives_back_its_loadings() -> None:
    s = np.outer(LOADINGS, LOADINGS)
    np.fill_diagonal(s, 1.0)
    found = factor_loadings(s)
    np.testing.assert_allclose(found, LOADINGS, atol=1e-6)
    np.testing.assert_allclose(_gradient(1 - found**2, s), 0, atol=1e-6)


def test_factor_weights_sum_to_one_and_follow_the_loadings() -> None:
    weights = factor_weights(one_factor_sample(20_000), list("abcde"))
    assert weights.sum() == pytest.approx(1)
    np.testing.assert_allclose(weights, LOADINGS / LOADINGS.sum(), atol=0.01)


def test_pca_weights_are_the_first_component_scaled() -> None:
    values = one_factor_sample(2_000, seed=2)
    weights = pca_weights(values, list("abcde"))
    vectors = np.linalg.eigh(np.corrcoef(values))[1][:, -1]
    np.testing.assert_allclose(weights, np.abs(vectors) / np.abs(vectors).sum())


def test_an_indicator_pointing_the_other_way_is_named() -> None:
    values = one_factor_sample(2_000)
    values[4] *= -1
    with pytest.raises(ValueError, match="negative weight to e"):
        factor_weights(values, list("abcde"))
