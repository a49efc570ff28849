"""Aggregation of normalised indicators into a score, for one set of weights or many at once.

``values`` are (indicators, areas), shared by every set of weights, or (draws, indicators, areas);
``weights`` are (draws, indicators): one row per set of weights (one row for a single score).
Methods (OECD/JRC Handbook 2008, §6.2; COINr ``a_amean``, ``a_gmean``):

- ``mean``: the weighted arithmetic mean Σ w·x / Σ w over the indicators present;
- ``sum``: the weighted sum Σ w·x, weights used as given and never renormalised (the IMD's weights
  sum to 0.999 and its published scores are that sum);
- ``geometric``: the weighted geometric mean exp(Σ w·ln(x + c) / Σ w) of the values shifted by
  c ≥ 0 to be positive. c is given, or else 0 when every value is positive and 1 − min(x) when
  not (so the smallest value becomes 1): never log(0). The shift is returned with the scores.

Data availability: a score needs at least ``min_coverage`` (a share, 0–1) of its indicators
present; below that it is missing. With 1 (the default) any missing indicator leaves the score
missing.

The sums are ``np.einsum`` without BLAS (``optimize=False``): every score is the products
w·x added in indicator order, separately rounded, so two areas with the same values get
bit-identical scores, and the same weights give the same score whether computed alone or among a
thousand draws (BLAS fuses and reorders, and does not; tests/indices/test_aggregate.py).
"""

from __future__ import annotations

import numpy as np

METHODS = ("mean", "sum", "geometric")


def geometric_shift(values: np.ndarray, given: float | None = None) -> np.ndarray:
    """The shift c of each draw (one per leading row of 3-D values; a scalar array for 2-D)."""
    x = np.asarray(values, dtype=np.float64)
    if given is not None:
        return np.asarray(float(given)) if x.ndim == 2 else np.full(x.shape[0], float(given))
    axes = (-2, -1)
    low = np.nanmin(np.where(np.isnan(x), np.inf, x), axis=axes)
    return np.where(low > 0, 0.0, 1.0 - low)


def aggregate(
    values: np.ndarray,
    weights: np.ndarray,
    method: str,
    *,
    min_coverage: float = 1.0,
    shift: float | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Scores (draws, areas) of ``values`` under each row of ``weights``; with the geometric
    shift used (None for other methods)."""
    if method not in METHODS:
        raise ValueError(f"unknown aggregation {method!r}; choose from {', '.join(METHODS)}")
    x = np.asarray(values, dtype=np.float64)
    w = np.atleast_2d(np.asarray(weights, dtype=np.float64))
    count = x.shape[-2]
    used: np.ndarray | None = None
    if method == "geometric":
        used = geometric_shift(x, shift)
        offset = used if x.ndim == 2 else used[:, None, None]
        x = np.log(x + offset)
    missing = np.isnan(x)
    gaps = bool(missing.any())
    plain = np.where(missing, 0.0, x) if gaps else x
    pattern = "dk,ka->da" if x.ndim == 2 else "dk,dka->da"
    total = np.einsum(pattern, w, plain, optimize=False)
    weight_present = np.einsum(pattern, w, (~missing).astype(np.float64), optimize=False) if gaps else None
    if method != "sum":
        denominator = weight_present if weight_present is not None else w.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            total = total / denominator
    if method == "geometric":
        total = np.exp(total)
    if not gaps:
        return total, used
    present = np.sum(~missing, axis=-2)
    enough = present >= min_coverage * count - 1e-12
    return np.where(enough, total, np.nan), used
