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

_LOW63 = np.uint64((1 << 63) - 1)


def _descending_keys(values: np.ndarray) -> np.ndarray:
    """Unsigned keys that sort ascending as ``values`` sort descending; NaN sorts last.

    A double's bits, read as an unsigned integer, order the negatives backwards after the
    positives; flipping all but the sign bit of the positives (x ^ 0x7FF…F) and keeping the
    negatives as they are gives keys in descending order of value."""
    keys = np.ascontiguousarray(values, dtype=np.float64).view(np.uint64).copy()
    flip = keys >> np.uint64(63)
    flip -= np.uint64(1)  # 0 − 1 wraps to all ones for the positives, 0 for the negatives
    flip &= _LOW63
    keys ^= flip
    missing = np.isnan(values)
    if missing.any():
        keys[missing] = np.iinfo(np.uint64).max
    return keys


def _exact_order(values: np.ndarray) -> np.ndarray:
    key = np.where(np.isnan(values), np.inf, -values)
    return np.argsort(key, axis=-1, kind="stable")


def _offsets(rows: int, width: int) -> np.ndarray:
    return (np.arange(rows, dtype=np.intp) * width)[:, None]


def _order(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(flat positions that sort each row of ``values`` (2-D) from highest to lowest, NaN last,
    and the values in that order)."""
    rows, n = values.shape
    if n <= 1:
        return np.arange(values.size, dtype=np.intp).reshape(values.shape), values
    index_bits = int(n - 1).bit_length()
    low = np.uint64((1 << index_bits) - 1)
    packed = _descending_keys(values)
    packed &= ~low
    packed |= np.arange(n, dtype=np.uint64)
    packed.sort(axis=-1)
    packed &= low
    flat = packed.astype(np.intp)
    flat += _offsets(rows, n)
    ordered = np.take(values.ravel(), flat)
    misplaced = (ordered[:, 1:] > ordered[:, :-1]).any(axis=-1)
    if misplaced.any():
        exact = _exact_order(values[misplaced]) + _offsets(rows, n)[misplaced]
        flat[misplaced] = exact
        ordered[misplaced] = np.take(values.ravel(), exact)
    return flat, ordered


def whole_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks along the last axis of 2-D ``values`` as int32: 1 = highest, ties share the
    smallest rank; 0 where a value is missing."""
    rows = np.asarray(values, dtype=np.float64)
    n = rows.shape[-1]
    if rows.size == 0:
        return np.zeros(rows.shape, dtype=np.int32)
    flat, ordered = _order(rows)
    new = np.ones(ordered.shape, dtype=bool)
    np.not_equal(ordered[:, 1:], ordered[:, :-1], out=new[:, 1:])
    first = np.where(new, np.arange(1, n + 1, dtype=np.int32), np.int32(0))
    np.maximum.accumulate(first, axis=-1, out=first)
    first[np.isnan(ordered)] = 0
    ranks = np.empty(rows.size, dtype=np.int32)
    ranks[flat.ravel()] = first.ravel()
    return ranks.reshape(rows.shape)


def rank_descending(values: np.ndarray) -> np.ndarray:
    """Ranks along the last axis: 1 = highest, ties share the smallest rank; NaN → NaN.

    ``values`` may have any number of leading axes (draws, domains); each row is ranked on its own.
    """
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return values.copy()
    shape = values.shape
    ranks = whole_ranks(values.reshape(-1, shape[-1]) if shape else values.reshape(1, 1)).astype(np.float64)
    ranks[ranks == 0] = np.nan
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
