"""Every area's code, names and type in one frame: what the in-memory area search indexes."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Engine, select

from healthassets.geography.areas import TYPE_GROUPS
from healthassets.store.models import Area, AreaParent

INDEX_COLUMNS = ["code", "name", "name_cy", "alt_name", "alt_name_cy", "area_type", "active"]
#: small areas whose lists name their local authority (their names repeat across authorities)
SMALL_AREA_TYPES = ("ward", "msoa", "lsoa")


def all_areas(engine: Engine) -> pd.DataFrame:
    """``code``, ``name``, ``name_cy``, ``alt_name``, ``alt_name_cy``, ``area_type`` and ``active``
    of every area (about 53,500 rows), with ``authority``: the code of the local authority a ward, MSOA or
    LSOA is in (an LSOA's through its MSOA), missing for other areas."""
    links_query = select(AreaParent.child_code, AreaParent.parent_code).where(
        AreaParent.hierarchy == "administrative"
    )
    with engine.connect() as connection:
        query = select(*(getattr(Area, c) for c in INDEX_COLUMNS))
        # plain tuples: pandas builds a frame from 46,000 Row objects five times slower
        frame = pd.DataFrame([tuple(r) for r in connection.execute(query)], columns=INDEX_COLUMNS)
        links = pd.DataFrame([tuple(r) for r in connection.execute(links_query)], columns=["child", "parent"])
    frame = frame.astype({"active": bool})
    type_of = frame.set_index("code")["area_type"]
    authority_of = _parent_of(links, type_of, ["ward", "msoa"], TYPE_GROUPS["ltla"])
    msoa_of = _parent_of(links, type_of, ["lsoa"], ["msoa"])
    authority = frame["code"].map(authority_of)
    lsoa = (frame["area_type"] == "lsoa").to_numpy()
    authority[lsoa] = frame.loc[lsoa, "code"].map(msoa_of).map(authority_of)
    frame["authority"] = authority.where(frame["area_type"].isin(SMALL_AREA_TYPES))
    return frame


def _parent_of(
    links: pd.DataFrame, type_of: pd.Series, child_types: Sequence[str], parent_types: Sequence[str]
) -> pd.Series:
    """child code → its first (by code) parent of ``parent_types``, for areas of ``child_types``."""
    wanted = links["child"].map(type_of).isin(child_types) & links["parent"].map(type_of).isin(parent_types)
    chosen = links[wanted].sort_values(["child", "parent"]).drop_duplicates("child")
    return chosen.set_index("child")["parent"]
