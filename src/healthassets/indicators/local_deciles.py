"""Local deprivation deciles and an indicator's value in each (pure: frames in, frames out).

**Deciles.** Within each authority its LSOAs are ranked by IMD score, the most deprived (highest
score) first, and cut into ten groups as OHID's "Assigning deprivation categories" guidance and
PHEindicatormethods ``phe_quantile`` do (:func:`healthassets.stats.quantiles` with ``invert=True``):
with N scored LSOAs and rank r (ties take the lowest rank),

    decile = max(1, ⌊11 − ⌈(N + 1 − r) / (N / 10)⌉)

so the groups hold equal numbers of LSOAs (± 1, more where tied scores straddle a boundary),
1 = the authority's most deprived tenth, 10 = its least deprived. An authority with fewer than ten
scored LSOAs gets no deciles. One pass covers every authority (an LSOA may sit in several: its
district and its county).

**Values per decile** (``Method``), from the LSOAs of each authority and decile:

- ``proportion``: Σcount / Σdenominator × multiplier, Wilson score limits
  (:func:`healthassets.stats.proportion`; counts summed, the proportion recomputed);
- ``rate``: Σcount / Σdenominator × multiplier, exact Poisson limits below 10 events, Byar's from
  10 (:func:`healthassets.stats.rate`); the denominator is the residents where a row has none
  (asset counts → assets per 1,000 residents);
- ``mean``: the population-weighted mean x̄ = Σpᵢxᵢ / Σpᵢ (scores, distances, access measures),
  with the standard error of a ratio estimator (Cochran 1977, *Sampling Techniques*, §6.3-6.4;
  the Taylor-linearised variance survey software gives a weighted mean)

      SE(x̄)² = n / (n − 1) · Σ pᵢ² (xᵢ − x̄)² / (Σpᵢ)²

  (equal weights: s / √n) and normal 95 % limits x̄ ± 1.96 SE — the spread of the decile's LSOAs,
  as such values carry no sampling error of their own. One LSOA gives no SE.

A decile has a value only when every LSOA in it has one (and the counts their denominators): a
partial sum or mean would be wrong, as in :mod:`healthassets.indicators.aggregate`.
"""

from __future__ import annotations

import warnings
from enum import StrEnum

import numpy as np
import pandas as pd

from healthassets import stats
from healthassets.stats.quantiles import QuantileWarning

DECILES = 10
Z95 = float(stats.z_value(0.95))


class Method(StrEnum):
    PROPORTION = "proportion"
    RATE = "rate"
    MEAN = "mean"


def local_deciles(lsoas: pd.DataFrame) -> pd.Series:
    """Each row's local deprivation decile (1 = most deprived … 10; missing without a score or in
    an authority of fewer than ten scored LSOAs). ``lsoas``: ``authority_code``, ``imd_score``."""
    if lsoas.empty:
        return pd.Series(np.nan, index=lsoas.index, name="decile", dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QuantileWarning)  # small authorities: said by the caller
        ranked = stats.quantiles(
            lsoas[["authority_code", "imd_score"]].reset_index(drop=True),
            "imd_score",
            invert=True,
            quantiles=DECILES,
            group_by="authority_code",
        )
    return pd.Series(ranked["quantile"].to_numpy(dtype=float), index=lsoas.index, name="decile")


def decile_values(lsoas: pd.DataFrame, method: Method, multiplier: float) -> pd.DataFrame:
    """One row per authority and decile present in ``lsoas`` (``authority_code``, ``decile``,
    ``value``, ``count``, ``denominator``, ``population``), ordered by authority (first appearance)
    and decile: ``lsoas`` (LSOAs in it), ``missing`` (LSOAs without what the method needs),
    ``population`` (residents), ``weight`` (the SII's population: the denominator's households or
    persons for proportions, residents otherwise), ``count``, ``denominator``, ``value``,
    ``lower95_0cl``, ``upper95_0cl`` and ``se`` (means only). Incomplete deciles have no sums and no
    value: a partial sum or mean would be wrong."""
    rows = lsoas[lsoas["decile"].notna()]
    positions, authorities = pd.factorize(rows["authority_code"])
    group = positions * DECILES + rows["decile"].to_numpy(dtype=int) - 1
    size = len(authorities) * DECILES
    columns = {c: rows[c].to_numpy(dtype=float) for c in ("value", "count", "denominator", "population")}
    if method is Method.RATE:  # asset counts have no denominator: per resident
        columns["denominator"] = np.where(
            np.isnan(columns["denominator"]), columns["population"], columns["denominator"]
        )
    needs = ("value", "population") if method is Method.MEAN else ("count", "denominator", "population")
    missing = np.logical_or.reduce([np.isnan(columns[c]) for c in needs])

    def total(weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(group, weights, minlength=size)

    lsoa_count, missing_count = total(), total(missing.astype(float))
    sums = {c: total(np.where(missing, 0.0, columns[c])) for c in ("population", "count", "denominator")}
    present = np.flatnonzero(lsoa_count > 0)
    complete = missing_count[present] == 0
    if method is Method.MEAN:
        value, lower, upper, se = _weighted_means(
            group, columns["value"], columns["population"], ~missing, size
        )
    else:
        value, lower, upper = _from_counts(sums["count"], sums["denominator"], method, multiplier)
        se = np.full(size, np.nan)
    weight = sums["denominator"] if method is Method.PROPORTION else sums["population"]
    out = pd.DataFrame(
        {
            "authority_code": authorities[present // DECILES],
            "decile": present % DECILES + 1,
            "lsoas": lsoa_count[present].astype(int),
            "missing": missing_count[present].astype(int),
            "population": sums["population"][present],
            "weight": weight[present],
            "count": sums["count"][present],
            "denominator": sums["denominator"][present],
            "value": value[present],
            "lower95_0cl": lower[present],
            "upper95_0cl": upper[present],
            "se": se[present],
        }
    )
    if method is Method.MEAN:
        out[["count", "denominator"]] = np.nan
    out.loc[~complete, "population":] = np.nan
    return out


def _from_counts(
    count: np.ndarray, denominator: np.ndarray, method: Method, multiplier: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Value and 95 % limits of summed counts: Wilson score (proportion) or exact Poisson / Byar's
    (rate), as :func:`healthassets.stats.proportion` and :func:`healthassets.stats.rate` compute them."""
    with np.errstate(invalid="ignore", divide="ignore"):
        n = np.where(denominator > 0, denominator, np.nan)
        if method is Method.PROPORTION:
            lower, upper = stats.wilson_limits(count, n, 0.95)
        else:
            low, high, _method = stats.poisson_limits(count, 0.95)
            lower, upper = low / n, high / n
        return count / n * multiplier, lower * multiplier, upper * multiplier


def _weighted_means(
    group: np.ndarray, x: np.ndarray, p: np.ndarray, usable: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Population-weighted mean per group, its ratio-estimator SE and normal 95 % limits."""
    g, x, p = group[usable], x[usable], p[usable]
    n = np.bincount(g, minlength=size).astype(float)
    total = np.bincount(g, p, minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(g, p * x, minlength=size) / total
        squares = np.bincount(g, (p * (x - mean[g])) ** 2, minlength=size)
        se = np.sqrt(np.where(n > 1, n / (n - 1), np.nan) * squares) / total
    return mean, mean - Z95 * se, mean + Z95 * se, se
