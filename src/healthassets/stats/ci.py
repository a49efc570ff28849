"""Confidence limits shared by the statistics: Wilson, Byar, exact Poisson, Student's t.

All functions take NumPy arrays (or scalars) and return arrays; missing inputs give missing
outputs. ``confidence`` is one level in (0, 1].

Sources: Wilson EB (1927) "Probable inference, the law of succession, and statistical inference",
JASA 22:209-212; Breslow NE & Day NE (1987) *Statistical Methods in Cancer Research* vol. II
(Byar's approximation); Fingertips technical guidance "Confidence intervals" (APHO 2008),
which sets the exact/Byar's switch at 10 events.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

FloatArray = NDArray[np.float64]

#: Fingertips uses exact Poisson limits for counts below this and Byar's from it
EXACT_BELOW = 10


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile: z = Φ⁻¹(1/2 + confidence/2) (infinite at 1)."""
    return float(special.ndtri(0.5 + confidence / 2))


def _as_float(values: ArrayLike) -> FloatArray:
    return np.asarray(values, dtype=float)


def wilson_limits(x: ArrayLike, n: ArrayLike, confidence: float) -> tuple[FloatArray, FloatArray]:
    """Wilson score limits of the proportion x / n.

    (2x + z² ∓ z·√(z² + 4x(1 − x/n))) / (2(n + z²)); at confidence 1 the limits are 0 and 1.
    """
    x, n = _as_float(x), _as_float(n)
    if confidence >= 1:
        missing = np.isnan(x) | np.isnan(n)
        return np.where(missing, np.nan, 0.0), np.where(missing, np.nan, 1.0)
    z = z_value(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = 2 * x + z**2
        spread = z * np.sqrt(z**2 + 4 * x * (1 - x / n))
        scale = 2 * (n + z**2)
        lower = np.clip((centre - spread) / scale, 0, 1)
        upper = np.clip((centre + spread) / scale, 0, 1)
    # exact at the ends (x = 0 → lower 0, x = n → upper 1), where rounding would step off them
    return np.where(x == 0, 0.0, lower), np.where(x == n, 1.0, upper)


def byars_limits(x: ArrayLike, confidence: float) -> tuple[FloatArray, FloatArray]:
    """Byar's approximation to the Poisson limits of a count x.

    lower = x(1 − 1/(9x) − z/(3√x))³, upper = (x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³.
    A negative lower limit (tiny counts at high confidence) is missing, as in PHEindicatormethods.
    """
    x = _as_float(x)
    z = z_value(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        lower = x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
        upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * np.sqrt(x + 1))) ** 3
    lower = np.where(x == 0, 0.0, lower)
    lower = np.where(lower < 0, np.nan, lower)
    return lower, upper


def exact_poisson_limits(x: ArrayLike, confidence: float) -> tuple[FloatArray, FloatArray]:
    """Exact Poisson limits of a count x from the chi-squared distribution.

    lower = χ²_{(1−c)/2}(2x) / 2 (0 when x = 0), upper = χ²_{(1+c)/2}(2x + 2) / 2 — computed as
    the equal gamma quantiles Γ⁻¹(x; (1−c)/2) and Γ⁻¹(x + 1; (1+c)/2).
    """
    x = _as_float(x)
    alpha = 1 - confidence
    with np.errstate(invalid="ignore"):
        lower = np.where(x > 0, special.gammaincinv(np.where(x > 0, x, 1), alpha / 2), 0.0)
        upper = special.gammaincinv(x + 1, 1 - alpha / 2)
    lower = np.where(np.isnan(x), np.nan, lower)
    return _as_float(lower), _as_float(upper)


def poisson_limits(x: ArrayLike, confidence: float) -> tuple[FloatArray, FloatArray, NDArray[np.object_]]:
    """Limits of a count: exact below 10 events, Byar's from 10. Also returns the method label
    per element ("Exact" / "Byars"; missing where x is missing). Each method is evaluated only on
    the counts it applies to."""
    x = _as_float(x)
    small = x < EXACT_BELOW
    lower, upper = byars_limits(x, confidence)
    if small.any():
        exact_lo, exact_hi = exact_poisson_limits(x[small], confidence)
        lower[small], upper[small] = exact_lo, exact_hi
    labels = np.array(["Byars", "Exact", None], dtype=object)
    method = labels[np.where(np.isnan(x), 2, small.astype(np.intp))]
    return lower, upper, method


def t_limits(
    mean: ArrayLike, sd: ArrayLike, count: ArrayLike, confidence: float
) -> tuple[FloatArray, FloatArray]:
    """Student's t limits of a mean: mean ∓ t_{(1+c)/2, n−1} · sd / √n."""
    mean, sd, count = _as_float(mean), _as_float(sd), _as_float(count)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = special.stdtrit(count - 1, 0.5 + confidence / 2)
        half = t * sd / np.sqrt(count)
    return mean - half, mean + half
