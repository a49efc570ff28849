"""Find areas as people type them: with or without accents ("Ynys Mon"), punctuation ("st helens"),
in English or Welsh, by code or by part of a name.

The index is every area's code, names and type with their :func:`~healthassets.geography.names.search_key`,
built once per data version and searched with vectorised string matching — no SQL ``LIKE`` patterns,
so no query text can make the database work hard ("pattern too complex").

Ranked as the store's search was: exact code, exact name, name starting with the text, code starting
with it, a word of the name starting with it, name containing it; then larger areas first, then name.
"""

from __future__ import annotations

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
_INDEX: dict[int, tuple[tuple[Any, ...], pd.DataFrame]] = {}
_LOCK = Lock()


def area_index(engine: Engine) -> pd.DataFrame:
    """The search index of ``engine``'s areas (rebuilt when the data version changes)."""
    version = data_version(engine)
    with _LOCK:
        cached = _INDEX.get(id(engine))
        if cached and cached[0] == version:
            return cached[1]
    frame = all_areas(engine)
    # Arrow strings: the matching below runs in Arrow's C++ kernels, not per Python object
    frame["key"] = search_keys(frame["name"]).astype("string[pyarrow]")
    frame["key_cy"] = search_keys(frame["name_cy"]).astype("string[pyarrow]")
    frame["code"] = frame["code"].astype("string[pyarrow]")
    frame["level"] = frame["area_type"].map({t.code: t.level for t in AREA_TYPES.values()}).fillna(9)
    with _LOCK:
        _INDEX[id(engine)] = (version, frame)
    return frame


def find_areas(
    engine: Engine,
    text: str,
    *,
    limit: int = 20,
    area_types: list[str] | None = None,
    include_inactive: bool = False,
) -> list[AreaInfo]:
    """Areas whose code or name (English or Welsh) matches ``text``, best first (module docstring).
    Areas replaced by a reorganisation (docs/adr/0050) only with ``include_inactive``."""
    typed = text.strip()[:MAX_QUERY]
    key = search_key(typed)
    if not typed or limit <= 0 or not (key or typed):
        return []
    index = area_index(engine)
    if not include_inactive:
        index = index[index["active"]]
    if area_types:
        index = index[index["area_type"].isin([t for g in area_types for t in expand_type(g)])]
    code = typed.upper().replace(" ", "")
    names = (index["key"], index["key_cy"])
    contains = np.zeros(len(index), dtype=bool)
    rank = np.full(len(index), 9, dtype=int)
    code_starts = index["code"].str.startswith(code).to_numpy()
    conditions = [
        (index["code"].eq(code).to_numpy(), 0),
        (np.logical_or(*(n.eq(key).to_numpy() for n in names)), 1),
        (np.logical_or(*(n.str.startswith(key).to_numpy() for n in names)), 2),
        (code_starts, 3),
        (np.logical_or(*(n.str.contains(" " + key, regex=False).to_numpy() for n in names)), 4),
    ]
    if key:
        contains = np.logical_or(*(n.str.contains(key, regex=False).to_numpy() for n in names))
    for matched, value in reversed(conditions):
        rank = np.where(matched, value, rank)
    rank = np.where(contains & (rank == 9), 5, rank)
    found = index.assign(_rank=rank)[(rank < 9) & (contains | code_starts | (rank == 0))]
    found = found.sort_values(["_rank", "level", "name", "code"]).head(limit)
    return [
        AreaInfo(
            code=str(r.code),
            name=r.name,
            area_type=r.area_type,
            name_cy=r.name_cy if isinstance(r.name_cy, str) and r.name_cy else None,
            active=bool(r.active),
        )
        for r in found.itertuples()
    ]


def area_names(engine: Engine, codes: list[str]) -> dict[str, str]:
    """code → English name for ``codes`` (unknown codes are left out)."""
    if not codes:
        return {}
    index = area_index(engine)
    found = index[index["code"].isin([str(c) for c in codes])]
    return dict(zip(found["code"].astype(str), found["name"].astype(str), strict=True))
