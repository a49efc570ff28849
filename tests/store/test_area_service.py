"""The areas repository on a small hand-made geography: search, parents, children, siblings."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from healthassets.errors import NotFoundError
from healthassets.io.geography import link_hierarchy
from healthassets.store.areas import (
    ancestors,
    areas_of_type,
    children,
    descendants,
    get_area,
    parents,
    search_areas,
    siblings,
    write_geography,
)

pytestmark = pytest.mark.db

AREAS = [
    ("E92000001", "England", "country"),
    ("W92000004", "Wales", "country"),
    ("E12000002", "North West Region", "region"),
    ("E12000001", "North East Region", "region"),
    ("E47000001", "Greater Manchester Combined Authority", "combined-authority"),
    ("E10000017", "Lancashire", "county"),
    ("E07000117", "Burnley", "district"),
    ("E07000118", "Chorley", "district"),
    ("E08000004", "Oldham", "metropolitan"),
    ("E08000003", "Manchester", "metropolitan"),
    ("E06000047", "County Durham", "unitary"),
    ("E02001106", "Oldham 009", "msoa"),
    ("E02001107", "Oldham 010", "msoa"),
    ("E01005400", "Oldham 009C", "lsoa"),
    ("E01005401", "Oldham 009D", "lsoa"),
    ("E01005402", "Oldham 010A", "lsoa"),
    ("E40000010", "North West NHS Region", "nhs-region"),
    ("E54000057", "NHS Greater Manchester ICB", "icb"),
    ("E38000135", "Greater Manchester ICB - 00Y", "sub-icb"),
    ("U12345", "Oldham East PCN", "pcn"),
    ("P85001", "Oldham Medical Practice", "gp"),
    ("P85002", "Royton Health Centre", "gp"),
    ("W06000015", "Cardiff", "unitary"),
]
LINKS = [
    ("E12000002", "E92000001"),
    ("E12000001", "E92000001"),
    ("E47000001", "E92000001"),
    ("E10000017", "E12000002"),
    ("E07000117", "E10000017"),
    ("E07000118", "E10000017"),
    ("E08000004", "E12000002"),
    ("E08000003", "E12000002"),
    ("E08000004", "E47000001"),
    ("E08000003", "E47000001"),
    ("E06000047", "E12000001"),
    ("E02001106", "E08000004"),
    ("E02001107", "E08000004"),
    ("E01005400", "E02001106"),
    ("E01005401", "E02001106"),
    ("E01005402", "E02001107"),
    ("E40000010", "E92000001"),
    ("E54000057", "E40000010"),
    ("E38000135", "E54000057"),
    ("U12345", "E38000135"),
    ("P85001", "U12345"),
    ("P85002", "U12345"),
    ("W06000015", "W92000004"),
]


@pytest.fixture
def geo(engine: Engine) -> Engine:
    write_small_geography(engine)
    return engine


def write_small_geography(engine: Engine) -> None:
    """:data:`AREAS` and :data:`LINKS` in the store (Cardiff with its Welsh name)."""
    areas = pd.DataFrame(AREAS, columns=["code", "name", "area_type"]).assign(name_cy=None)
    areas.loc[areas["code"] == "W06000015", "name_cy"] = "Caerdydd"
    links = pd.DataFrame(LINKS, columns=["child_code", "parent_code"])
    links["hierarchy"] = link_hierarchy(links, areas.set_index("code")["area_type"])
    write_geography(engine, areas, links)


def codes(found: list) -> list[str]:  # type: ignore[type-arg]
    return [a.code for a in found]


def test_get_area(geo: Engine) -> None:
    oldham = get_area(geo, " e08000004 ")
    assert oldham.name_cy is None and get_area(geo, "W06000015").name_cy == "Caerdydd"
    assert (oldham.name, oldham.area_type, oldham.type_name) == (
        "Oldham",
        "metropolitan",
        "Metropolitan district",
    )


@pytest.mark.parametrize(
    "call",
    [get_area, parents, ancestors, children, siblings, lambda b, c: descendants(b, c, "lsoa")],
)
def test_unknown_code_is_not_found(geo: Engine, call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFoundError, match="E08999999"):
        call(geo, "E08999999")


def test_search_ranking(geo: Engine) -> None:
    assert codes(search_areas(geo, "E08000004")) == ["E08000004"]
    # exact name, then names starting with it (larger areas first), then containing it
    assert codes(search_areas(geo, "oldham")) == [
        "E08000004",
        "E02001106",
        "E02001107",
        "U12345",  # a PCN is at the MSOA level
        "E01005400",
        "E01005401",
        "E01005402",
        "P85001",
    ]
    assert codes(search_areas(geo, "MANCHESTER", limit=2)) == ["E08000003", "E47000001"]
    assert codes(search_areas(geo, "caerdydd")) == ["W06000015"]  # Welsh name
    assert codes(search_areas(geo, "E0800000")) == ["E08000003", "E08000004"]  # code prefix
    assert search_areas(geo, "  ") == [] and search_areas(geo, "oldham", limit=0) == []
    assert search_areas(geo, "_") == [] and search_areas(geo, "%") == []


def test_search_by_type(geo: Engine) -> None:
    assert codes(search_areas(geo, "oldham", area_types=["ltla"])) == ["E08000004"]
    assert codes(search_areas(geo, "o", area_types=["gp", "pcn"])) == ["U12345", "P85001", "P85002"]


def test_parents_and_ancestors(geo: Engine) -> None:
    assert codes(parents(geo, "E08000004")) == ["E12000002", "E47000001"]
    assert codes(parents(geo, "E08000004", "combined-authority")) == ["E47000001"]
    assert codes(ancestors(geo, "E01005400")) == ["E02001106", "E08000004", "E12000002", "E92000001"]
    assert codes(ancestors(geo, "E07000117")) == ["E10000017", "E12000002", "E92000001"]
    assert "E47000001" in codes(ancestors(geo, "E01005400", None))
    assert codes(ancestors(geo, "P85001", "nhs")) == [
        "U12345",
        "E38000135",
        "E54000057",
        "E40000010",
        "E92000001",
    ]
    assert codes(ancestors(geo, "W06000015")) == ["W92000004"]
    assert ancestors(geo, "E92000001") == []


def test_children(geo: Engine) -> None:
    assert codes(children(geo, "E08000004")) == ["E02001106", "E02001107"]
    assert codes(children(geo, "E08000004", "lsoa")) == ["E01005400", "E01005401", "E01005402"]
    assert codes(children(geo, "E12000002", "ltla")) == ["E07000117", "E07000118", "E08000003", "E08000004"]
    assert codes(children(geo, "E12000002", "utla")) == ["E10000017", "E08000003", "E08000004"]
    assert codes(children(geo, "E54000057", "gp")) == ["P85001", "P85002"]
    assert children(geo, "E01005400") == []


def test_siblings(geo: Engine) -> None:
    # districts and UAs are compared within the region, across the county
    assert codes(siblings(geo, "E08000004")) == ["E07000117", "E07000118", "E08000003"]
    assert codes(siblings(geo, "E10000017")) == ["E08000003", "E08000004"]
    assert codes(siblings(geo, "E01005400")) == ["E01005401"]
    assert codes(siblings(geo, "E02001106")) == ["E02001107"]
    assert codes(siblings(geo, "E12000002")) == ["E12000001"]
    assert codes(siblings(geo, "P85001")) == ["P85002"]
    assert siblings(geo, "E92000001") == []


def test_areas_of_type(geo: Engine) -> None:
    assert codes(areas_of_type(geo, "region")) == ["E12000001", "E12000002"]
    assert set(codes(areas_of_type(geo, "ltla"))) == {
        "E07000117",
        "E07000118",
        "E08000003",
        "E08000004",
        "E06000047",
        "W06000015",
    }


def test_works_with_a_session(geo: Engine) -> None:
    with Session(geo) as session:
        assert get_area(session, "E08000004").name == "Oldham"
        assert codes(siblings(session, "E01005400")) == ["E01005401"]
        assert session.is_active
