"""Finding areas for the pages and the command line."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from healthassets.services.areas import (
    areas_of_type,
    areas_within,
    get_area,
    known_area_codes,
    nearest_parent,
)
from tests.store.test_area_service import AREAS, write_small_geography

pytestmark = pytest.mark.db


def test_areas_by_code_type_and_parent(engine: Engine) -> None:
    write_small_geography(engine)
    assert get_area(engine, "e02001106").name == "Oldham 009"
    assert [a.code for a in areas_within(engine, "E02001106")] == ["E01005400", "E01005401"]
    assert [a.code for a in areas_within(engine, "E08000004", "lsoa")] == [
        "E01005400",
        "E01005401",
        "E01005402",
    ]
    assert [a.name for a in areas_of_type(engine, "region")] == ["North East Region", "North West Region"]
    parent = nearest_parent(engine, "E01005400")
    assert parent is not None and parent.code == "E02001106"
    assert nearest_parent(engine, "E92000001") is None
    assert known_area_codes(engine) == {code for code, _, _ in AREAS}
