"""Use case: an area's statistical neighbours (docs/adr/0041).

Local authorities are matched among districts and unitary authorities of England and Wales, counties
among counties and unitary authorities (the lists Fingertips compares them in), from the bundled
``geography/neighbour_features.csv``. The table of every area's neighbours is computed once per
process and features file (about 0.1 s) and cached; other area types (regions, NHS areas, MSOAs,
LSOAs) have no statistical neighbours.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from healthassets import settings
from healthassets.benchmark.neighbours import (
    DEFAULT_K,
    ENGLISH_ONLY,
    MODEL,
    model_variables,
    nearest_neighbours,
)
from healthassets.errors import InputError
from healthassets.geography.areas import area_types_of, comparable_group, expand_type
from healthassets.io.neighbour_features import FILE, read_neighbour_features
from healthassets.store import Engine
from healthassets.store import areas as area_queries
from healthassets.store.areas import AreaInfo

#: the comparison lists that have statistical neighbours
GROUPS = ("ltla", "utla")


def has_neighbours(area_type: str) -> bool:
    """Whether areas of this type get statistical neighbours (local authorities and counties)."""
    return comparable_group(area_type) in GROUPS


@lru_cache(maxsize=8)
def _table(path: Path, stamp: tuple[int, int], group: str) -> pd.DataFrame:
    features = read_neighbour_features(path)
    members = area_types_of(features.index.to_series()).isin(expand_type(group)).to_numpy()
    return nearest_neighbours(model_variables(features[members]), k=DEFAULT_K)


def neighbour_table(group: str, data_dir: Path | None = None) -> pd.DataFrame:
    """Every area of ``group`` ('ltla' or 'utla') with its nearest neighbours: ``area_code``,
    ``rank``, ``neighbour_code``, ``distance`` (cached until the features file changes)."""
    if group not in GROUPS:
        raise InputError(f"no statistical neighbours for {group!r}: use one of {', '.join(GROUPS)}")
    path = settings.data_dir(data_dir) / FILE
    try:
        status = path.stat()
    except FileNotFoundError:
        raise InputError("file not found (run scripts/build_neighbour_features.py)", file=str(path)) from None
    return _table(path.resolve(), (status.st_mtime_ns, status.st_size), group)


def statistical_neighbours(
    engine: Engine, area: AreaInfo, data_dir: Path | None = None, k: int = DEFAULT_K
) -> list[AreaInfo]:
    """The ``k`` areas most like ``area``, most similar first (empty for types without neighbours
    and for an area missing from the features file)."""
    group = comparable_group(area.area_type)
    if group not in GROUPS:
        return []
    table = neighbour_table(group, data_dir)
    mine = table[table["area_code"] == area.code].sort_values("rank").head(k)
    known = {a.code: a for a in area_queries.get_areas(engine, mine["neighbour_code"])}
    return [known[code] for code in mine["neighbour_code"] if code in known]


def neighbour_method() -> tuple[list[tuple[str, float, bool]], int]:
    """The model for the method page: (variable, weight, English areas only) in order, and k."""
    return [(name, weight, name in ENGLISH_ONLY) for name, weight in MODEL.items()], DEFAULT_K
