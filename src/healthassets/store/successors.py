"""Replaced areas and their successors (table ``area_successors``, written with the rest of the
geography by :func:`healthassets.store.areas.write_geography`; docs/adr/0050)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from healthassets.store.areas import AreaInfo, Bind, _info, _session, get_area
from healthassets.store.models import Area, AreaSuccessor


@dataclass(frozen=True)
class Replacement:
    """One predecessor → successor step: ``predecessor`` was replaced by ``successor`` on ``replaced_on``."""

    predecessor: AreaInfo
    successor: AreaInfo
    replaced_on: str


def _replacements(session: Session, column: str, codes: list[str]) -> list[Replacement]:
    old, new = aliased(Area), aliased(Area)
    query = (
        select(old, new, AreaSuccessor.replaced_on)
        .join(old, old.code == AreaSuccessor.predecessor_code)
        .join(new, new.code == AreaSuccessor.successor_code)
        .where(getattr(AreaSuccessor, column).in_(codes))
        .order_by(AreaSuccessor.replaced_on.desc(), old.name, new.name)
    )
    return [Replacement(_info(a), _info(b), str(on)) for a, b, on in session.execute(query)]


def successors(bind: Bind, code: str) -> list[Replacement]:
    """The areas that replaced ``code`` (none for an active area; two for a county split in two)."""
    area = get_area(bind, code)
    with _session(bind) as session:
        return _replacements(session, "predecessor_code", [area.code])


def predecessors(bind: Bind, code: str) -> list[Replacement]:
    """Every area ``code`` replaced, at any depth (Somerset replaced Somerset West and Taunton,
    which had replaced Taunton Deane in 2019), newest replacement first."""
    area = get_area(bind, code)
    found: list[Replacement] = []
    frontier, seen = [area.code], {area.code}
    with _session(bind) as session:
        while frontier:
            step = [
                r
                for r in _replacements(session, "successor_code", frontier)
                if r.predecessor.code not in seen
            ]
            seen.update(r.predecessor.code for r in step)
            found.extend(step)
            frontier = sorted({r.predecessor.code for r in step})
    return found
