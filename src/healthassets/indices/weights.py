"""Weights: equal, given, one-factor maximum-likelihood factor analysis (the IoD method), PCA.

Statistical weights are computed from the indicators' correlation matrix over the areas that have
every indicator (values are (indicators, areas), after direction and normalisation).

**Maximum-likelihood factor analysis** (one factor; Jöreskog, 1967, "Some contributions to maximum
likelihood factor analysis", *Psychometrika* 32; Lawley & Maxwell, *Factor Analysis as a
Statistical Method*, 1971, ch. 4 — the method of R's ``factanal``). With the correlation matrix
S and uniquenesses Ψ = diag(ψ), the likelihood concentrated on Ψ is minimised over ψ ∈ [0.005, 1]:

    F(Ψ) = − Σ_{j>1} (ln θ_j − θ_j) − 1 + p,

θ_1 ≥ … ≥ θ_p the eigenvalues of Ψ^(−1/2) S Ψ^(−1/2), with gradient ∂F/∂ψ_i = ((ΛΛᵀ + Ψ − S)_ii)/ψ_i².
The loadings are Λ = Ψ^(1/2) u_1 √max(θ_1 − 1, 0) (u_1 the first eigenvector). The Indices of
Deprivation combine the indicators of the Health and Education domains with weights from such a
one-factor model (MHCLG, English Indices of Deprivation 2019 technical report, §3.5 and Appendix
E); here the loadings are scaled to sum to 1.

**PCA**: the first eigenvector of S, scaled to sum to 1 (OECD/JRC Handbook 2008, §6.1).

Both are signed so that they sum to a positive number; an indicator left with a negative weight
is pointing the other way from the rest, and is reported rather than used.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

LOWER_UNIQUENESS = 0.005  # R factanal's default lower bound


def equal(count: int) -> np.ndarray:
    """Weight 1 for each of ``count`` indicators."""
    return np.ones(count)


def correlation(values: np.ndarray) -> np.ndarray:
    """Pearson correlation of the rows of ``values`` over the columns (areas) with no gap."""
    x = np.asarray(values, dtype=np.float64)
    complete = x[:, ~np.isnan(x).any(axis=0)]
    if complete.shape[1] < 3:
        raise ValueError("statistical weights need at least three areas with every indicator")
    if (complete.std(axis=1) == 0).any():
        raise ValueError("statistical weights need every indicator to vary between areas")
    return np.asarray(np.corrcoef(complete), dtype=np.float64)


def _scaled(s: np.ndarray, psi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    root = 1.0 / np.sqrt(psi)
    values, vectors = np.linalg.eigh(s * root[:, None] * root[None, :])
    return values[::-1], vectors[:, ::-1]


def _objective(psi: np.ndarray, s: np.ndarray) -> float:
    theta, _ = _scaled(s, psi)
    rest = theta[1:]
    return float(-(np.sum(np.log(rest) - rest)) - 1 + s.shape[0])


def _loadings(psi: np.ndarray, s: np.ndarray) -> np.ndarray:
    theta, vectors = _scaled(s, psi)
    return np.sqrt(psi) * vectors[:, 0] * np.sqrt(max(theta[0] - 1.0, 0.0))


def _gradient(psi: np.ndarray, s: np.ndarray) -> np.ndarray:
    load = _loadings(psi, s)
    return np.asarray((load**2 + psi - np.diag(s)) / psi**2)


def factor_loadings(s: np.ndarray) -> np.ndarray:
    """One-factor ML loadings of correlation matrix ``s`` (Jöreskog 1967), signed to sum ≥ 0."""
    p = s.shape[0]
    if p < 3:
        raise ValueError("a one-factor model needs at least three indicators")
    start = np.clip((1 - 0.5 / p) / np.diag(np.linalg.inv(s)), LOWER_UNIQUENESS, 1.0)
    fit = minimize(
        _objective,
        start,
        args=(s,),
        jac=_gradient,
        method="L-BFGS-B",
        bounds=[(LOWER_UNIQUENESS, 1.0)] * p,
        options={"ftol": 1e-12, "gtol": 1e-10, "maxiter": 1000},
    )
    load = _loadings(fit.x, s)
    return load if load.sum() >= 0 else -load


def _sum_to_one(raw: np.ndarray, names: list[str], method: str) -> np.ndarray:
    weights = raw / raw.sum()
    negative = [name for name, weight in zip(names, weights, strict=True) if weight < 0]
    if negative:
        raise ValueError(
            f"{method} gives a negative weight to {', '.join(negative)}: its direction is probably "
            "the other way from the rest"
        )
    return weights


def factor_weights(values: np.ndarray, names: list[str]) -> np.ndarray:
    """One-factor ML factor-analysis loadings of ``values`` (indicators, areas), summing to 1."""
    return _sum_to_one(factor_loadings(correlation(values)), names, "factor analysis")


def pca_weights(values: np.ndarray, names: list[str]) -> np.ndarray:
    """The first principal component of ``values``' correlation matrix, summing to 1."""
    _, vectors = np.linalg.eigh(correlation(values))
    first = vectors[:, -1]
    return _sum_to_one(first if first.sum() >= 0 else -first, names, "PCA")
