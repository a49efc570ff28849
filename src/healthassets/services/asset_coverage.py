"""Use case: where the register is mapped — as a whole (Greater Manchester) and for each kind a
layer maps (England and Wales for GP practices, pharmacies, dentists and libraries; docs/adr/0051):
the statement the asset pages and profiles show, and which asset indicators an area has."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from healthassets.assets.area_measures import KIND_GROUP, KIND_GROUPS, group_of
from healthassets.services.asset_places import COUNTED_TYPES
from healthassets.services.reference import reference_data
from healthassets.store import Engine
from healthassets.store.areas import area_names
from healthassets.store.asset_areas import asset_kinds, coverage_codes, coverage_note

#: declared areas that have one phrase (translated as a whole: "Lloegr a Chymru")
PHRASES = {frozenset({"E92000001", "W92000004"}): "England and Wales"}


@dataclass
class CoverageStatement:
    """Each kind mapped by a layer with where (a phrase or area names), and the register's own
    coverage (its note, e.g. "Greater Manchester (bundled open data)"; None when not declared)."""

    kinds: list[dict[str, str]] = field(default_factory=list)
    register: str | None = None


def coverage_statement(engine: Engine) -> CoverageStatement:
    kinds = asset_kinds(engine)
    names = area_names(engine, [code for areas in kinds["areas"] for code in areas])
    rows = []
    for kind, title, areas in zip(kinds["kind"], kinds["title"], kinds["areas"], strict=True):
        where = PHRASES.get(frozenset(areas)) or ", ".join(names.get(code, code) for code in areas)
        rows.append({"kind": kind, "title": title, "where": where})
    order = {g.value: g.index for g in KIND_GROUPS}
    rows.sort(key=lambda row: order.get(row["kind"], 99))
    return CoverageStatement(rows, coverage_note(engine))


def mapped_groups(engine: Engine, area_code: str, area_type: str, ancestors: Iterable[str]) -> set[int]:
    """The asset indicator groups whose coverage holds the area: groups 0–17 where the register is
    mapped, a kind's group where its declared areas are the area or above it."""
    if area_type not in COUNTED_TYPES:
        return set()
    reference = reference_data(engine)
    covered = reference.get("coverage", lambda: coverage_codes(engine))
    groups = set(range(KIND_GROUPS[0].index)) if area_code in covered else set()
    around = {area_code, *ancestors}
    kinds = reference.get("asset_kinds", lambda: asset_kinds(engine))
    for kind, areas in zip(kinds["kind"], kinds["areas"], strict=True):
        if kind in KIND_GROUP and around & set(areas):
            groups.add(KIND_GROUP[kind].index)
    return groups


def unmapped_indicators(indicator_ids: Iterable[int], mapped: set[int]) -> set[int]:
    """The asset indicators among ``indicator_ids`` whose group is not mapped for the area."""
    return {i for i in indicator_ids if (g := group_of(i)) is not None and g not in mapped}
