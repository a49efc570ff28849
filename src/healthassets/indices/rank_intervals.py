"""How sure a rank is: each area's rank re-computed over simulated values of a measure.

A measure's uncertainty is simulated per area from what is published with it:

- a 95 % confidence interval (lower L, upper U): normal draws around the value with standard error
  (U − L) / (2 · 1.959964), the interval Fingertips publishes for proportions and means read as
  symmetric (a conservative reading of Wilson/Byar intervals, which are narrower on the side
  towards the middle);
- otherwise a count behind a crude rate (value = count × scale, e.g. assets per 1,000 residents):
  Poisson draws of the count, value = draw × scale — the Poisson model Fingertips uses for rates
  (PHE Technical Guide, *Confidence intervals*, 2018); a zero count stays zero;
- otherwise nothing (IMD scores, distances, ranks): the value is used as it is in every draw, and
  its rank interval is the rank itself.

Ranks are "sport" ranks from the highest (:func:`healthassets.indices.ranks.rank_descending`),
after the measure's direction; the interval is the 5th–95th percentile of the simulated ranks
(the COINr/JRC convention for rank uncertainty), with the median.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from healthassets.indices.ranks import rank_descending

Z95 = 1.959963984540054


@dataclass(frozen=True)
class RankIntervals:
    median: np.ndarray
    lower: np.ndarray  # 5th percentile of the simulated ranks (the better end)
    upper: np.ndarray  # 95th percentile
    simulated: np.ndarray  # per area: True where the measure had a CI or a count to draw from


def simulate(
    value: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    count: np.ndarray,
    draws: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """``draws`` × n simulated values (NaN stays NaN) and which areas were simulated."""
    value = np.asarray(value, dtype=np.float64)
    lower, upper = np.asarray(lower, dtype=np.float64), np.asarray(upper, dtype=np.float64)
    count = np.asarray(count, dtype=np.float64)
    with_ci = ~np.isnan(value) & ~np.isnan(lower) & ~np.isnan(upper) & (upper >= lower)
    with_count = ~with_ci & ~np.isnan(value) & ~np.isnan(count) & (count > 0)
    out = np.broadcast_to(value, (draws, value.size)).copy()
    if with_ci.any():
        se = (upper[with_ci] - lower[with_ci]) / (2 * Z95)
        out[:, with_ci] = value[with_ci] + rng.standard_normal((draws, int(with_ci.sum()))) * se
    if with_count.any():
        scale = value[with_count] / count[with_count]
        out[:, with_count] = rng.poisson(count[with_count], (draws, int(with_count.sum()))) * scale
    return out, with_ci | with_count


def rank_intervals(simulated: np.ndarray, direction: int, was_simulated: np.ndarray) -> RankIntervals:
    """Median and 5th–95th percentile ranks (1 = highest after ``direction``) of ``simulated``
    (draws × n); areas missing in the draws get NaN."""
    ranks = rank_descending(direction * np.asarray(simulated, dtype=np.float64))
    present = ~np.isnan(ranks).any(axis=0)
    quantiles = np.full((3, ranks.shape[1]), np.nan)
    if present.any():
        quantiles[:, present] = np.percentile(ranks[:, present], [50, 5, 95], axis=0, method="nearest")
    return RankIntervals(quantiles[0], quantiles[1], quantiles[2], np.asarray(was_simulated, dtype=bool))
