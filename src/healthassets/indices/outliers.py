"""Outlier treatment as COINr's ``Treat()`` does it by default (Becker et al., COINr 1.1, ``treat.R``).

An indicator (a row, areas along the last axis) passes when |skew| < 2 **or** kurtosis < 3.5
(COINr ``check_SkewKurt``), so it is treated when both |skew| ≥ 2 and kurtosis ≥ 3.5. Skew and
kurtosis are the bias-corrected sample statistics (e1071 type 2, Excel's ``SKEW`` and ``KURT``;
Joanes & Gill, 1998):

    G1 = g1 · √(n (n − 1)) / (n − 2),     g1 = m3 / m2^(3/2)
    G2 = ((n + 1) g2 + 6) (n − 1) / ((n − 2)(n − 3)),   g2 = m4 / m2² − 3

A failing indicator is Winsorised one step at a time, up to ``winmax`` (5) steps: at the end its
skew points to, every value equal to the extreme is given the next value in from it (COINr
``winsorise``). If it still fails it is instead, from its original values, log-transformed as
COINr's ``log_CT``: ln(x − min(x) + a), a = 0.01 · (max(x) − min(x)). The log is used only for a
positive skew (a log lengthens a left tail); a negatively skewed row that Winsorisation cannot fix
is reported as ``failed`` and left Winsorised.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SKEW_LIMIT = 2.0
KURTOSIS_LIMIT = 3.5
WINMAX = 5


def _moments(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n = np.sum(~np.isnan(x), axis=-1).astype(np.float64)
    centred = x - np.nanmean(x, axis=-1, keepdims=True)
    m2 = np.nansum(centred**2, axis=-1) / n
    m3 = np.nansum(centred**3, axis=-1) / n
    m4 = np.nansum(centred**4, axis=-1) / n
    return n, m2, m3, m4


def skewness(x: np.ndarray) -> np.ndarray:
    """G1 (e1071 type 2) of each row; NaN with fewer than 3 values or no spread."""
    with np.errstate(divide="ignore", invalid="ignore"):
        n, m2, m3, _ = _moments(np.asarray(x, dtype=np.float64))
        g1 = m3 / m2**1.5
        return np.where((n > 2) & (m2 > 0), g1 * np.sqrt(n * (n - 1)) / (n - 2), np.nan)


def kurtosis(x: np.ndarray) -> np.ndarray:
    """Excess kurtosis G2 (e1071 type 2) of each row; NaN with fewer than 4 values or no spread."""
    with np.errstate(divide="ignore", invalid="ignore"):
        n, m2, _, m4 = _moments(np.asarray(x, dtype=np.float64))
        g2 = m4 / m2**2 - 3.0
        return np.where((n > 3) & (m2 > 0), ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3)), np.nan)


def fails(x: np.ndarray) -> np.ndarray:
    """True for rows whose |skew| ≥ 2 and kurtosis ≥ 3.5 (COINr's default limits)."""
    return (np.abs(skewness(x)) >= SKEW_LIMIT) & (kurtosis(x) >= KURTOSIS_LIMIT)


def log_ct(x: np.ndarray) -> np.ndarray:
    """COINr ``log_CT``: ln(x − min + a), a = 0.01 · (max − min), per row."""
    low = np.nanmin(x, axis=-1, keepdims=True)
    spread = np.nanmax(x, axis=-1, keepdims=True) - low
    return np.log(x - low + 0.01 * spread)


@dataclass(frozen=True)
class Treated:
    """Treated values, and per row: ``treatment`` (none / winsorised / log / failed) and the
    number of values Winsorised."""

    values: np.ndarray
    treatment: np.ndarray
    winsorised: np.ndarray


def _step(x: np.ndarray, rows: np.ndarray, high_side: np.ndarray) -> np.ndarray:
    """One Winsorisation step on ``rows``: the extreme values become the next value in."""
    part = x[rows]
    side = high_side[rows][:, None]
    signed = np.where(side, part, -part)
    extreme = np.nanmax(signed, axis=-1, keepdims=True)
    inner = np.nanmax(np.where(signed < extreme, signed, np.nan), axis=-1, keepdims=True)
    hit = signed == extreme
    replaced = np.where(hit, inner, signed)
    x[rows] = np.where(side, replaced, -replaced)
    return np.asarray(hit.sum(axis=-1))


def treat(values: np.ndarray, winmax: int = WINMAX) -> Treated:
    """COINr's default outlier treatment of each row of ``values`` (indicators, areas)."""
    original = np.asarray(values, dtype=np.float64)
    x = original.copy()
    points = np.zeros(x.shape[0], dtype=np.int64)
    failing = fails(x)
    treatment = np.where(failing, "winsorised", "none").astype(object)
    for _ in range(winmax):
        if not failing.any():
            break
        rows = np.flatnonzero(failing)
        points[rows] += _step(x, rows, skewness(x) > 0)
        failing = fails(x)
    still = np.flatnonzero(failing)
    positive = skewness(original) > 0
    logged = still[positive[still]]
    x[logged] = log_ct(original[logged])
    points[logged] = 0
    treatment[logged] = "log"
    treatment[still[~positive[still]]] = "failed"
    return Treated(x, treatment.astype(str), points)
