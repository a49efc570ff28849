"""Boundary files: loading, England outline, point-in-area, bad files."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from shapely.geometry import box

from healthassets.errors import InputError
from healthassets.geography.boundaries import (
    AreaLocator,
    boundaries_of_type,
    dissolve,
    england_outline,
    feature_collection,
    load_boundaries,
    national_boundaries,
    small_area_boundaries,
)
from tests.conftest import DATA


def test_national_files_load() -> None:
    ltla = national_boundaries(DATA, "ltla")
    assert len(ltla) == 361 and "E08000004" in ltla
    assert len(national_boundaries(DATA, "region")) == 9
    england = national_boundaries(DATA, "country")["E92000001"]
    assert england.contains(ltla["E08000004"].representative_point())


def test_point_in_area() -> None:
    locator = AreaLocator.from_shapes(national_boundaries(DATA, "ltla"))
    # Oldham town centre, Manchester Piccadilly, a point in the North Sea
    found = locator.locate([-2.1125, -2.2309, 2.5], [53.5409, 53.4774, 54.5])
    assert found.tolist() == ["E08000004", "E08000003", None]


def test_small_areas_of_an_authority() -> None:
    lsoas = small_area_boundaries(DATA, "lsoa", ["E08000004"])
    assert len(lsoas) > 100 and all(code.startswith("E01") for code in lsoas)
    collection = feature_collection(dict(list(lsoas.items())[:2]), {next(iter(lsoas)): "first"})
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 2
    assert collection["features"][0]["properties"]["name"] == "first"


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json", "not a GeoJSON file"),
        ('{"type": "Feature"}', "FeatureCollection"),
        (
            '{"type": "FeatureCollection", "features": [{"properties": {}, "geometry": null}]}',
            "has no LAD24CD",
        ),
        (
            '{"type": "FeatureCollection", "features": '
            '[{"properties": {"LAD24CD": "E1"}, "geometry": {"type": "Blob"}}]}',
            "invalid geometry",
        ),
    ],
)
def test_bad_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.geojson.gz"
    with gzip.open(path, "wt") as handle:
        handle.write(content)
    with pytest.raises(InputError, match=message):
        load_boundaries(path, "LAD24CD")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_boundaries(tmp_path / "none.geojson", "X")


def test_code_property_found_and_duplicates_refused(tmp_path: Path) -> None:
    square = '{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}'
    path = tmp_path / "two.geojson"
    feature = (
        '{"type": "Feature", "properties": {"FID": 1, "RGN23CD": "E12000002"}, "geometry": ' + square + "}"
    )
    path.write_text('{"type": "FeatureCollection", "features": [' + feature + "]}")
    assert list(load_boundaries(path)) == ["E12000002"]
    path.write_text('{"type": "FeatureCollection", "features": [' + feature + "," + feature + "]}")
    with pytest.raises(InputError, match="appears twice"):
        load_boundaries(path)


def test_dissolve_and_england_outline() -> None:
    left, right = box(0, 0, 1, 1), box(1, 0, 2, 1)
    assert dissolve([left, right]).area == pytest.approx(2.0)
    outline = england_outline({"E12000001": left, "E12000002": right, "W92000004": box(5, 5, 6, 6)})
    assert outline.area == pytest.approx(2.0)
    with pytest.raises(InputError, match="E12"):
        england_outline({"W92000004": left})


def test_edge_point_goes_to_first_area() -> None:
    locator = AreaLocator.from_shapes({"A": box(0, 0, 1, 1), "B": box(1, 0, 2, 1)})
    assert locator.locate([1.0, 1.5, 0.5, 9.0], [0.5, 0.5, 0.5, 9.0]).tolist() == ["A", "B", "A", None]


def test_store_types_map_to_files() -> None:
    oldham = boundaries_of_type(DATA, "metropolitan")
    assert "E08000004" in oldham and boundaries_of_type(DATA, "metropolitan") is oldham  # cached
    assert "E10000017" in boundaries_of_type(DATA, "county")
    assert len(boundaries_of_type(DATA, "msoa")) == 7_264


def test_ward_file_is_the_best_fit_lsoas_dissolved() -> None:
    """The committed ward file (scripts/build_ward_boundaries.py) holds every ward of the lookup,
    each the union of its best-fit LSOAs: the area of each ward within 10 % of the sum of its LSOAs'
    areas (the 50 m simplification moves edges a little), and a valid polygon."""
    import pandas as pd
    import shapely

    wards = national_boundaries(DATA, "ward")
    lookup = pd.read_csv(DATA / "geography" / "lsoa21_lookup_ew.csv", usecols=["LSOA21CD", "WD24CD"])
    assert set(wards) == set(lookup["WD24CD"])
    lsoas = national_boundaries(DATA, "lsoa")
    lsoa_area = lookup["LSOA21CD"].map({code: shape.area for code, shape in lsoas.items()})
    expected = lsoa_area.groupby(lookup["WD24CD"]).sum()
    shapes = [wards[code] for code in expected.index]
    assert shapely.is_valid(shapes).all()
    ratio = shapely.area(shapes) / expected.to_numpy()
    assert ((ratio > 0.9) & (ratio < 1.1)).all(), expected.index[(ratio <= 0.9) | (ratio >= 1.1)]
    assert (DATA / "boundaries" / "wards_2024_bestfit_ew.geojson.gz").stat().st_size < 20_000_000


def test_approximate_shapes_are_labelled() -> None:
    shapes = {"A": box(0, 0, 1, 1), "B": box(1, 0, 2, 1)}
    collection = feature_collection(shapes, {"A": "Alpha"}, {"B": "approximate (built from best-fit LSOAs)"})
    properties = [f["properties"] for f in collection["features"]]
    assert properties == [
        {"code": "A", "name": "Alpha"},
        {"code": "B", "approximate": "approximate (built from best-fit LSOAs)"},
    ]
