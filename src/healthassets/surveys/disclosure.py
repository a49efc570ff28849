"""Disclosure control for survey results published at several nested and overlapping geographies.

The idea is the one the ONS / GSS guidance on statistical disclosure control for tables calls
*disclosure by differencing*: a small group can be revealed without ever being published, by
subtracting one published figure from another (a ward minus an MSOA built from mostly the same
LSOAs; an authority minus all of its wards but one). The rules here are our own reading of that
idea, applied to response counts (no code from elsewhere):

1. **Primary**: an area with fewer than ``min_count`` responses is suppressed.
2. **Pairs** (nested or overlapping): for two published areas A and B sharing at least one LSOA,
   with o = the responses in the LSOAs they share, |A∖B| = n_A − o and |B∖A| = n_B − o. When
   either lies in 1 … min_count − 1, one of them is suppressed: the one with the smaller n (ties:
   the later area code). All pairs are checked at once from the overlap matrix
   O = M · diag(c) · Mᵀ (M: areas × LSOAs membership, c: responses per LSOA).
3. **Complementary** (what pairs cannot see): a published parent P exactly partitioned by the
   areas of one type inside it (its *children*: each wholly inside P, together covering every LSOA
   of P once). When the responses in P's suppressed children together number 1 … min_count − 1
   (P minus its published children would reveal them), the smallest published child (same order
   as rule 2) is suppressed too. This contains the case of one suppressed child with 1–9
   responses and repeats while the suppressed children still total fewer than ``min_count``.

Rules 2 and 3 run in rounds until nothing changes. In a round of rule 2, of the violating pairs
only those whose larger member is not itself due to lose another pair are acted on (so an area
that will go anyway does not drag a second one with it); the largest loser in the order always
qualifies, so a round with violations suppresses at least one area. Every round that changes
anything suppresses at least one published area and nothing is ever un-suppressed, so the
published set strictly shrinks and the loop ends after at most (number of areas) rounds: a
fixed point at which no pair and no partition reveals a group of 1 … min_count − 1 responses.

Not covered: differences of three or more overlapping areas that are not an exact partition
(e.g. a ward minus two MSOAs that together overlap it); such combinations are rare at the
LSOA → MSOA → ward → authority levels and would need a search over subsets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import sparse

from healthassets.errors import InputError

MEMBERSHIP_COLUMNS = ("area_code", "area_type", "lsoa")


@dataclass(frozen=True)
class Geography:
    """The areas and their LSOAs as a sparse 0/1 matrix, with the structure the rules need."""

    codes: NDArray[np.object_]  #: area codes in order of first appearance
    types: NDArray[np.object_]  #: each area's type
    lsoas: pd.Index  #: LSOA codes, the matrix's columns
    matrix: sparse.csr_matrix  #: areas × LSOAs, 1 where the LSOA is in the area
    pairs: tuple[NDArray[np.intp], NDArray[np.intp]]  #: (i, j), i < j, sharing an LSOA
    partitions: tuple[sparse.csr_matrix, ...]  #: per child type: parents × areas, 1 = child


def geography(membership: pd.DataFrame) -> Geography:
    """Validate ``membership`` (area_code, area_type, lsoa; an LSOA's own row included when it is
    to be published) and build its :class:`Geography`."""
    for column in MEMBERSHIP_COLUMNS:
        if column not in membership.columns:
            raise InputError("the membership has no such column", column=column)
        empty = membership[column].isna() | membership[column].astype("string").str.strip().eq("")
        if empty.any():
            row = int(np.flatnonzero(empty.to_numpy())[0]) + 1
            raise InputError("membership cells must not be empty", row=row, column=column)
    rows = membership[list(MEMBERSHIP_COLUMNS)].astype(str).drop_duplicates()
    types_per_area = rows.groupby("area_code", sort=False)["area_type"].nunique()
    if (types_per_area > 1).any():
        code = types_per_area.index[types_per_area.to_numpy() > 1][0]
        raise InputError(f"area {code} is given more than one area type", column="area_type")
    area_idx, codes = pd.factorize(rows["area_code"], sort=False)
    lsoa_idx, lsoas = pd.factorize(rows["lsoa"], sort=False)
    matrix = sparse.csr_matrix((np.ones(len(rows)), (area_idx, lsoa_idx)), shape=(len(codes), len(lsoas)))
    types = rows.groupby("area_code", sort=False)["area_type"].first().reindex(codes).to_numpy(object)
    shared = sparse.coo_matrix(matrix @ matrix.T)
    upper = shared.row < shared.col
    pairs = (shared.row[upper].astype(np.intp), shared.col[upper].astype(np.intp))
    partitions = _partitions(matrix, shared, types)
    return Geography(np.asarray(codes, dtype=object), types, pd.Index(lsoas), matrix, pairs, partitions)


def _partitions(
    matrix: sparse.csr_matrix, shared: sparse.coo_matrix, types: NDArray[np.object_]
) -> tuple[sparse.csr_matrix, ...]:
    """Per area type T: parents × areas, 1 where the child (type T, not P's type) lies wholly in
    the parent, kept only for parents that the type-T children partition exactly."""
    size = np.asarray(matrix.sum(axis=1)).ravel()
    parent, child = shared.row, shared.col
    inside = (shared.data == size[child]) & (parent != child) & (types[parent] != types[child])
    out = []
    for kind in pd.unique(types[child[inside]]):
        keep = inside & (types[child] == kind)
        contains = sparse.csr_matrix(
            (np.ones(int(keep.sum())), (parent[keep], child[keep])), shape=(len(types), len(types))
        )
        per_lsoa = contains @ matrix  # parents × LSOAs: how many children hold each LSOA
        covered = np.asarray((per_lsoa == 1).sum(axis=1)).ravel()
        total = np.asarray(contains @ size).ravel()
        exact = (covered == size) & (total == size) & (size > 0)
        out.append(sparse.csr_matrix(sparse.diags(exact.astype(float)) @ contains))
    return tuple(out)


def order_rank(codes: NDArray[np.object_], n: NDArray[np.float64]) -> NDArray[np.intp]:
    """Rank of each area in the suppression order: smaller n first; among equal n the later area
    code first (so the lower rank of a pair is the one to suppress)."""
    code_pos = np.argsort(np.argsort(codes.astype(str), kind="stable"), kind="stable")
    order = np.lexsort((-code_pos, n))
    rank = np.empty(len(n), dtype=np.intp)
    rank[order] = np.arange(len(n))
    return rank


def suppress(geo: Geography, counts: NDArray[np.float64], min_count: int) -> NDArray[np.object_]:
    """The suppression reason of each area ('' = published) given responses per LSOA (``counts``
    in ``geo.lsoas`` order). Applies rules 1–3 of the module docstring to a fixed point."""
    n = np.asarray(geo.matrix @ counts, dtype=float).ravel()
    reason = np.full(len(n), "", dtype=object)
    reason[n < min_count] = f"fewer than {min_count} responses"
    rank = order_rank(geo.codes, n)
    i, j = geo.pairs
    shared = _pair_values(geo, counts, i, j) if len(i) else np.zeros(0)
    only_i, only_j = n[i] - shared, n[j] - shared
    small = ((only_i >= 1) & (only_i < min_count)) | ((only_j >= 1) & (only_j < min_count))
    while _pair_round(geo, reason, rank, small) or _complementary_round(geo, reason, rank, n, min_count):
        pass
    return reason


def _pair_values(
    geo: Geography, counts: NDArray[np.float64], i: NDArray[np.intp], j: NDArray[np.intp]
) -> NDArray[np.float64]:
    """o_ij = Σ_l M_il · c_l · M_jl for the listed pairs: entries of M · diag(c) · Mᵀ."""
    weighted = sparse.csr_matrix(geo.matrix @ sparse.diags(counts)) @ geo.matrix.T
    return np.asarray(sparse.csr_matrix(weighted)[i, j], dtype=float).ravel()


def _pair_round(
    geo: Geography, reason: NDArray[np.object_], rank: NDArray[np.intp], small: NDArray[np.bool_]
) -> bool:
    i, j = geo.pairs
    published = reason == ""
    active = small & published[i] & published[j]
    if not active.any():
        return False
    lose = np.where(rank[i] < rank[j], i, j)[active]
    win = np.where(rank[i] < rank[j], j, i)[active]
    losing = np.zeros(len(reason), dtype=bool)
    losing[lose] = True
    act = ~losing[win]
    chosen, first = np.unique(lose[act], return_index=True)
    reason[chosen] = [f"could be derived by differencing from {c}" for c in geo.codes[win[act][first]]]
    return True


def _complementary_round(
    geo: Geography,
    reason: NDArray[np.object_],
    rank: NDArray[np.intp],
    n: NDArray[np.float64],
    min_count: int,
) -> bool:
    changed = False
    for contains in geo.partitions:
        published = reason == ""
        hidden = np.asarray(contains @ np.where(published, 0.0, n)).ravel()
        active = published & (hidden >= 1) & (hidden < min_count)
        if not active.any():
            continue
        links = sparse.coo_matrix(sparse.diags(active.astype(float)) @ contains)
        links_frame = pd.DataFrame({"parent": links.row, "child": links.col})
        open_ = links_frame[published[links_frame["child"]]]
        pick = open_.loc[open_.assign(r=rank[open_["child"]]).groupby("parent")["r"].idxmin()]
        gone = links_frame[~published[links_frame["child"]] & (n[links_frame["child"]] > 0)]
        protects = gone.groupby("parent")["child"].first()
        for_parent = protects.reindex(pick["parent"]).to_numpy()
        reason[pick["child"].to_numpy()] = [f"complementary: protects {geo.codes[c]}" for c in for_parent]
        changed = True
    return changed


def protect_differences(
    lsoa_counts: pd.Series, membership: pd.DataFrame, *, min_count: int = 10
) -> pd.DataFrame:
    """Which areas may be published: one row per area of ``membership`` (first-appearance order)
    with area_code, area_type, n (responses in its LSOAs), suppressed (bool) and
    suppression_reason ('' when published). ``lsoa_counts``: responses per LSOA code (LSOAs
    absent count 0; LSOAs in no area are ignored). Rules: the module docstring."""
    geo = geography(membership)
    counts = pd.to_numeric(lsoa_counts, errors="coerce")
    if counts.isna().any() or (counts < 0).any():
        raise InputError("response counts per LSOA must be whole numbers of 0 or more", column="n")
    per_lsoa = counts.groupby(level=0).sum().reindex(geo.lsoas, fill_value=0).to_numpy(dtype=float)
    reason = suppress(geo, per_lsoa, min_count)
    return pd.DataFrame(
        {
            "area_code": geo.codes,
            "area_type": geo.types,
            "n": np.asarray(geo.matrix @ per_lsoa).ravel(),
            "suppressed": reason != "",
            "suppression_reason": reason,
        }
    )
