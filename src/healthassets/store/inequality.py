"""Queries of the within-area inequality views (services/inequality.py): which indicators hold
small-area values, the LSOAs of many authorities at once, and the stored default inequality of each
authority (docs/adr/0075). The values themselves come through
:func:`healthassets.store.values.fetch_values`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Engine, delete, func, insert, select, update

from healthassets.store.models import (
    Area,
    AreaParent,
    DerivedIndicatorType,
    DerivedInequality,
    IndicatorValue,
)


def indicators_with_values(engine: Engine, area_type: str) -> list[int]:
    """Ids of the indicators with a value for some area of ``area_type``, ascending (from the
    derived per-type counts, docs/adr/0044)."""
    query = (
        select(DerivedIndicatorType.indicator_id)
        .where(DerivedIndicatorType.area_type == area_type, DerivedIndicatorType.areas > 0)
        .order_by(DerivedIndicatorType.indicator_id)
    )
    with engine.connect() as connection:
        return [int(i) for i in connection.scalars(query)]


def lsoas_of_authorities(engine: Engine, codes: Sequence[str]) -> pd.DataFrame:
    """authority_code, area_code, area_name: every LSOA within each of ``codes`` at any depth, along
    any hierarchy (as :func:`healthassets.store.areas.descendants` walks), by authority then name."""
    if not codes:
        return pd.DataFrame(columns=["authority_code", "area_code", "area_name"])
    start = select(AreaParent.parent_code.label("root"), AreaParent.child_code.label("code")).where(
        AreaParent.parent_code.in_(list(codes))
    )
    tree = start.cte("below_authority", recursive=True)
    step = select(tree.c.root, AreaParent.child_code).join(tree, AreaParent.parent_code == tree.c.code)
    tree = tree.union(step)
    query = (
        select(tree.c.root, Area.code, Area.name)
        .join(Area, Area.code == tree.c.code)
        .where(Area.area_type == "lsoa")
        .order_by(tree.c.root, Area.name, Area.code)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return pd.DataFrame(rows, columns=["authority_code", "area_code", "area_name"])


def inputs_version(engine: Engine, indicators: Sequence[int]) -> str:
    """A fingerprint of the inputs of the stored inequalities: per indicator its newest value id and
    count of values, and the number of area links."""
    query = (
        select(IndicatorValue.indicator_id, func.max(IndicatorValue.id), func.count())
        .where(IndicatorValue.indicator_id.in_(list(indicators)))
        .group_by(IndicatorValue.indicator_id)
        .order_by(IndicatorValue.indicator_id)
    )
    with engine.connect() as connection:
        per_indicator = connection.execute(query).all()
        links = connection.execute(select(func.count()).select_from(AreaParent)).scalar_one()
    parts = [f"{i}:{newest}:{count}" for i, newest, count in per_indicator]
    return ";".join([*parts, f"links:{links}"])[:200]


def replace_default_inequalities(
    engine: Engine, rows: list[dict[str, Any]], areas: Sequence[str] | None, version: str
) -> None:
    """In one transaction: replace the stored default inequalities of ``areas`` (None: every one)
    with ``rows`` (the columns of :class:`DerivedInequality`) and mark the others as computed from
    ``version`` (their inputs unchanged)."""
    with engine.begin() as connection:
        remove = delete(DerivedInequality)
        if areas is not None:
            remove = remove.where(DerivedInequality.area_code.in_(list(areas)))
        connection.execute(remove)
        connection.execute(update(DerivedInequality).values(values_version=version))
        if rows:
            connection.execute(insert(DerivedInequality), rows)


def authorities_touched(engine: Engine, indicators: Sequence[int]) -> list[str]:
    """The authorities whose stored default inequality is of one of ``indicators``, or which hold an
    LSOA with a value of one."""
    with engine.connect() as connection:
        stored = connection.scalars(
            select(DerivedInequality.area_code).where(DerivedInequality.indicator_id.in_(list(indicators)))
        ).all()
        valued = connection.scalars(
            select(IndicatorValue.area_code)
            .where(IndicatorValue.indicator_id.in_(list(indicators)))
            .distinct()
        ).all()
        links = connection.execute(select(AreaParent.child_code, AreaParent.parent_code)).all()
    parents = pd.DataFrame(links, columns=["child", "parent"])
    found, frontier = set(stored), set(valued)
    for _ in range(12):  # up the hierarchy, any link: an LSOA's MSOA, ward, district, county…
        frontier = set(parents.loc[parents["child"].isin(frontier), "parent"]) - found
        if not frontier:
            break
        found |= frontier
    return sorted(found)


def default_inequality(engine: Engine, code: str) -> dict[str, Any] | None:
    """The stored default inequality of the authority ``code`` (its columns), if any."""
    query = select(*DerivedInequality.__table__.columns).where(DerivedInequality.area_code == code)
    with engine.connect() as connection:
        row = connection.execute(query).mappings().first()
    return None if row is None else dict(row)
