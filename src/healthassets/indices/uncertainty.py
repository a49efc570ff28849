"""Monte Carlo uncertainty of an index's ranks (OECD/JRC Handbook 2008, §7; COINr
``get_sensitivity(SA_type = "UA")``; Saisana, Saltelli & Tarantola, 2005, *J. R. Stat. Soc. A* 168).

Each draw multiplies every weight by its own U(1 − f, 1 + f) factor (indicator weights, and the
domain weights of a hierarchical index) and picks, uniformly, one of the alternative
normalisations, aggregations and imputations the spec lists (the spec's own choice is always one
of them). All draws come from ``numpy.random.default_rng(seed)`` in a fixed order — weights,
domain weights, imputation, normalisation, aggregation — so a seed reproduces them exactly.

Per area: the nominal rank (the spec's own choices), and the median, 5th and 95th percentiles of
its rank over the draws in which it is ranked, interpolated linearly between order statistics
(NumPy's default ``method="linear"``, R's type 7), so they may be fractional. Ranks are 1 =
highest score, ties sharing the smallest rank. With f = 0 and no alternatives every draw is the
nominal index and the interval collapses onto the nominal rank.

The draws are scored as whole (draws × areas) arrays, in blocks of draws sized to keep each array
near 8 MB (a block is every draw of one combination of choices where possible); the ranks of
every draw are kept as int32 (draws × areas) and their percentiles taken per block of areas.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from healthassets.indices.model import Model, Plan
from healthassets.indices.ranks import rank_descending, whole_ranks

#: target elements of one (draws × areas) block
BLOCK_ELEMENTS = 1 << 20
QUANTILES = (0.05, 0.5, 0.95)


def random_plan(model: Model, draws: int, spread: float, seed: int) -> Plan:
    """``draws`` random draws: multipliers U(1 − spread, 1 + spread), alternatives uniform."""
    rng = np.random.default_rng(seed)
    weights = rng.uniform(1.0 - spread, 1.0 + spread, size=(draws, len(model.columns)))
    domain_weights = rng.uniform(1.0 - spread, 1.0 + spread, size=(draws, len(model.domain_names)))

    def choose(options: tuple[str, ...]) -> np.ndarray:
        return rng.integers(0, len(options), size=draws) if len(options) > 1 else np.zeros(draws, np.intp)

    return Plan(
        choose(model.impute_options),
        choose(model.normalise_options),
        choose(model.aggregate_options),
        weights,
        domain_weights,
    )


def ranked_blocks(model: Model, plan: Plan) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(draw positions, their ranks (draws × areas) as int32, 0 unranked), block by block."""
    order = np.lexsort((plan.aggregate, plan.normalise, plan.impute))
    size = int(np.clip(BLOCK_ELEMENTS // max(model.areas, 1), 1, 4096))
    for start in range(0, order.size, size):
        rows = order[start : start + size]
        scores, _ = model.scores(plan.take(rows))
        yield rows, whole_ranks(scores)


def all_ranks(model: Model, plan: Plan) -> np.ndarray:
    """Ranks of every area in every draw, int32 (draws × areas), 0 where unranked."""
    ranks = np.zeros((plan.size, model.areas), dtype=np.int32)
    for rows, block in ranked_blocks(model, plan):
        ranks[rows] = block
    return ranks


def rank_percentiles(ranks: np.ndarray, quantiles: tuple[float, ...] = QUANTILES) -> np.ndarray:
    """Percentiles (quantiles × areas) of each area's ranks (draws × areas, 0 = unranked) over the
    draws where it is ranked, by linear interpolation; NaN for an area never ranked."""
    draws, areas = ranks.shape
    out = np.full((len(quantiles), areas), np.nan)
    size = int(np.clip(BLOCK_ELEMENTS // max(draws, 1), 1, areas or 1))
    top = np.iinfo(np.int32).max
    for start in range(0, areas, size):
        part = np.ascontiguousarray(ranks[:, start : start + size].T)
        count = np.count_nonzero(part, axis=1)
        part[part == 0] = top
        part.sort(axis=1)
        for q, level in enumerate(quantiles):
            position = np.maximum(count - 1, 0) * level
            low = np.floor(position).astype(np.intp)
            high = np.minimum(low + 1, np.maximum(count - 1, 0))
            rows = np.arange(part.shape[0])
            below = part[rows, low].astype(np.float64)
            above = part[rows, high].astype(np.float64)
            value = below + (position - low) * (above - below)
            out[q, start : start + size] = np.where(count > 0, value, np.nan)
    return out


@dataclass(frozen=True)
class RankInterval:
    """Per area: nominal rank, median, 5th and 95th percentile ranks over the draws."""

    nominal: np.ndarray
    median: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    draws: int


def monte_carlo(model: Model, draws: int, spread: float = 0.0, seed: int = 0) -> RankInterval:
    """The rank interval of every area over ``draws`` Monte Carlo draws."""
    if draws < 1:
        raise ValueError("the Monte Carlo needs at least one draw")
    nominal, _ = model.scores(model.nominal_plan())
    ranks = all_ranks(model, random_plan(model, draws, spread, seed))
    lower, median, upper = rank_percentiles(ranks)
    return RankInterval(rank_descending(nominal[0]), median, lower, upper, draws)
