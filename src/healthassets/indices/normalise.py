"""Normalisation: each indicator (a row, areas along the last axis) on a common scale.

Direction comes first: a value is multiplied by its direction (+1: higher is more of what the
index measures; −1: lower is), so every method below gives a higher normalised value to "more".
Missing values (NaN) stay missing and take no part in any statistic. Methods (the OECD/JRC
*Handbook on Constructing Composite Indicators*, 2008, §5; COINr's ``Normalise()`` functions as
the functional reference):

============  ==================================================================================
``minmax``    100 · (x − min) / (max − min); a constant row is 50 throughout
``zscore``    (x − mean) / sd, sd with n − 1 (R's ``sd``); a constant row is 0
``rank``      rank from the lowest, 1 … n; ties share the smallest rank (COINr ``n_rank``)
``prank``     percentile rank 100 · (rank − 1) / (n − 1) from ``rank`` (100 when n = 1)
``rankit``    rank-to-normal Φ⁻¹((rank − ½) / n) from ``rank`` (Bliss, 1956)
``exp-rank``  the Indices of Deprivation transform: ranked from the highest (1 = highest, ties
              share the smallest), R = (n + 1 − rank) / n, X = −23 · ln(1 − R · (1 − e^(−100/23)))
              (MHCLG, English Indices of Deprivation 2019 technical report, §3.6 and Appendix D);
              X runs from 100 at the highest value towards 0
``goalposts`` 100 · clip((x − low) / (high − low), 0, 1) with the indicator's ``goalposts``
``target``    distance to a target: 100 · min(1, (x − min) / (target − min)) (COINr
              ``n_dist2targ`` with its cap)
``reference`` distance to a reference: 100 · (x − reference) / |reference| (Handbook, Table 3)
``none``      the values after their direction
============  ==================================================================================

The parameters of ``goalposts``, ``target`` and ``reference`` are in the indicator's own units and
take its direction with them.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
from scipy.special import ndtri

from healthassets.indices.ranks import counted, rank_ascending, rank_descending

#: e^(−100/23): the IoD exponential distribution with mean 23 cut at 100
EXP_CUT = 1.0 - np.exp(-100.0 / 23.0)

METHODS = (
    "minmax",
    "zscore",
    "rank",
    "prank",
    "rankit",
    "exp-rank",
    "goalposts",
    "target",
    "reference",
    "none",
)
#: the methods that need a parameter per indicator, and its name
PARAMETERS = {"goalposts": "goalposts", "target": "target", "reference": "reference"}


def exp_transform(rank: np.ndarray, n: np.ndarray | int) -> np.ndarray:
    """IoD exponential transform of ranks (1 = highest): X = −23 · ln(1 − R · (1 − e^(−100/23))),
    R = (n + 1 − rank) / n; rank 1 gives 100."""
    scaled = (np.asarray(n, dtype=np.float64) + 1.0 - rank) / n
    return -23.0 * np.log1p(-scaled * EXP_CUT)


def _minmax(x: np.ndarray) -> np.ndarray:
    low = np.nanmin(x, axis=-1, keepdims=True)
    high = np.nanmax(x, axis=-1, keepdims=True)
    spread = high - low
    safe = np.where(spread > 0, spread, 1.0)
    return np.where(spread > 0, 100.0 * (x - low) / safe, np.where(np.isnan(x), np.nan, 50.0))


def _zscore(x: np.ndarray) -> np.ndarray:
    mean = np.nanmean(x, axis=-1, keepdims=True)
    n = counted(x)
    centred = x - mean
    variance = np.nansum(centred * centred, axis=-1, keepdims=True) / np.maximum(n - 1, 1)
    sd = np.sqrt(variance)
    return np.where(sd > 0, centred / np.where(sd > 0, sd, 1.0), np.where(np.isnan(x), np.nan, 0.0))


def _prank(x: np.ndarray) -> np.ndarray:
    n = counted(x)
    ranked = np.where(n > 1, 100.0 * (rank_ascending(x) - 1.0) / np.maximum(n - 1, 1), 100.0)
    return np.where(np.isnan(x), np.nan, ranked)


def _rankit(x: np.ndarray) -> np.ndarray:
    return ndtri((rank_ascending(x) - 0.5) / counted(x))


def _exp_rank(x: np.ndarray) -> np.ndarray:
    return exp_transform(rank_descending(x), counted(x))


def _goalposts(x: np.ndarray, goalposts: np.ndarray) -> np.ndarray:
    low = np.minimum(goalposts[..., 0:1], goalposts[..., 1:2])
    high = np.maximum(goalposts[..., 0:1], goalposts[..., 1:2])
    return 100.0 * np.clip((x - low) / (high - low), 0.0, 1.0)


def _target(x: np.ndarray, target: np.ndarray) -> np.ndarray:
    low = np.nanmin(x, axis=-1, keepdims=True)
    return 100.0 * np.minimum(1.0, (x - low) / (target - low))


def _reference(x: np.ndarray, reference: np.ndarray) -> np.ndarray:
    return 100.0 * (x - reference) / np.abs(reference)


_PLAIN: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "minmax": _minmax,
    "zscore": _zscore,
    "rank": rank_ascending,
    "prank": _prank,
    "rankit": _rankit,
    "exp-rank": _exp_rank,
    "none": lambda x: x,
}


def normalise(
    values: np.ndarray,
    method: str,
    direction: np.ndarray | None = None,
    parameter: np.ndarray | None = None,
) -> np.ndarray:
    """``values`` (…, indicators, areas) normalised by ``method`` along the areas axis.

    ``direction`` (indicators,) of +1/−1; ``parameter`` the per-indicator goalposts (indicators, 2),
    target or reference (indicators,) in the indicators' own units.
    """
    if method not in METHODS:
        raise ValueError(f"unknown normalisation {method!r}; choose from {', '.join(METHODS)}")
    x = np.asarray(values, dtype=np.float64)
    signs = np.ones(x.shape[-2]) if direction is None else np.asarray(direction, dtype=np.float64)
    x = x * signs[:, None]
    with warnings.catch_warnings():
        # an indicator with no value at all stays all missing, without "All-NaN slice" noise
        warnings.simplefilter("ignore", RuntimeWarning)
        return _apply(x, method, signs, parameter)


def _apply(x: np.ndarray, method: str, signs: np.ndarray, parameter: np.ndarray | None) -> np.ndarray:
    if method in _PLAIN:
        return _PLAIN[method](x)
    if parameter is None:
        raise ValueError(f"normalisation {method!r} needs a parameter per indicator")
    given = np.asarray(parameter, dtype=np.float64)
    if method == "goalposts":
        return _goalposts(x, given * signs[:, None])
    if method == "target":
        return _target(x, (given * signs)[:, None])
    return _reference(x, (given * signs)[:, None])
