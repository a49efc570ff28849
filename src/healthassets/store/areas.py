"""The areas repository (tables ``areas``, ``area_types``, ``area_parents``, ``area_successors``):
look-up, search, parents, children, siblings, areas of a type, replaced areas and their successors.
Inactive areas (replaced, docs/adr/0050) have no parents or children and are left out of lists
and searches; :func:`get_area` still finds them (and :mod:`healthassets.store.successors` reads
their successors). Boundaries are files, read by :mod:`healthassets.services.boundaries`.

Every function takes an Engine or an open Session first (a Session is used as is and left open)
and raises NotFoundError for an unknown area code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import Session

from healthassets.errors import NotFoundError
from healthassets.geography.areas import AREA_TYPES, comparable_group, expand_type
from healthassets.store.bulk import bulk_insert
from healthassets.store.models import Area, AreaParent, AreaSuccessor, AreaType, IndicatorValue

Bind = Engine | Session
AREA_COLUMNS = ["code", "name", "name_cy", "alt_name", "alt_name_cy", "area_type", "active"]
#: the columns a reload compares to decide whether a stored area changed
_CHANGEABLE = AREA_COLUMNS[1:]


@dataclass(frozen=True)
class AreaInfo:
    code: str
    name: str
    area_type: str
    name_cy: str | None = None
    #: False for an area replaced by another (docs/adr/0050)
    active: bool = True
    #: another name people know it by (an MSOA's House of Commons Library name), and its Welsh
    alt_name: str | None = None
    alt_name_cy: str | None = None

    @property
    def type_name(self) -> str:
        info = AREA_TYPES.get(self.area_type)
        return info.name if info else self.area_type

    @property
    def level(self) -> int:
        info = AREA_TYPES.get(self.area_type)
        return info.level if info else 9


def _info(row: Area) -> AreaInfo:
    return AreaInfo(
        row.code, row.name, row.area_type, row.name_cy, bool(row.active), row.alt_name, row.alt_name_cy
    )


@contextmanager
def _session(bind: Bind) -> Iterator[Session]:
    if isinstance(bind, Session):
        yield bind
    else:
        with Session(bind) as session:
            yield session


def _level(area_type: str) -> int:
    info = AREA_TYPES.get(area_type)
    return info.level if info else 9


def get_area(bind: Bind, code: str) -> AreaInfo:
    """The area with this code (case-insensitive); NotFoundError if there is none."""
    with _session(bind) as session:
        row = session.scalars(select(Area).where(Area.code == code.strip().upper())).first()
        if row is None:
            raise NotFoundError(f"no area has the code {code!r}")
        return _info(row)


def search_areas(
    bind: Bind, text: str, *, limit: int = 20, area_types: list[str] | None = None
) -> list[AreaInfo]:
    """Areas whose code or name (English or Welsh) matches ``text``, case-insensitively.

    Ranked: exact code, exact name, name starting with the text, code starting with it, name
    containing it; then larger areas before smaller ones, then by name. ``area_types`` may name
    types or type groups ('ltla', 'utla'). LIKE wildcards in ``text`` are taken literally.
    """
    query_text = text.strip()
    if not query_text or limit <= 0:
        return []
    lowered, upper = query_text.lower(), query_text.upper()
    pattern = _escape(lowered)
    name = func.lower(Area.name)
    welsh = func.lower(func.coalesce(Area.name_cy, ""))
    rank = case(
        (Area.code == upper, 0),
        (or_(name == lowered, welsh == lowered), 1),
        (or_(name.like(f"{pattern}%", escape="\\"), welsh.like(f"{pattern}%", escape="\\")), 2),
        (Area.code.like(f"{_escape(upper)}%", escape="\\"), 3),
        else_=4,
    )
    level = case({t.code: t.level for t in AREA_TYPES.values()}, value=Area.area_type, else_=9)
    query = (
        select(Area)
        .where(
            Area.active == true(),
            or_(
                Area.code.like(f"{_escape(upper)}%", escape="\\"),
                name.like(f"%{pattern}%", escape="\\"),
                welsh.like(f"%{pattern}%", escape="\\"),
            ),
        )
        .order_by(rank, level, Area.name, Area.code)
        .limit(limit)
    )
    if area_types:
        expanded = [t for group in area_types for t in expand_type(group)]
        query = query.where(Area.area_type.in_(expanded))
    with _session(bind) as session:
        return [_info(r) for r in session.scalars(query)]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def parents(bind: Bind, code: str, hierarchy: str | None = None) -> list[AreaInfo]:
    """Direct parents of an area (optionally of one hierarchy), larger areas last."""
    area = get_area(bind, code)
    query = (
        select(Area)
        .join(AreaParent, AreaParent.parent_code == Area.code)
        .where(AreaParent.child_code == area.code)
    )
    if hierarchy:
        query = query.where(AreaParent.hierarchy == hierarchy)
    with _session(bind) as session:
        found = [_info(r) for r in session.scalars(query.order_by(Area.code))]
    return sorted(found, key=lambda a: -a.level)


def ancestors(bind: Bind, code: str, hierarchy: str | None = "administrative") -> list[AreaInfo]:
    """Every ancestor along one hierarchy (None: all of them), nearest first.

    E.g. an LSOA: its MSOA, district, county, region, England. One query per level.
    """
    area = get_area(bind, code)
    found: list[AreaInfo] = []
    frontier = [area.code]
    seen = {area.code}
    with _session(bind) as session:
        while frontier:
            query = (
                select(Area)
                .join(AreaParent, AreaParent.parent_code == Area.code)
                .where(AreaParent.child_code.in_(frontier))
            )
            if hierarchy:
                query = query.where(AreaParent.hierarchy == hierarchy)
            step = [a for a in (_info(r) for r in session.scalars(query)) if a.code not in seen]
            step = list({a.code: a for a in step}.values())
            seen.update(a.code for a in step)
            found.extend(sorted(step, key=lambda a: (-a.level, a.code)))
            frontier = [a.code for a in step]
    return found


def nearest_parents(bind: Bind, codes: Iterable[str]) -> dict[str, AreaInfo]:
    """code → its nearest administrative parent (the smallest; the first by code among equals: an
    LSOA's MSOA before its ward), for the codes that have one. One query per 5,000 codes."""
    wanted = sorted(set(codes))
    rows: list[tuple[str, AreaInfo]] = []
    with _session(bind) as session:
        for start in range(0, len(wanted), 5_000):
            query = (
                select(AreaParent.child_code, Area)
                .join(Area, Area.code == AreaParent.parent_code)
                .where(AreaParent.child_code.in_(wanted[start : start + 5_000]))
                .where(AreaParent.hierarchy == "administrative")
            )
            rows += [(child, _info(parent)) for child, parent in session.execute(query)]
    rows.sort(key=lambda pair: (pair[0], -pair[1].level, pair[1].code))
    found: dict[str, AreaInfo] = {}
    for child, parent in rows:
        found.setdefault(child, parent)
    return found


def children(bind: Bind, code: str, area_type: str | None = None) -> list[AreaInfo]:
    """Direct children of an area; with ``area_type`` (a type or group such as 'ltla'), every
    descendant of that type instead (the LSOAs of a district, the districts of a region…)."""
    if area_type:
        return descendants(bind, code, area_type)
    area = get_area(bind, code)
    query = (
        select(Area)
        .join(AreaParent, AreaParent.child_code == Area.code)
        .where(AreaParent.parent_code == area.code)
    )
    with _session(bind) as session:
        return [_info(r) for r in session.scalars(query.order_by(Area.name, Area.code))]


def descendants(bind: Bind, code: str, area_type: str, hierarchy: str | None = None) -> list[AreaInfo]:
    """All descendants of ``code`` of a type (or type group), sorted by name.

    Walks down one level per query, following links of ``hierarchy`` (any when None), and stops
    below the smallest wanted type.
    """
    area = get_area(bind, code)
    wanted = set(expand_type(area_type))
    deepest = max(_level(t) for t in wanted)
    found: dict[str, AreaInfo] = {}
    frontier = [area.code]
    with _session(bind) as session:
        while frontier:
            query = (
                select(Area)
                .join(AreaParent, AreaParent.child_code == Area.code)
                .where(AreaParent.parent_code.in_(frontier))
            )
            if hierarchy:
                query = query.where(AreaParent.hierarchy == hierarchy)
            step = [a for a in (_info(r) for r in session.scalars(query)) if a.code not in found]
            step = [a for a in {a.code: a for a in step}.values() if a.code != area.code]
            found.update((a.code, a) for a in step)
            frontier = [a.code for a in step if a.level < deepest]
    return sorted((a for a in found.values() if a.area_type in wanted), key=lambda a: (a.name, a.code))


def siblings(bind: Bind, code: str) -> list[AreaInfo]:
    """Other areas of the same kind under the same parent.

    Local authorities are compared within their region (districts and UAs together, as Fingertips
    lists them; counties with UAs); every other area within its nearest parent one level up
    (LSOAs within their MSOA, MSOAs within their district, ICBs within their NHS region…).
    """
    area = get_area(bind, code)
    group = comparable_group(area.area_type)
    hierarchy: str | None
    if group in ("ltla", "utla"):
        parent = next((a for a in ancestors(bind, code) if a.area_type in ("region", "country")), None)
        hierarchy = "administrative"
    else:
        hierarchy = AREA_TYPES[area.area_type].hierarchy if area.area_type in AREA_TYPES else None
        line = ancestors(bind, code, hierarchy)
        parent = line[0] if line else None
    if parent is None:
        return []
    found = descendants(bind, parent.code, group, hierarchy)
    return [a for a in found if a.code != area.code]


def areas_of_type(bind: Bind, area_type: str) -> list[AreaInfo]:
    """Every active area of a type or type group, sorted by name."""
    with _session(bind) as session:
        query = (
            select(Area)
            .where(Area.area_type.in_(expand_type(area_type)), Area.active == true())
            .order_by(Area.name, Area.code)
        )
        return [_info(r) for r in session.scalars(query)]


def get_areas(bind: Bind, codes: Iterable[str]) -> list[AreaInfo]:
    """The stored areas among ``codes`` (in no particular order; unknown codes left out)."""
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        return []
    with _session(bind) as session:
        return [_info(r) for r in session.scalars(select(Area).where(Area.code.in_(wanted)))]


def known_area_codes(bind: Bind) -> set[str]:
    """The code of every stored area (importers check theirs against it)."""
    with _session(bind) as session:
        return set(session.scalars(select(Area.code)))


@contextmanager
def _connection(bind: Engine | Connection | Session) -> Iterator[Connection]:
    """A connection in a transaction: an engine's own (committed here), else the caller's."""
    if isinstance(bind, Session):
        yield bind.connection()
    elif isinstance(bind, Connection):
        yield bind
    else:
        with bind.begin() as connection:
            yield connection


def write_geography(
    bind: Engine | Connection | Session,
    areas: pd.DataFrame,
    links: pd.DataFrame,
    successors: pd.DataFrame | None = None,
) -> None:
    """Write areas (code, name, name_cy, area_type; optional alt_name, alt_name_cy and active),
    parent links (child_code, parent_code, hierarchy) and successors (predecessor_code,
    successor_code, replaced_on) in one transaction: insert new areas, update changed ones, replace
    every link and successor, and remove areas no longer listed that no value refers to. With an
    Engine it commits on its own; with a Session or Connection it joins the caller's transaction."""
    records = areas.reindex(columns=AREA_COLUMNS).astype(object)
    records["active"] = records["active"].where(records["active"].notna(), True).astype(bool)
    records = records.where(records.notna(), None)
    with _connection(bind) as connection:
        _add_area_types(connection)
        stored = pd.DataFrame(
            connection.execute(select(*(getattr(Area, c) for c in AREA_COLUMNS))).all(), columns=AREA_COLUMNS
        ).astype(object)
        stored = stored.where(stored.notna(), None)
        connection.execute(delete(AreaParent))
        connection.execute(delete(AreaSuccessor))
        is_new = ~records["code"].isin(set(stored["code"]))
        bulk_insert(connection, Area, records[is_new])
        _rename_changed(connection, records[~is_new], stored)
        stale = sorted(set(stored["code"]) - set(records["code"]))
        for start in range(0, len(stale), 500):
            chunk = stale[start : start + 500]
            used = exists().where(IndicatorValue.area_code == Area.code)
            connection.execute(delete(Area).where(Area.code.in_(chunk), ~used))
        link_rows = links[["child_code", "parent_code", "hierarchy"]]
        bulk_insert(connection, AreaParent, link_rows)
        if successors is not None and len(successors):
            bulk_insert(
                connection, AreaSuccessor, successors[["predecessor_code", "successor_code", "replaced_on"]]
            )


def _add_area_types(connection: Connection) -> None:
    existing = set(connection.scalars(select(AreaType.code)))
    new_types = [
        {"code": t.code, "name": t.name, "level": t.level, "hierarchy": t.hierarchy}
        for t in AREA_TYPES.values()
        if t.code not in existing
    ]
    if new_types:
        connection.execute(insert(AreaType), new_types)


def _rename_changed(connection: Connection, records: pd.DataFrame, stored: pd.DataFrame) -> None:
    """Update the stored areas whose names, type or activity differ from ``records``."""
    both = records.merge(stored, on="code", suffixes=("", "_stored"))
    changed = (both["active"].astype(bool) != both["active_stored"].astype(bool)).to_numpy()
    for column in _CHANGEABLE:
        if column != "active":
            changed = changed | (both[column].fillna("") != both[f"{column}_stored"].fillna("")).to_numpy()
    if changed.any():
        connection.execute(
            update(Area)
            .where(Area.code == bindparam("b_code"))
            .values({c: bindparam(c) for c in _CHANGEABLE}),
            both.loc[changed, AREA_COLUMNS].rename(columns={"code": "b_code"}).to_dict("records"),
        )


def first_areas_of_type(bind: Bind, area_type: str, limit: int) -> list[AreaInfo]:
    """The first ``limit`` active areas of a type or type group by name (a LIMIT in SQL)."""
    query = (
        select(Area)
        .where(Area.area_type.in_(expand_type(area_type)), Area.active == true())
        .order_by(Area.name, Area.code)
        .limit(limit)
    )
    with _session(bind) as session:
        return [_info(r) for r in session.scalars(query)]


# the hierarchy as tables, for the asset register (placing assets, the Open Referral feed)


def administrative_links(bind: Engine | Connection | Session) -> pd.DataFrame:
    """Every administrative parent link: child_code, parent_code, and the parent's area_type."""
    query = (
        select(AreaParent.child_code, AreaParent.parent_code, Area.area_type)
        .join(Area, Area.code == AreaParent.parent_code)
        .where(AreaParent.hierarchy == "administrative")
    )
    with _connection(bind) as connection:
        return pd.read_sql(query, connection)


def existing_codes(bind: Engine | Connection | Session, codes: Iterable[str]) -> set[str]:
    """The codes among ``codes`` the store holds."""
    wanted = sorted(set(codes))
    found: set[str] = set()
    with _connection(bind) as connection:
        for start in range(0, len(wanted), 5_000):
            part = wanted[start : start + 5_000]
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


def area_frame_of_type(bind: Engine | Connection | Session, area_type: str, prefix: str = "") -> pd.DataFrame:
    """``code``, ``name``, ``name_cy`` of every active area of a type or type group whose code starts
    with ``prefix`` ('E', 'W'), sorted by name: :func:`areas_of_type` as one plain read."""
    query = (
        select(Area.code, Area.name, Area.name_cy)
        .where(
            Area.area_type.in_(expand_type(area_type)), Area.active == true(), Area.code.startswith(prefix)
        )
        .order_by(Area.name, Area.code)
    )
    with _connection(bind) as connection:
        rows = connection.execute(query).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=["code", "name", "name_cy"])
