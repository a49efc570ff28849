"""Boundaries of the areas of a small hand-made geography, from the bundled boundary files."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from healthassets.errors import NotFoundError
from healthassets.services.boundaries import area_boundary, boundaries_geojson, simplified_boundaries
from tests.conftest import DATA
from tests.store.test_area_service import write_small_geography

pytestmark = pytest.mark.db


@pytest.fixture
def geo(engine: Engine) -> Engine:
    write_small_geography(engine)
    return engine


def test_boundaries(geo: Engine) -> None:
    oldham = area_boundary(geo, "E08000004", DATA)
    feature = oldham["features"][0]
    assert feature["properties"] == {"code": "E08000004", "name": "Oldham"}
    assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    england = area_boundary(geo, "E92000001", DATA)["features"][0]
    assert england["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    with pytest.raises(NotFoundError, match="no boundary"):
        area_boundary(geo, "P85001", DATA)
    with pytest.raises(NotFoundError):
        area_boundary(geo, "E08999999", DATA)
    north_west = boundaries_geojson(geo, "ltla", DATA, within="E12000002")
    assert [f["properties"]["code"] for f in north_west["features"]] == [
        "E07000117",
        "E07000118",
        "E08000003",
        "E08000004",
    ]
    lsoas = boundaries_geojson(geo, "lsoa", DATA, within="E08000004")
    assert len(lsoas["features"]) == 3
    assert boundaries_geojson(geo, "gp", DATA)["features"] == []


def test_simplified_boundaries_keep_every_area_and_are_cached(geo: Engine) -> None:
    full = boundaries_geojson(geo, "ltla", DATA, within="E12000002")
    simple = simplified_boundaries(geo, "ltla", DATA, within="E12000002")
    assert [f["properties"] for f in simple["features"]] == [f["properties"] for f in full["features"]]
    assert simplified_boundaries(geo, "ltla", DATA, within="E12000002") is simple


def test_ward_boundaries_say_they_are_approximate(engine: Engine) -> None:
    import pandas as pd

    from healthassets.store.areas import write_geography

    areas = pd.DataFrame(
        {
            "code": ["E92000001", "E08000004", "E05014657", "E05014658"],
            "name": ["England", "Oldham", "Royton South", "Saddleworth North"],
            "area_type": ["country", "metropolitan", "ward", "ward"],
            "name_cy": None,
        }
    )
    links = pd.DataFrame(
        {
            "child_code": ["E08000004", "E05014657", "E05014658"],
            "parent_code": ["E92000001", "E08000004", "E08000004"],
            "hierarchy": "administrative",
        }
    )
    write_geography(engine, areas, links)
    note = "approximate (built from best-fit LSOAs)"
    ward = area_boundary(engine, "E05014657", DATA)["features"][0]
    assert ward["properties"] == {"code": "E05014657", "name": "Royton South", "approximate": note}
    assert ward["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    wards = simplified_boundaries(engine, "ward", DATA, within="E08000004")["features"]
    assert [f["properties"]["code"] for f in wards] == ["E05014657", "E05014658"]
    assert all(f["properties"]["approximate"] == note for f in wards)
    assert "approximate" not in area_boundary(engine, "E08000004", DATA)["features"][0]["properties"]
