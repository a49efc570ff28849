"""The stored area hierarchy as tables, for the register: administrative links, known codes, names and
ancestors (the area aggregate's browsing queries are in :mod:`healthassets.store.areas`)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Connection, Engine, select

from healthassets.store.models import Area, AreaParent
from healthassets.store.rows import chunks, connect


def administrative_links(bind: Engine | Connection) -> pd.DataFrame:
    """Every administrative parent link: child_code, parent_code, and the parent's area_type."""
    query = (
        select(AreaParent.child_code, AreaParent.parent_code, Area.area_type)
        .join(Area, Area.code == AreaParent.parent_code)
        .where(AreaParent.hierarchy == "administrative")
    )
    with connect(bind) as connection:
        return pd.read_sql(query, connection)


def all_area_codes(bind: Engine | Connection) -> set[str]:
    """The code of every stored area (validation checks served areas against it)."""
    with connect(bind) as connection:
        return set(connection.scalars(select(Area.code)))


def existing_codes(bind: Engine | Connection, codes: Iterable[str]) -> set[str]:
    """The codes among ``codes`` the store holds."""
    wanted = sorted(set(codes))
    found: set[str] = set()
    with connect(bind) as connection:
        for part in chunks(wanted):
            found |= set(connection.scalars(select(Area.code).where(Area.code.in_(part))))
    return found


def area_names(engine: Engine, codes: Iterable[str]) -> dict[str, str]:
    """Names of the given area codes (those the store knows)."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    with engine.connect() as connection:
        rows = connection.execute(select(Area.code, Area.name).where(Area.code.in_(wanted))).all()
    return {str(code): str(name) for code, name in rows}


def ancestor_codes(engine: Engine, codes: Iterable[str]) -> set[str]:
    """``codes`` and every area above them in the stored hierarchies."""
    found = set(codes)
    frontier = set(found)
    with engine.connect() as connection:
        for _ in range(12):
            if not frontier:
                break
            parents = set(
                connection.scalars(select(AreaParent.parent_code).where(AreaParent.child_code.in_(frontier)))
            )
            frontier = parents - found
            found |= parents
    return found
