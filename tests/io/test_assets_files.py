"""Bulk asset CSV and GeoJSON: reading, all-or-nothing validation, export layout."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from healthassets.errors import ImportValidationError, InputError
from healthassets.io.assets_files import export_frame, read_assets_file, to_geojson

HEADER = "name,asset_type,dimensions,five_ways,latitude,longitude,postcode,tags\n"


def _csv(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "assets.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_valid_csv(tmp_path: Path) -> None:
    path = _csv(
        tmp_path, "Park,physical,natural_environment,be_active;take_notice,53.45,-2.28,M32 0AA,park\n"
    )
    table = read_assets_file(path, source="my survey")
    asset = table.assets.iloc[0]
    assert (asset["name"], asset["source"], asset["postcode"]) == ("Park", "my survey", "M32 0AA")
    assert table.five_ways["way"].tolist() == ["be_active", "take_notice"]


@pytest.mark.parametrize(
    ("body", "row", "column"),
    [
        (
            "Park,physical,natural_environment,,53.45,-2.28,,\nPool,building,built_environment,,53.4,-2.3,,\n",
            2,
            "asset_type",
        ),
        ("Park,physical,natural_environment,,91,-2.28,,\n", 1, "latitude"),
        ("Park,physical,natural_environment,,53.45,-2.28,NOPE,\n", 1, "postcode"),
        (",physical,natural_environment,,53.45,-2.28,,\n", 1, "name"),
    ],
)
def test_csv_errors_name_row_and_field(tmp_path: Path, body: str, row: int, column: str) -> None:
    with pytest.raises(ImportValidationError) as caught:
        read_assets_file(_csv(tmp_path, body))
    assert (caught.value.row, caught.value.column) == (row, column)
    assert caught.value.file == str(tmp_path / "assets.csv")


def test_csv_column_problems(tmp_path: Path) -> None:
    with pytest.raises(ImportValidationError) as caught:
        read_assets_file(_csv(tmp_path, "x,physical,0,0\n", header="name,asset_type,lattitude,longitude\n"))
    columns = {p.column for p in caught.value.problems}
    assert columns == {"dimensions", "lattitude"}


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_assets_file(tmp_path / "missing.csv")
    (tmp_path / "a.xlsx").write_bytes(b"x")
    with pytest.raises(InputError, match=r"\.csv or \.geojson"):
        read_assets_file(tmp_path / "a.xlsx")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(InputError, match="empty"):
        read_assets_file(tmp_path / "empty.csv")


def _geojson(tmp_path: Path, features: list[dict]) -> Path:
    path = tmp_path / "assets.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_geojson_points_polygons_and_lists(tmp_path: Path) -> None:
    square = [[[-2.30, 53.40], [-2.29, 53.40], [-2.29, 53.41], [-2.30, 53.41], [-2.30, 53.40]]]
    path = _geojson(
        tmp_path,
        [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [-2.28, 53.45]},
                "properties": {
                    "name": "Park",
                    "asset_type": "physical",
                    "dimensions": ["natural_environment"],
                    "physical": True,
                },
            },
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": square},
                "properties": {
                    "name": "Allotment",
                    "asset_type": "physical",
                    "dimensions": "natural_environment",
                },
            },
            {
                "type": "Feature",
                "geometry": None,
                "properties": {
                    "name": "Helpline",
                    "asset_type": "institution",
                    "dimensions": "personal_capacity",
                    "served_areas": ["E08000009"],
                },
            },
        ],
    )
    table = read_assets_file(path)
    assert table.assets["latitude"].iloc[1] == pytest.approx(53.405)
    assert pd.isna(table.assets["latitude"].iloc[2])
    assert table.served_areas["area_code"].tolist() == ["E08000009"]


def test_geojson_error_names_feature_and_property(tmp_path: Path) -> None:
    path = _geojson(
        tmp_path,
        [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [-2.28, 53.45]},
                "properties": {"name": "Park", "asset_type": "physical", "dimensions": ["swimming"]},
            }
        ],
    )
    with pytest.raises(ImportValidationError) as caught:
        read_assets_file(path)
    assert (caught.value.row, caught.value.column) == (1, "dimensions")


def test_export_hides_a_persons_contacts_and_round_trips(tmp_path: Path) -> None:
    listed = pd.DataFrame(
        {
            "id": ["a", "b"],
            "name": ["Asha", "Library"],
            "asset_type": ["individual", "institution"],
            "dimensions": ["personal_capacity", "personal_capacity;community_economy"],
            "is_person": [True, False],
            "consent_recorded_at": [pd.Timestamp("2026-11-01", tz="UTC"), pd.NaT],
            "email": ["asha@example.org", "library@example.org"],
            "latitude": [53.44, 53.45],
            "longitude": [-2.28, -2.29],
            "tags": [None, ["books"]],
            "minimum_age": [None, 5],
        }
    )
    frame = export_frame(listed)
    assert frame["email"].tolist() == ["", "library@example.org"]
    assert frame["tags"].tolist() == ["", "books"]
    path = tmp_path / "out.csv"
    frame.to_csv(path, index=False)
    again = read_assets_file(path)
    assert again.assets["name"].tolist() == ["Asha", "Library"]
    assert again.assets["consent_recorded_at"].notna().tolist() == [True, False]
    document = to_geojson(frame)
    assert document["features"][1]["properties"]["dimensions"] == ["personal_capacity", "community_economy"]
    assert "email" not in document["features"][0]["properties"]


@pytest.mark.parametrize("marker", ["NA", "NaN", "#N/A", "", " NA "])
def test_missing_markers_are_empty_fields(tmp_path: Path, marker: str) -> None:
    """A register kept in Excel (#N/A from a lookup) or written by R (NA) imports with those fields empty."""
    body = f"Park,physical,natural_environment,{marker},{marker},{marker},{marker},{marker},E08000009\n"
    asset = read_assets_file(_csv(tmp_path, body, header=HEADER.strip() + ",served_areas\n")).assets.iloc[0]
    assert asset["name"] == "Park"
    assert pd.isna(asset["latitude"]) and pd.isna(asset["longitude"]) and pd.isna(asset["postcode"])


def test_real_text_in_a_number_field_is_still_an_error(tmp_path: Path) -> None:
    with pytest.raises(ImportValidationError) as caught:
        read_assets_file(_csv(tmp_path, "Park,physical,natural_environment,,N/A,N/A,,\n"))
    assert (caught.value.row, caught.value.column) == (1, "latitude")
    assert "not a number" in caught.value.reason


def test_two_columns_of_the_same_name_are_an_error_naming_them(tmp_path: Path) -> None:
    header = "name,asset_type,dimensions,latitude,longitude,latitude\n"
    with pytest.raises(InputError) as caught:
        read_assets_file(
            _csv(tmp_path, "Park,physical,natural_environment,53.45,-2.28,53.46\n", header=header)
        )
    assert "'latitude' (columns 4, 6)" in str(caught.value)
    assert caught.value.file == str(tmp_path / "assets.csv")
