"""Inactive areas and their successors in the store: kept, found by code, never listed."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets.store.areas import (
    areas_of_type,
    children,
    first_areas_of_type,
    get_area,
    search_areas,
    write_geography,
)
from healthassets.store.successors import predecessors, successors

pytestmark = pytest.mark.db

AREAS = pd.DataFrame(
    [
        ("E92000001", "England", "country", True),
        ("E12000009", "South West", "region", True),
        ("E06000066", "Somerset", "unitary", True),
        ("E06000022", "Bath and North East Somerset", "unitary", True),
        ("E07000187", "Mendip", "district", False),
        ("E07000246", "Somerset West and Taunton", "district", False),
        ("E07000190", "Taunton Deane", "district", False),
        ("E10000027", "Somerset", "county", False),
    ],
    columns=["code", "name", "area_type", "active"],
).assign(name_cy=None)
LINKS = pd.DataFrame(
    {
        "child_code": ["E12000009", "E06000066", "E06000022"],
        "parent_code": ["E92000001", "E12000009", "E12000009"],
        "hierarchy": "administrative",
    }
)
SUCCESSORS = pd.DataFrame(
    [
        ("E07000187", "E06000066", "2023-04-01"),
        ("E07000246", "E06000066", "2023-04-01"),
        ("E10000027", "E06000066", "2023-04-01"),
        ("E07000190", "E07000246", "2019-04-01"),
    ],
    columns=["predecessor_code", "successor_code", "replaced_on"],
)


@pytest.fixture
def geo(engine: Engine) -> Engine:
    write_geography(engine, AREAS, LINKS, SUCCESSORS)
    return engine


def test_inactive_areas_are_found_by_code_but_never_listed(geo: Engine) -> None:
    mendip = get_area(geo, "e07000187")
    assert (mendip.name, mendip.active) == ("Mendip", False) and get_area(geo, "E06000066").active
    assert [a.code for a in areas_of_type(geo, "ltla")] == ["E06000022", "E06000066"]
    assert [a.code for a in first_areas_of_type(geo, "county", 10)] == []
    assert [a.code for a in search_areas(geo, "somerset")] == ["E06000066", "E06000022"]
    assert {a.code for a in children(geo, "E12000009", "ltla")} == {"E06000022", "E06000066"}
    assert children(geo, "E06000066") == []  # a predecessor is not inside its successor


def test_successors_and_predecessors_at_any_depth(geo: Engine) -> None:
    [step] = successors(geo, "E07000190")
    assert (step.successor.code, step.replaced_on) == ("E07000246", "2019-04-01")
    assert successors(geo, "E06000066") == []
    found = [(r.predecessor.code, r.successor.code, r.replaced_on) for r in predecessors(geo, "E06000066")]
    assert found == [
        ("E07000187", "E06000066", "2023-04-01"),
        ("E10000027", "E06000066", "2023-04-01"),
        ("E07000246", "E06000066", "2023-04-01"),
        ("E07000190", "E07000246", "2019-04-01"),
    ]
    assert predecessors(geo, "E06000022") == []


def test_reloading_updates_activity_and_replaces_successors(geo: Engine) -> None:
    again = AREAS.assign(active=AREAS["code"] != "E06000022")  # a made-up change, to see it applied
    write_geography(geo, again, LINKS, SUCCESSORS.iloc[:1])
    assert not get_area(geo, "E06000022").active and get_area(geo, "E07000190").active
    assert [r.predecessor.code for r in predecessors(geo, "E06000066")] == ["E07000187"]
    write_geography(geo, AREAS.drop(columns="active"), LINKS)  # no activity given: active
    assert get_area(geo, "E07000187").active and predecessors(geo, "E06000066") == []
