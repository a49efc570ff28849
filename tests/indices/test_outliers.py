"""COINr's default outlier treatment: skew/kurtosis check, Winsorisation, then log."""

from __future__ import annotations

import numpy as np
from scipy import stats

from healthassets.indices.outliers import fails, kurtosis, log_ct, skewness, treat


def test_skew_and_kurtosis_are_the_bias_corrected_statistics() -> None:
    rng = np.random.default_rng(1)
    x = rng.gamma(1.5, size=(3, 40))
    np.testing.assert_allclose(skewness(x), stats.skew(x, axis=1, bias=False))
    np.testing.assert_allclose(kurtosis(x), stats.kurtosis(x, axis=1, bias=False))


def test_two_outliers_are_winsorised_and_a_fine_row_is_left_alone() -> None:
    x = np.array([[*range(1, 11), 30, 100], [*range(1, 13)]], dtype=float)
    assert fails(x).tolist() == [True, False]
    treated = treat(x)
    assert treated.treatment.tolist() == ["winsorised", "none"]
    assert treated.winsorised.tolist()[1] == 0
    assert not fails(treated.values).any()
    assert treated.values[0].max() < 100 and treated.values[0, :10].tolist() == list(range(1, 11))
    np.testing.assert_array_equal(treated.values[1], x[1])


def test_what_winsorisation_cannot_fix_is_logged() -> None:
    x = np.array([np.r_[np.ones(30), 10.0 ** np.arange(1, 11)]])
    treated = treat(x, winmax=1)
    assert treated.treatment.tolist() == ["log"]
    np.testing.assert_allclose(treated.values, log_ct(x))
    low, spread = x.min(), x.max() - x.min()
    np.testing.assert_allclose(treated.values, np.log(x - low + 0.01 * spread))
