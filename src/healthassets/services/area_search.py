"""Find areas as people type them: with or without accents ("Ynys Mon"), punctuation ("st helens"),
in English or Welsh, by code, by part of a name, by another name (an MSOA's House of Commons
Library name, "Coldhurst") or by a ward's name with its authority's ("Werneth, Oldham").

The index is every area's code, names and type with their :func:`~healthassets.geography.names.search_key`,
built once per data version and searched with vectorised string matching — no SQL ``LIKE`` patterns,
so no query text can make the database work hard ("pattern too complex").

Ranked as the store's search was: exact code, exact name, name starting with the text, code starting
with it, a word of the name starting with it, name containing it; then areas found by their own name
before those found by another, larger areas first, then name.
When nothing contains the text, areas whose names hold every word of it that is not a council word
("Sir Ynys Môn", "Oldham council") are found instead (docs/adr/0052).
"""

from __future__ import annotations

import operator
from functools import reduce
from threading import Lock
from typing import Any

import numpy as np
import pandas as pd

from healthassets.geography.areas import AREA_TYPES, expand_type
from healthassets.geography.names import search_key, search_keys
from healthassets.store import Engine
from healthassets.store.area_index import all_areas
from healthassets.store.areas import AreaInfo
from healthassets.store.data_version import data_version

#: longer text is not a place name; callers bound their inputs, this bounds the work regardless
MAX_QUERY = 100
#: words of a typed name that say what kind of council it is, not which (English and Welsh)
COUNCIL_WORDS = frozenset({"sir", "cyngor", "county", "council", "borough", "metropolitan", "district"})
#: the index's name keys: English and Welsh names, other names, a small area's name with its authority's
NAME_KEYS = ("key", "key_cy", "key_alt", "key_alt_cy", "key_label")
_INDEX: dict[int, tuple[tuple[Any, ...], pd.DataFrame]] = {}
_LOCK = Lock()
#: one build at a time: a search box on a cold server sends a request per keystroke, and five
#: concurrent builds of the same index took five times as long as one (found in the browser)
_BUILDING = Lock()


def area_index(engine: Engine) -> pd.DataFrame:
    """The search index of ``engine``'s areas (rebuilt when the data version changes)."""
    version = data_version(engine)
    with _LOCK:
        cached = _INDEX.get(id(engine))
        if cached and cached[0] == version:
            return cached[1]
    with _BUILDING:
        with _LOCK:
            cached = _INDEX.get(id(engine))
            if cached and cached[0] == version:
                return cached[1]  # built while this request waited
        frame = _build_index(engine)
        with _LOCK:
            _INDEX[id(engine)] = (version, frame)
        return frame


def _build_index(engine: Engine) -> pd.DataFrame:
    """Every area with its normalised name keys (:data:`NAME_KEYS`) and its type's level."""
    frame = all_areas(engine)
    names = frame.set_index("code")["name"]
    # "Werneth Oldham": a ward's (an MSOA's other) name with its authority's, as people add it
    own = frame["alt_name"].where(frame["area_type"] == "msoa", frame["name"])
    label = (own + " " + frame["authority"].map(names)).where(frame["area_type"].isin(["ward", "msoa"]))
    # Arrow strings: the matching below runs in Arrow's C++ kernels, not per Python object
    columns = [frame["name"], frame["name_cy"], frame["alt_name"], frame["alt_name_cy"], label]
    for key, column in zip(NAME_KEYS, columns, strict=True):
        named = column.dropna()  # most areas have no Welsh or other name: key only those that do
        keys = search_keys(named).reindex(column.index, fill_value="")
        frame[key] = keys.astype("string[pyarrow]")
    frame["code"] = frame["code"].astype("string[pyarrow]")
    frame["level"] = frame["area_type"].map({t.code: t.level for t in AREA_TYPES.values()}).fillna(9)
    return frame


def _any(index: pd.DataFrame, test: Any) -> np.ndarray:
    """True where ``test(key)`` holds for any of the index's name keys."""
    return np.logical_or.reduce([test(index[k]).to_numpy(dtype=bool, na_value=False) for k in NAME_KEYS])


def _ranks(index: pd.DataFrame, typed: str, key: str) -> np.ndarray:
    """The rank of every area for the typed text (module docstring); 9 = no match."""
    code = typed.upper().replace(" ", "")
    code_starts = index["code"].str.startswith(code).to_numpy(dtype=bool)
    conditions = [
        (index["code"].eq(code).to_numpy(dtype=bool), 0),
        (_any(index, lambda n: n.eq(key)), 1),
        (_any(index, lambda n: n.str.startswith(key)), 2),
        (code_starts, 3),
        (_any(index, lambda n: n.str.contains(" " + key, regex=False)), 4),
    ]
    contains = _any(index, lambda n: n.str.contains(key, regex=False)) if key else np.zeros(len(index), bool)
    rank = np.full(len(index), 9, dtype=int)
    for matched, value in reversed(conditions):
        rank = np.where(matched, value, rank)
    rank = np.where(contains & (rank == 9), 5, rank)
    return np.where(contains | code_starts | (rank == 0), rank, 9)


def _by_own_name(index: pd.DataFrame, key: str) -> np.ndarray:
    """True where the area's own name (English, Welsh, a ward's with its authority's) holds ``key``:
    such areas come before those found by another name ("Werneth" the ward before the MSOA the
    Library calls Werneth)."""
    own = [index["key"], index["key_cy"], index["key_label"].where(index["area_type"] == "ward")]
    return np.logical_or.reduce(
        [n.str.contains(key, regex=False).to_numpy(dtype=bool, na_value=False) for n in own]
    )


def _every_word(index: pd.DataFrame, key: str) -> np.ndarray:
    """True where some name key holds each word of ``key`` but the council words (as a word start),
    for queries of two words or more that keep at least one."""
    words = key.split()
    kept = [w for w in words if w not in COUNCIL_WORDS]
    if len(words) < 2 or not kept:
        return np.zeros(len(index), dtype=bool)

    def holds_every_word(names: pd.Series) -> pd.Series:
        spaced = " " + names.fillna("")
        return reduce(operator.and_, [spaced.str.contains(" " + w, regex=False) for w in kept])

    return _any(index, holds_every_word)


def find_areas(
    engine: Engine,
    text: str,
    *,
    limit: int = 20,
    area_types: list[str] | None = None,
    include_inactive: bool = False,
) -> list[AreaInfo]:
    """Areas whose code or names (English or Welsh, other names) match ``text``, best first
    (module docstring). Areas replaced by a reorganisation (docs/adr/0050) only with
    ``include_inactive``."""
    typed = text.strip()[:MAX_QUERY]
    key = search_key(typed)
    if not typed or limit <= 0 or not (key or typed):
        return []
    index = area_index(engine)
    if not include_inactive:
        index = index[index["active"]]
    if area_types:
        index = index[index["area_type"].isin([t for g in area_types for t in expand_type(g)])]
    rank = _ranks(index, typed, key)
    if not (rank < 9).any() and key:
        rank = np.where(_every_word(index, key), 6, 9)
    found = index.assign(_rank=rank, _other=~_by_own_name(index, key))[rank < 9]
    found = found.sort_values(["_rank", "_other", "level", "name", "code"]).head(limit)
    return [_info(r) for r in found.itertuples()]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _info(row: Any) -> AreaInfo:
    return AreaInfo(
        code=str(row.code),
        name=row.name,
        area_type=row.area_type,
        name_cy=_text(row.name_cy),
        alt_name=_text(row.alt_name),
        alt_name_cy=_text(row.alt_name_cy),
        active=bool(row.active),
    )


def authorities_of(engine: Engine, codes: list[str]) -> dict[str, AreaInfo]:
    """code → the local authority a ward, MSOA or LSOA among ``codes`` is in (others left out)."""
    index = area_index(engine)
    found = index[index["code"].isin([str(c) for c in codes]) & index["authority"].notna()]
    rows = index[index["code"].isin(set(found["authority"].astype(str)))]
    authorities = {str(r.code): _info(r) for r in rows.itertuples()}
    pairs = zip(found["code"].astype(str), found["authority"].astype(str), strict=True)
    return {code: authorities[authority] for code, authority in pairs if authority in authorities}


def area_names(engine: Engine, codes: list[str]) -> dict[str, str]:
    """code → English name for ``codes`` (unknown codes are left out)."""
    if not codes:
        return {}
    index = area_index(engine)
    found = index[index["code"].isin([str(c) for c in codes])]
    return dict(zip(found["code"].astype(str), found["name"].astype(str), strict=True))
