"""Local-authority (parent) summaries of small-area scores, as the Indices of Deprivation define
them (MHCLG, English Indices of Deprivation 2019 technical report, §3.8 and Appendix N; the 2025
report keeps them). Each is ranked among the parents, 1 = most deprived, ties sharing the
smallest rank. ``rank`` is the small area's national rank, 1 = most deprived of ``N``.

Weights are the bundled **Census 2021 usual residents** (the IoD used mid-year population
estimates, so summaries computed here differ slightly from the published ones). With p_j the
population of small area j in parent A and P = Σ p_j, and the reversed rank r'_j = N + 1 − rank_j
(the reports rank "the most deprived LSOA ... the rank of N" for these measures):

- ``average_rank`` = Σ p_j r'_j / P — higher is more deprived;
- ``average_score`` = Σ p_j score_j / P — higher is more deprived;
- ``proportion_most_deprived_10`` = the share of A's small areas (a count, not weighted) in the
  most deprived 10 % nationally, 10 · rank ≤ N (decile 1 under ⌈10 · rank / N⌉);
- ``extent`` = Σ p_j e_j / P with e_j = 1 in the most deprived 10 % nationally, a weight falling
  from 0.95 by (0.95 − 0.05)/19 per percentile from the 11th to the 30th (0.05), and 0 beyond,
  the percentile being ⌈100 · rank / N⌉;
- ``local_concentration`` = the population-weighted average of r'_j over A's most deprived small
  areas that hold exactly 10 % of P: areas are taken from the most deprived until their
  population reaches 0.1 · P, the last one counting only with the part of its population needed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from healthassets.indices.ranks import rank_descending

MEASURES = ("average_rank", "average_score", "proportion_most_deprived_10", "extent", "local_concentration")


def extent_weights(rank: np.ndarray, national_count: int) -> np.ndarray:
    """The IoD extent weight of each national rank (1 = most deprived of ``national_count``)."""
    whole = np.asarray(rank, dtype=np.int64)
    percentile = -((-100 * whole) // national_count)
    sliding = 0.95 - (0.9 / 19.0) * (percentile - 11)
    return np.where(percentile <= 10, 1.0, np.where(percentile <= 30, sliding, 0.0))


def _local_concentration(
    parent_codes: np.ndarray, population: np.ndarray, reversed_rank: np.ndarray
) -> np.ndarray:
    """Population-weighted mean reversed rank of each parent's most deprived 10 % of people."""
    order = np.lexsort((-reversed_rank, parent_codes))
    codes = parent_codes[order]
    people = population[order]
    totals = np.bincount(codes, weights=people)
    before = pd.Series(people).groupby(codes).cumsum().to_numpy() - people
    share = np.clip(0.1 * totals[codes] - before, 0.0, people)
    weighted = np.bincount(codes, weights=share * reversed_rank[order], minlength=totals.size)
    counted = np.bincount(codes, weights=share, minlength=totals.size)
    return weighted / counted


def local_authority_summaries(
    parent: np.ndarray,
    population: np.ndarray,
    rank: np.ndarray,
    score: np.ndarray,
    national_count: int,
) -> pd.DataFrame:
    """One row per parent in order of first appearance: ``parent`` and each measure followed by
    its rank among the parents (``…_rank``, 1 = most deprived)."""
    codes, parents = pd.factorize(pd.Series(parent), sort=False)
    people = np.asarray(population, dtype=np.float64)
    ranks = np.asarray(rank, dtype=np.float64)
    totals = np.bincount(codes, weights=people)
    reversed_rank = national_count + 1.0 - ranks

    def weighted_mean(values: np.ndarray) -> np.ndarray:
        return np.bincount(codes, weights=people * values) / totals

    most_deprived = (10 * ranks.astype(np.int64) <= national_count).astype(np.float64)
    measures = {
        "average_rank": weighted_mean(reversed_rank),
        "average_score": weighted_mean(np.asarray(score, dtype=np.float64)),
        "proportion_most_deprived_10": np.bincount(codes, weights=most_deprived) / np.bincount(codes),
        "extent": weighted_mean(extent_weights(ranks, national_count)),
        "local_concentration": _local_concentration(codes, people, reversed_rank),
    }
    table = pd.DataFrame({"parent": np.asarray(parents)})
    for name, values in measures.items():
        table[name] = values
        table[f"{name}_rank"] = pd.array(rank_descending(values), dtype="Int64")
    return table
