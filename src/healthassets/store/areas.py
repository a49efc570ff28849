"""Area queries: look-up, search, parents, children and siblings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, case, func, or_, select
from sqlalchemy.orm import Session

from healthassets.errors import NotFoundError
from healthassets.geography.areas import AREA_TYPES, comparable_group, expand_type
from healthassets.store.models import Area, AreaParent


@dataclass(frozen=True)
class AreaInfo:
    code: str
    name: str
    area_type: str
    name_cy: str | None = None

    @property
    def type_name(self) -> str:
        info = AREA_TYPES.get(self.area_type)
        return info.name if info else self.area_type


def _info(row: Area) -> AreaInfo:
    return AreaInfo(row.code, row.name, row.area_type, row.name_cy)


def get_area(engine: Engine, code: str) -> AreaInfo:
    """The area with this code (case-insensitive); NotFoundError if there is none."""
    with engine.connect() as connection:
        row = connection.execute(select(Area).where(Area.code == code.strip().upper())).first()
    if row is None:
        raise NotFoundError(f"no area has the code {code!r}")
    return AreaInfo(row.code, row.name, row.area_type, row.name_cy)


def search_areas(
    engine: Engine, text: str, *, limit: int = 20, area_types: list[str] | None = None
) -> list[AreaInfo]:
    """Areas whose code or name matches ``text``: exact code first, then names starting with it,
    then names containing it; larger areas before smaller ones, then by name."""
    query_text = text.strip()
    if not query_text:
        return []
    lowered = query_text.lower()
    name = func.lower(Area.name)
    rank = case(
        (func.upper(Area.code) == query_text.upper(), 0),
        (name == lowered, 1),
        (name.like(f"{_escape(lowered)}%", escape="\\"), 2),
        else_=3,
    )
    level = case({t.code: t.level for t in AREA_TYPES.values()}, value=Area.area_type, else_=9)
    query = (
        select(Area)
        .where(
            or_(func.upper(Area.code) == query_text.upper(), name.like(f"%{_escape(lowered)}%", escape="\\"))
        )
        .order_by(rank, level, Area.name)
        .limit(limit)
    )
    if area_types:
        expanded = [t for group in area_types for t in expand_type(group)]
        query = query.where(Area.area_type.in_(expanded))
    with Session(engine) as rows:
        return [_info(r) for r in rows.scalars(query)]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def parents(engine: Engine, code: str, hierarchy: str | None = None) -> list[AreaInfo]:
    """Direct parents of an area (optionally of one hierarchy)."""
    query = (
        select(Area)
        .join(AreaParent, AreaParent.parent_code == Area.code)
        .where(AreaParent.child_code == code)
    )
    if hierarchy:
        query = query.where(AreaParent.hierarchy == hierarchy)
    with Session(engine) as rows:
        return [_info(r) for r in rows.scalars(query.order_by(Area.code))]


def ancestors(engine: Engine, code: str, hierarchy: str = "administrative") -> list[AreaInfo]:
    """Every ancestor along one hierarchy, nearest first (e.g. MSOA, district, county, region…)."""
    found: list[AreaInfo] = []
    frontier = [code]
    seen = {code}
    while frontier:
        with Session(engine) as rows:
            query = (
                select(Area)
                .join(AreaParent, AreaParent.parent_code == Area.code)
                .where(AreaParent.child_code.in_(frontier), AreaParent.hierarchy == hierarchy)
            )
            step = [_info(r) for r in rows.scalars(query)]
        step = [a for a in step if a.code not in seen]
        seen.update(a.code for a in step)
        found.extend(sorted(step, key=lambda a: AREA_TYPES[a.area_type].level, reverse=True))
        frontier = [a.code for a in step]
    return found


def children(engine: Engine, code: str, area_type: str | None = None) -> list[AreaInfo]:
    """Direct children of an area, optionally only of one type (or type group like 'ltla')."""
    query = (
        select(Area)
        .join(AreaParent, AreaParent.child_code == Area.code)
        .where(AreaParent.parent_code == code)
    )
    if area_type:
        query = query.where(Area.area_type.in_(expand_type(area_type)))
    with Session(engine) as rows:
        return [_info(r) for r in rows.scalars(query.order_by(Area.name))]


def descendants(engine: Engine, code: str, area_type: str) -> list[AreaInfo]:
    """All descendants of ``code`` of a type (or type group), through the administrative tree."""
    wanted = set(expand_type(area_type))
    found: dict[str, AreaInfo] = {}
    frontier = [code]
    while frontier:
        with Session(engine) as rows:
            query = (
                select(Area)
                .join(AreaParent, AreaParent.child_code == Area.code)
                .where(AreaParent.parent_code.in_(frontier), AreaParent.hierarchy == "administrative")
            )
            step = [_info(r) for r in rows.scalars(query)]
        step = [a for a in step if a.code not in found and AREA_TYPES[a.area_type].level <= 5]
        for a in step:
            found[a.code] = a
        frontier = [a.code for a in step if a.area_type not in ("lsoa",)]
        if all(AREA_TYPES[a.area_type].level >= max(AREA_TYPES[t].level for t in wanted) for a in step):
            break
    return sorted((a for a in found.values() if a.area_type in wanted), key=lambda a: a.name)


def siblings(engine: Engine, code: str) -> list[AreaInfo]:
    """Other areas of the same kind under the same parent.

    Local authorities are compared within their region (districts and UAs together, as Fingertips
    lists them); every other area within its direct administrative parent.
    """
    area = get_area(engine, code)
    group = comparable_group(area.area_type)
    line = ancestors(engine, code)
    if group in ("ltla", "utla"):
        parent = next((a for a in line if a.area_type in ("region", "country")), None)
    else:
        parent = line[0] if line else None
    if parent is None:
        return []
    found = (
        descendants(engine, parent.code, group)
        if group in ("ltla", "utla")
        else children(engine, parent.code, area.area_type)
    )
    return [a for a in found if a.code != code]


def areas_of_type(engine: Engine, area_type: str) -> list[AreaInfo]:
    with Session(engine) as rows:
        query = select(Area).where(Area.area_type.in_(expand_type(area_type))).order_by(Area.name)
        return [_info(r) for r in rows.scalars(query)]
