"""Records of the same asset from different source layers, found by a stated rule (pure, vectorised).

docs/adr/0051. Only records of a *kind* that a layer maps completely (its covering layer: GP practices,
pharmacies, dentists, libraries) are compared, and only records of the same kind. Two records are
one asset when, tried in this order (each record merges at most once):

0. **same layer, same postcode, same name** — the covering layer's own repeats (AHAH lists merged
   services at one postcode: "AMCARE LIMITED" / "AMCARE LTD"); organisation codes must agree;
1. **same organisation code** (ODS) — across layers;
2. **same postcode and matching names** — across layers;
3. **within** :data:`NEAR` **metres and matching names** — across layers (a moved or mistyped postcode);
4. **the only one of its kind at the postcode** — across layers, each the one record of its layer
   and kind left unmatched at that postcode (a brand name against a premises name:
   "Mydentist - Parsonage Street - Bury" / "1 -5 PARSONAGE STREET").

Two records with different organisation codes are never one asset. Names match when, normalised
(upper case, punctuation removed, generic words such as PHARMACY, DENTAL, SURGERY, LIBRARY, LTD
dropped), one's words are all among the other's, or they are equal once spaces are removed
("Smithy Bridge" / "Smithybridge"); two names with no words left ("DENTAL SURGERY") match each other
only. The record of the layer listed first in the classification table is kept (the Greater
Manchester layers come before the national ones); the other becomes a second source of it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

#: metres within which two records with matching names are one asset (rule 3)
NEAR = 50.0
RULES = {
    0: "same layer, postcode and name",
    1: "same organisation code",
    2: "same postcode and name",
    3: f"within {NEAR:g} m and the same name",
    4: "the only one of its kind at the postcode",
}
GENERIC_WORDS = frozenset(
    {
        "THE", "AND", "OF", "LTD", "LIMITED", "PLC", "LLP", "CO", "GROUP", "PARTNERSHIP", "DR", "DRS",
        "PHARMACY", "PHARMACIES", "PHARMACIST", "PHARMACISTS", "CHEMIST", "CHEMISTS", "INSTORE",
        "DENTAL", "DENTIST", "DENTISTS", "DENTISTRY", "SURGERY", "SURGERIES", "PRACTICE", "PRACTICES",
        "CLINIC", "CENTRE", "CENTER", "CARE", "MEDICAL", "HEALTH", "HEALTHCARE", "LIBRARY", "LIBRARIES",
    }
)  # fmt: skip
COLUMNS = ["layer", "order", "kind", "postcode", "name", "code", "x", "y"]


def name_words(names: pd.Series) -> pd.Series:
    """Each name's distinctive words, upper case, in order, generic words dropped (a list)."""
    text = names.astype("string").fillna("").str.upper().str.replace("'", "", regex=False)
    words = text.str.replace(r"[^A-Z0-9]+", " ", regex=True).str.split()
    return words.map(lambda items: [w for w in items if w not in GENERIC_WORDS])


def normalise_postcode(postcodes: pd.Series) -> pd.Series:
    """Upper case without spaces ('' when missing)."""
    return postcodes.astype("string").fillna("").str.upper().str.replace(r"\s+", "", regex=True)


def _names_match(pairs: pd.DataFrame, words: pd.Series) -> np.ndarray:
    """For pairs (a, b) of record positions: one name's words all among the other's, or the same
    once spaces are removed; empty names match empty names only (vectorised by exploding words)."""
    if pairs.empty:
        return np.zeros(0, dtype=bool)
    sets = words.map(lambda items: sorted(set(items)))
    size = sets.map(len)
    flat = words.map("".join)
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    tokens = pd.DataFrame({"pair": np.arange(len(pairs)), "word": sets.to_numpy()[a]}).explode("word")
    other = pd.DataFrame({"pair": np.arange(len(pairs)), "word": sets.to_numpy()[b]}).explode("word")
    shared = tokens.dropna().merge(other.dropna(), on=["pair", "word"]).groupby("pair").size()
    common = shared.reindex(np.arange(len(pairs)), fill_value=0).to_numpy()
    size_a, size_b = size.to_numpy()[a], size.to_numpy()[b]
    both_empty = (size_a == 0) & (size_b == 0)
    subset = (size_a > 0) & (size_b > 0) & ((common == size_a) | (common == size_b))
    same_flat = (size_a > 0) & (flat.to_numpy()[a] == flat.to_numpy()[b])
    return np.asarray(both_empty | subset | same_flat, dtype=bool)


def _orient(pairs: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """(kept, merged) per pair: the record of the earlier layer (then the earlier row) is kept."""
    order = records["order"].to_numpy()
    a, b = pairs["a"].to_numpy(dtype=np.int64), pairs["b"].to_numpy(dtype=np.int64)
    a_first = (order[a] < order[b]) | ((order[a] == order[b]) & (a < b))
    return pd.DataFrame({"kept": np.where(a_first, a, b), "merged": np.where(a_first, b, a)})


def _one_to_one(pairs: pd.DataFrame) -> pd.DataFrame:
    """Pairs (best first) reduced so that every record is in at most one pair (greedy)."""
    chosen = []
    while len(pairs):
        best = pairs.drop_duplicates("kept").drop_duplicates("merged")
        chosen.append(best)
        used = np.union1d(best["kept"].to_numpy(), best["merged"].to_numpy())
        pairs = pairs[~pairs["kept"].isin(used) & ~pairs["merged"].isin(used)]
    return pd.concat(chosen, ignore_index=True) if chosen else pairs


def _pairs(a: np.ndarray, b: np.ndarray) -> pd.DataFrame:
    keep = a < b
    return pd.DataFrame({"a": a[keep].astype(np.int64), "b": b[keep].astype(np.int64)})


def _equal_pairs(records: pd.DataFrame, free: np.ndarray, keys: list[str]) -> pd.DataFrame:
    """Every pair (a < b) of free records with the same non-empty values of ``keys``."""
    frame = records.loc[free, keys].assign(i=np.flatnonzero(free))
    frame = frame[(frame[keys[-1]] != "").to_numpy()]
    joined = frame.merge(frame, on=keys, suffixes=("_a", "_b"))
    return _pairs(joined["i_a"].to_numpy(), joined["i_b"].to_numpy())


def _near_pairs(records: pd.DataFrame, free: np.ndarray) -> pd.DataFrame:
    """Every pair (a < b) of free, located records of the same kind within :data:`NEAR` metres."""
    xy = records[["x", "y"]].to_numpy(float)
    index = np.flatnonzero(free & np.isfinite(xy).all(axis=1))
    if len(index) < 2:
        return _pairs(np.zeros(0, np.int64), np.zeros(0, np.int64))
    found = cKDTree(xy[index]).query_pairs(NEAR, output_type="ndarray")
    a, b = index[found[:, 0]], index[found[:, 1]]
    kinds = records["kind"].to_numpy()
    same = kinds[a] == kinds[b]
    return _pairs(np.minimum(a, b)[same], np.maximum(a, b)[same])


def _lone_pairs(records: pd.DataFrame, free: np.ndarray, covers: np.ndarray) -> pd.DataFrame:
    """(covering record, other record) at postcodes where each is the only free one of its kind."""
    frame = records.loc[free, ["kind", "postcode"]].assign(i=np.flatnonzero(free), covers=covers[free])
    frame = frame[frame["postcode"] != ""]
    sizes = frame.groupby(["kind", "postcode", "covers"])["i"].transform("size")
    lone = frame[sizes == 1]
    joined = lone[lone["covers"]].merge(lone[~lone["covers"]], on=["kind", "postcode"], suffixes=("_a", "_b"))
    a, b = joined["i_a"].to_numpy(), joined["i_b"].to_numpy()
    return _pairs(np.minimum(a, b), np.maximum(a, b))


def _prepared(records: pd.DataFrame, covering: dict[str, str]) -> tuple[pd.DataFrame, np.ndarray]:
    """Records with normalised postcode and code, and whether each is of its kind's covering layer."""
    records = records.reset_index(drop=True)
    records = records.assign(
        postcode=normalise_postcode(records["postcode"]),
        code=records["code"].astype("string").fillna("").str.strip().str.upper(),
    )
    covers = records["layer"].to_numpy() == records["kind"].map(covering).to_numpy()
    return records, np.asarray(covers, dtype=bool)


def find_duplicates(records: pd.DataFrame, covering: dict[str, str]) -> pd.DataFrame:
    """The merges among ``records`` (columns :data:`COLUMNS`; ``order`` = the layer's position in the
    classification, ``x``/``y`` metres, NaN when unlocated): one row per merged record with
    ``merged`` and ``kept`` (positions in ``records``) and ``rule`` (see :data:`RULES`).
    ``covering``: kind → the layer that maps it; other kinds are not compared, and across layers
    only a covering layer's record and another layer's record are."""
    records, covers = _prepared(records, covering)
    words = name_words(records["name"])
    exact = words.map(lambda w: " ".join(sorted(set(w)))).to_numpy()
    code = records["code"].to_numpy()
    free = records["kind"].isin(list(covering)).to_numpy().copy()
    found = [pd.DataFrame({"kept": [], "merged": [], "rule": []}, dtype=np.int64)]

    pairs = _equal_pairs(records, free & covers, ["layer", "kind", "postcode"])
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    pairs = pairs[(exact[a] == exact[b]) & (code[a] == code[b])]
    chains = _orient(pairs, records).sort_values(["merged", "kept"]).drop_duplicates("merged")
    root = pd.Series(chains["kept"].to_numpy(), index=chains["merged"].to_numpy())
    chains["kept"] = chains["kept"].map(root).fillna(chains["kept"]).astype(np.int64)  # A = B = C: into A
    found.append(chains.assign(rule=0))
    free[chains["merged"].to_numpy(dtype=np.int64)] = False

    candidates = {
        1: lambda: _equal_pairs(records, free, ["kind", "code"]),
        2: lambda: _equal_pairs(records, free, ["kind", "postcode"]),
        3: lambda: _near_pairs(records, free),
        4: lambda: _lone_pairs(records, free, covers),
    }
    for rule, make in candidates.items():
        pairs = make()
        a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
        usable = (covers[a] != covers[b]) & ((code[a] == "") | (code[b] == "") | (code[a] == code[b]))
        pairs = pairs[usable]
        if rule in (2, 3):
            pairs = pairs[_names_match(pairs, words)]
        if rule == 3:
            xy = records[["x", "y"]].to_numpy(float)
            distance = np.hypot(*(xy[pairs["a"].to_numpy()] - xy[pairs["b"].to_numpy()]).T)
            pairs = pairs.iloc[np.argsort(distance, kind="stable")]
        chosen = _one_to_one(_orient(pairs, records))
        found.append(chosen.assign(rule=rule))
        free[chosen["kept"].to_numpy(dtype=np.int64)] = False
        free[chosen["merged"].to_numpy(dtype=np.int64)] = False
    out = pd.concat(found, ignore_index=True).astype(np.int64)
    into = pd.Series(out["kept"].to_numpy(), index=out["merged"].to_numpy())
    for _ in range(len(RULES)):  # B merged into A, A into G: B's record is kept by G
        onward = out["kept"].map(into)
        if onward.isna().all():
            break
        out["kept"] = onward.fillna(out["kept"]).astype(np.int64)
    return out.sort_values("merged").reset_index(drop=True)
