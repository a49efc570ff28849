"""Ranks, deciles and groups along the last axis of an array: the one tie rule of the indices.

Every rank here is "sport" (competition) ranking: tied values share the *smallest* rank number and
the next value skips, 1, 2, 2, 4 (R's ``rank(ties.method = "min")``, pandas' ``method="min"``).
Missing values (NaN) get no rank (NaN) and do not count in ``n``.

Groups follow the IMD's decile rule (MHCLG, English Indices of Deprivation 2019 technical report,
§3.7 and the 2025 release): with ``n`` ranked areas, the group of rank ``r`` among ``G`` groups is
⌈G · r / n⌉, so group 1 holds ranks 1 … ⌊n/G⌋ and ties go wherever their shared rank puts them.

:func:`rank_descending` sorts whole blocks of rows at once. NumPy has no fast vectorised argsort
of doubles on AVX2 machines, so each value is turned into an order-preserving 64-bit key whose
low bits carry the value's position, one ``np.sort`` of those integers gives the order of every
row together, and equal neighbours share a rank by comparing the exact doubles. Keys lose the
lowest bits of each double: a row in which two different values came out in the wrong order
(they differ by less than about one part in 2^36) is ranked again exactly with ``argsort``.
"""

from __future__ import annotations

import numpy as np

_SIGN = np.uint64(1 << 63)


def _descending_keys(values: np.ndarray) -> np.ndarray:
    """Unsigned keys that sort ascending as ``values`` sort descending; NaN sorts last."""
    bits = np.ascontiguousarray(values, dtype=np.float64).view(np.uint64)
    negative = (bits & _SIGN).astype(bool)
    keys = np.where(negative, bits, ~(bits | _SIGN))
    keys[np.isnan(values)] = np.iinfo(np.uint64).max
    return keys


def _exact_order(values: np.ndarray) -> np.ndarray:
    key = np.where(np.isnan(values), np.inf, -values)
    return np.argsort(key, axis=-1, kind="stable")


def _order(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(positions that sort each row of ``values`` (2-D) from highest to lowest, NaN last, and
    the values in that order)."""
    n = values.shape[-1]
    if n <= 1:
        return np.zeros(values.shape, dtype=np.intp), values
    index_bits = int(n - 1).bit_length()
    shift = np.uint64(index_bits)
    packed = (_descending_keys(values) >> shift) << shift
    packed |= np.arange(n, dtype=np.uint64)
    packed.sort(axis=-1)
    order = (packed & np.uint64((1 << index_bits) - 1)).astype(np.intp)
    ordered = _gather(values, order)
    misplaced = (ordered[:, 1:] > ordered[:, :-1]).any(axis=-1)
    if misplaced.any():
        order[misplaced] = _exact_order(values[misplaced])
        ordered[misplaced] = _gather(values[misplaced], order[misplaced])
    return order, ordered


def _flat(order: np.ndarray) -> np.ndarray:
    """Row-wise positions ``order`` (2-D) as positions in the flattened array."""
    return (order + (np.arange(order.shape[0], dtype=np.intp) * order.shape[1])[:, None]).ravel()


def _gather(values: np.ndarray, order: np.ndarray) -> np.ndarray:
    """``np.take_along_axis(values, order, -1)`` for 2-D arrays, through one flat ``np.take``."""
    return np.take(values.ravel(), _flat(order)).reshape(order.shape)


def rank_descending(values: np.ndarray) -> np.ndarray:
    """Ranks along the last axis: 1 = highest, ties share the smallest rank; NaN → NaN.

    ``values`` may have any number of leading axes (draws, domains); each row is ranked on its own.
    """
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return values.copy()
    shape = values.shape
    rows = values.reshape(-1, shape[-1]) if shape else values.reshape(1, 1)
    order, ordered = _order(rows)
    flat = _flat(order)
    n = rows.shape[-1]
    new = np.ones(ordered.shape, dtype=bool)
    np.not_equal(ordered[:, 1:], ordered[:, :-1], out=new[:, 1:])
    first = np.where(new, np.arange(1, n + 1, dtype=np.float64), 0.0)
    np.maximum.accumulate(first, axis=-1, out=first)
    ranks = np.empty(rows.size, dtype=np.float64)
    ranks[flat] = first.ravel()
    ranks = ranks.reshape(rows.shape)
    ranks[np.isnan(rows)] = np.nan
    return ranks.reshape(shape)


def rank_ascending(values: np.ndarray) -> np.ndarray:
    """Ranks along the last axis: 1 = lowest, ties share the smallest rank; NaN → NaN."""
    values = np.asarray(values, dtype=np.float64)
    return rank_descending(-values)


def counted(values: np.ndarray) -> np.ndarray:
    """How many values are present (not NaN) along the last axis, kept as a trailing axis."""
    return np.sum(~np.isnan(values), axis=-1, keepdims=True)


def groups(ranks: np.ndarray, n: np.ndarray | int, count: int) -> np.ndarray:
    """Group ⌈count · rank / n⌉ of each rank (1 … count); NaN where the rank is missing.

    Computed in integers so a rank on a boundary (10 · rank = n) is never nudged by rounding.
    """
    ranks = np.asarray(ranks, dtype=np.float64)
    present = ~np.isnan(ranks)
    whole = np.where(present, ranks, 0).astype(np.int64)
    total = np.broadcast_to(np.asarray(n, dtype=np.int64), whole.shape)
    safe = np.where(total > 0, total, 1)
    group = -((-count * whole) // safe)
    return np.where(present, group.astype(np.float64), np.nan)


def deciles(ranks: np.ndarray, n: np.ndarray | int) -> np.ndarray:
    """IMD deciles ⌈10 · rank / n⌉: decile 1 holds the highest-ranked tenth."""
    return groups(ranks, n, 10)
