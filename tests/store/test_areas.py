"""Area search and hierarchy on the real bundled geography."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets.errors import NotFoundError
from healthassets.store.areas import ancestors, children, get_area, parents, search_areas, siblings
from tests.conftest import DATA

pytestmark = pytest.mark.db


def test_get_area_any_case(loaded_engine: Engine) -> None:
    assert get_area(loaded_engine, "e08000004").name == "Oldham"
    with pytest.raises(NotFoundError):
        get_area(loaded_engine, "E08999999")


def test_search_ranks_exact_code_then_name_prefix(loaded_engine: Engine) -> None:
    assert search_areas(loaded_engine, "E08000004")[0].name == "Oldham"
    names = [a.name for a in search_areas(loaded_engine, "oldh", limit=5)]
    assert names[0] == "Oldham" and all("oldham" in n.lower() for n in names)
    assert search_areas(loaded_engine, "") == []
    assert search_areas(loaded_engine, "%") == []  # LIKE wildcards are literal


def test_search_filters_by_type_group(loaded_engine: Engine) -> None:
    found = search_areas(loaded_engine, "man", area_types=["ltla"], limit=50)
    assert found and {a.area_type for a in found} <= {"unitary", "metropolitan", "london-borough", "district"}


def test_parents_and_ancestors(loaded_engine: Engine) -> None:
    line = [a.code for a in ancestors(loaded_engine, "E01005400")]
    # an LSOA is in its MSOA and in its best-fit ward (Royton South), both in Oldham
    assert line == ["E02001106", "E05014657", "E08000004", "E12000002", "E92000001"]
    assert [a.code for a in ancestors(loaded_engine, "E05014657")] == ["E08000004", "E12000002", "E92000001"]
    district = [a.code for a in ancestors(loaded_engine, "E07000117")]
    assert district == ["E10000017", "E12000002", "E92000001"]
    assert [a.code for a in parents(loaded_engine, "E08000004", "combined-authority")] == ["E47000001"]
    welsh = [a.code for a in ancestors(loaded_engine, "W01000003")]
    assert welsh[-1] == "W92000004"


def test_children_and_siblings(loaded_engine: Engine) -> None:
    msoas = children(loaded_engine, "E08000004", "msoa")
    assert len(msoas) > 20 and all(a.area_type == "msoa" for a in msoas)
    lookup = pd.read_csv(DATA / "geography" / "lsoa21_lookup_ew.csv", dtype=str)
    oldham = lookup[lookup["LAD24CD"] == "E08000004"]
    wards = children(loaded_engine, "E08000004", "ward")
    assert {a.code for a in wards} == set(oldham["WD24CD"])
    in_ward = {a.code for a in children(loaded_engine, "E05014657")}
    assert in_ward == set(lookup.loc[lookup["WD24CD"] == "E05014657", "LSOA21CD"])
    # the LSOAs of an authority are found once each, through MSOAs and wards alike
    lsoas = children(loaded_engine, "E08000004", "lsoa")
    assert sorted(a.code for a in lsoas) == sorted(oldham["LSOA21CD"])
    ward_siblings = siblings(loaded_engine, "E05014657")
    assert {a.code for a in ward_siblings} == set(oldham["WD24CD"]) - {"E05014657"}
    neighbours = siblings(loaded_engine, "E08000004")
    assert len(neighbours) == 34 and "E08000004" not in {a.code for a in neighbours}
    assert {a.area_type for a in neighbours} <= {"unitary", "metropolitan", "district"}


def test_welsh_names(loaded_engine: Engine) -> None:
    assert get_area(loaded_engine, "W92000004").name_cy == "Cymru"
    cardiff = get_area(loaded_engine, "W06000015")
    assert cardiff.name == "Cardiff" and cardiff.name_cy == "Caerdydd"
