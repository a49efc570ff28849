"""Empirical-Bayes shrinkage of small-area proportions toward their local authority, as the
Indices of Deprivation apply it to unreliable small-area rates (MHCLG, English Indices of
Deprivation 2019 technical report, §3.4 and Appendix C; the method of Noble et al. for the
Scottish Indices of Deprivation 2003, Appendix 1, "The 'shrinkage' technique").

For small area j with r_j events out of n_j in authority A (totals r, n; k areas):

    z_j  = ln((r_j + ½) / (n_j − r_j + ½))                the empirical logit
    s_j² = 1 / (r_j + ½) + 1 / (n_j − r_j + ½)            its sampling variance
    z̄_A  = ln((r + ½) / (n − r + ½))                      the authority's logit
    t²_A = Σ_j (z_j − z̄_A)² / k                           the variance between A's areas
    w_j  = (1 / s_j²) / (1 / s_j² + 1 / t²_A) = t² / (t² + s_j²)
    z*_j = w_j z_j + (1 − w_j) z̄_A,    p*_j = 1 / (1 + e^(−z*_j))

A precise estimate (small s_j²) keeps its own value; an imprecise one in a homogeneous authority
(small t²) moves toward the authority. An authority whose areas all share one logit (t² = 0)
gives w = 0: every area takes the authority's value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def empirical_logit(count: np.ndarray, denominator: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(z, s²): the empirical logit of count / denominator and its sampling variance."""
    r = np.asarray(count, dtype=np.float64)
    n = np.asarray(denominator, dtype=np.float64)
    return np.log((r + 0.5) / (n - r + 0.5)), 1.0 / (r + 0.5) + 1.0 / (n - r + 0.5)


def shrink_proportions(count: np.ndarray, denominator: np.ndarray, authority: np.ndarray) -> pd.DataFrame:
    """Per small area: ``raw`` proportion, ``weight`` w_j, ``shrunk`` proportion p*_j."""
    r = np.asarray(count, dtype=np.float64)
    n = np.asarray(denominator, dtype=np.float64)
    if (n <= 0).any() or (r < 0).any() or (r > n).any():
        raise ValueError("counts must lie between 0 and their denominators, and denominators be positive")
    codes, _ = pd.factorize(pd.Series(authority), sort=False)
    z, variance = empirical_logit(r, n)
    centre, _ = empirical_logit(np.bincount(codes, weights=r), np.bincount(codes, weights=n))
    spread = np.bincount(codes, weights=(z - centre[codes]) ** 2) / np.bincount(codes)
    between = spread[codes]
    weight = between / (between + variance)
    shrunk = weight * z + (1.0 - weight) * centre[codes]
    return pd.DataFrame({"raw": r / n, "weight": weight, "shrunk": 1.0 / (1.0 + np.exp(-shrunk))})
