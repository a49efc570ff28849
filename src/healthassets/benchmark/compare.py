"""Benchmarking: how an area's value compares with a comparator, as Fingertips shows it.

Confidence-interval method (Fingertips technical guidance, "Benchmarking"): the area's confidence
interval at 95 % or 99.8 % is set against the comparator's *value*:

    lower limit > comparator  → Higher
    upper limit < comparator  → Lower
    otherwise                 → Similar

Polarity turns Higher/Lower into Better/Worse ("RAG - High is good": Higher = Better; "RAG - Low is
good": Higher = Worse); "BOB - Blue orange blue" keeps Higher/Lower; otherwise, or when the value,
a limit is missing, "Not compared". When only the comparator's value is missing — the source
publishes no row for England, Wales or the region — the outcome is "No comparator value published"
(:func:`mark_missing_comparator`): the page says so instead of benchmarking.

The two-level variant compares at both 95 % and 99.8 %: "Better (99.8%)", "Better (95%)",
"Similar", "Worse (95%)", "Worse (99.8%)" (the darker Fingertips shades).

Quintiles: areas are ranked within a comparator group (Fingertips quantile algorithm, see
:func:`healthassets.stats.quantiles`); with polarity the labels run Best … Worst, without it
Lowest … Highest.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from healthassets.benchmark.polarity import Polarity, parse_polarities
from healthassets.stats.quantiles import quantiles

BETTER, SIMILAR, WORSE = "Better", "Similar", "Worse"
HIGHER, LOWER = "Higher", "Lower"
NOT_COMPARED = "Not compared"
NO_COMPARATOR = "No comparator value published"
QUINTILE_NEUTRAL = ("Lowest", "Low", "Middle", "High", "Highest")
QUINTILE_JUDGED = ("Best", "Better", "Middle", "Worse", "Worst")


def _polarity_values(polarity: pd.Series) -> np.ndarray:
    """Normalised polarity texts (Polarity values) as a NumPy string array."""
    return parse_polarities(polarity).to_numpy(dtype=object)


def compare_direction(
    value: ArrayLike, lower: ArrayLike, upper: ArrayLike, comparator: ArrayLike
) -> np.ndarray:
    """'Higher' / 'Lower' / 'Similar' per element, or '' where anything is missing."""
    value, lower, upper, comparator = (np.asarray(a, dtype=float) for a in (value, lower, upper, comparator))
    missing = np.isnan(value) | np.isnan(lower) | np.isnan(upper) | np.isnan(comparator)
    direction = np.where(lower > comparator, HIGHER, np.where(upper < comparator, LOWER, SIMILAR))
    return np.where(missing, "", direction)


def judge(direction: np.ndarray, polarity: pd.Series | Sequence[object]) -> np.ndarray:
    """Apply polarity to directions: Better/Similar/Worse, Higher/Similar/Lower, or Not compared."""
    parsed = _polarity_values(pd.Series(polarity, dtype=object))
    high_good = parsed == Polarity.HIGH_IS_GOOD.value
    low_good = parsed == Polarity.LOW_IS_GOOD.value
    bob = parsed == Polarity.BOB.value
    out = np.full(direction.shape, NOT_COMPARED, dtype=object)
    judged = np.where(direction == HIGHER, BETTER, np.where(direction == LOWER, WORSE, SIMILAR))
    judged_low = np.where(direction == HIGHER, WORSE, np.where(direction == LOWER, BETTER, SIMILAR))
    out = np.where(high_good, judged, out)
    out = np.where(low_good, judged_low, out)
    out = np.where(bob, direction, out)
    return np.where(direction == "", NOT_COMPARED, out)


def benchmark(
    value: ArrayLike,
    lower: ArrayLike,
    upper: ArrayLike,
    comparator: ArrayLike,
    polarity: pd.Series | Sequence[object],
) -> np.ndarray:
    """One-level benchmark of each area against its comparator (limits at the chosen level)."""
    return judge(compare_direction(value, lower, upper, comparator), polarity)


def mark_missing_comparator(
    labels: np.ndarray,
    value: ArrayLike,
    lower: ArrayLike,
    upper: ArrayLike,
    comparator: ArrayLike,
    polarity: pd.Series | Sequence[object],
) -> np.ndarray:
    """``labels`` with NO_COMPARATOR where the comparison was possible on the area's side (a value,
    both limits and a polarity that compares: RAG or BOB) but the comparator has no value."""
    value, lower, upper, comparator = (np.asarray(a, dtype=float) for a in (value, lower, upper, comparator))
    parsed = _polarity_values(pd.Series(polarity, dtype=object))
    compares = np.isin(parsed, [Polarity.HIGH_IS_GOOD.value, Polarity.LOW_IS_GOOD.value, Polarity.BOB.value])
    ready = ~np.isnan(value) & ~np.isnan(lower) & ~np.isnan(upper) & compares
    return np.where(ready & np.isnan(comparator), NO_COMPARATOR, np.asarray(labels, dtype=object))


def benchmark_two_levels(
    value: ArrayLike,
    lower95: ArrayLike,
    upper95: ArrayLike,
    lower998: ArrayLike,
    upper998: ArrayLike,
    comparator: ArrayLike,
    polarity: pd.Series | Sequence[object],
) -> np.ndarray:
    """Benchmark at 95 % and 99.8 %: e.g. 'Better (99.8%)', 'Better (95%)', 'Similar'."""
    at95 = benchmark(value, lower95, upper95, comparator, polarity)
    at998 = benchmark(value, lower998, upper998, comparator, polarity)
    differs = (at95 != SIMILAR) & (at95 != NOT_COMPARED)
    strong = differs & (at998 == at95)
    labelled = np.where(
        strong, np.char.add(at95.astype(str), " (99.8%)"), np.char.add(at95.astype(str), " (95%)")
    )
    return np.where(differs, labelled, at95)


def benchmark_quintiles(
    data: pd.DataFrame, value: str, polarity: str, *, group_by: str | list[str] | None = None
) -> pd.Series:
    """Quintile labels of ``value`` within comparator groups (index aligned with ``data``)."""
    p = _polarity_values(data[polarity])
    ranked = quantiles(data, value, invert=False, quantiles=5, group_by=group_by)["quantile"]
    position = ranked.to_numpy(dtype=float)
    ok = ~np.isnan(position)
    index = np.where(ok, position, 1).astype(int) - 1
    neutral = np.asarray(QUINTILE_NEUTRAL, dtype=object)[index]
    judged_high = np.asarray(QUINTILE_JUDGED[::-1], dtype=object)[index]  # highest = best
    judged_low = np.asarray(QUINTILE_JUDGED, dtype=object)[index]  # lowest = best
    labels = np.where(
        p == Polarity.HIGH_IS_GOOD.value,
        judged_high,
        np.where(p == Polarity.LOW_IS_GOOD.value, judged_low, neutral),
    )
    return pd.Series(np.where(ok, labels, NOT_COMPARED), index=data.index, name="benchmark")
