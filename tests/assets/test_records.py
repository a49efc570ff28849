from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthassets.assets.records import ASSET_COLUMNS, validate_assets


def _frame(*rows: dict[str, str]) -> pd.DataFrame:
    base = {
        "name": "Park",
        "asset_type": "physical",
        "dimensions": "natural_environment",
        "latitude": "53.45",
        "longitude": "-2.3",
    }
    return pd.DataFrame([{**base, **row} for row in rows])


def test_valid_record_and_links() -> None:
    table = validate_assets(
        _frame(
            {"five_ways": "be active; take notice", "tags": "park; green;park", "served_areas": "E08000009"}
        )
    )
    assert table.problems == []
    asset = table.assets.iloc[0]
    assert asset["asset_type"] == "physical" and asset["status"] == "published"
    assert asset["latitude"] == pytest.approx(53.45)
    assert asset["tags"] == ["park", "green"]
    assert table.five_ways["way"].tolist() == ["be_active", "take_notice"]
    assert table.served_areas["area_code"].tolist() == ["E08000009"]


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"name": " "}, "name", "name is missing"),
        ({"asset_type": "building"}, "asset_type", "unknown asset type 'building'"),
        ({"asset_type": ""}, "asset_type", "asset type is missing"),
        ({"dimensions": ""}, "dimensions", "at least one dimension"),
        ({"dimensions": "natural_environment;weather"}, "dimensions", "unknown dimension 'weather'"),
        ({"five_ways": "swim"}, "five_ways", "unknown five way 'swim'"),
        ({"latitude": "north"}, "latitude", "not a number: 'north'"),
        ({"latitude": "", "longitude": "-2.3"}, "longitude", "both latitude and longitude"),
        ({"latitude": "48.0"}, "latitude", "outside Great Britain"),
        ({"longitude": "2.35", "latitude": "48.85"}, "latitude", "outside Great Britain"),
        ({"latitude": "", "longitude": ""}, "latitude", "no location"),
        ({"served_areas": "E0800009"}, "served_areas", "malformed area code 'E0800009'"),
        ({"postcode": "WA154 1HF"}, "postcode", "malformed postcode"),
        ({"email": "someone.example.org"}, "email", "malformed email"),
        ({"website": "not a site"}, "website", "malformed website"),
        ({"physical": "maybe"}, "physical", "not yes or no"),
        ({"is_person": "yes"}, "consent_recorded_at", "consent"),
        ({"minimum_age": "12.5"}, "minimum_age", "whole number"),
        ({"minimum_age": "18", "maximum_age": "11"}, "minimum_age", "above the maximum"),
        ({"status": "approved"}, "status", "unknown status"),
    ],
)
def test_bad_input_names_row_and_column(changes: dict[str, str], column: str, reason: str) -> None:
    table = validate_assets(_frame({}, changes), "assets.csv")
    assert [(p.row, p.column, p.file) for p in table.problems] == [(2, column, "assets.csv")]
    assert reason in table.problems[0].reason


def test_person_with_consent_is_valid() -> None:
    table = validate_assets(
        _frame({"is_person": "yes", "consent_recorded_at": "2026-01-02", "asset_type": "individual"})
    )
    assert table.problems == []
    assert bool(table.assets["is_person"].iloc[0])


def test_unknown_served_area() -> None:
    table = validate_assets(_frame({"served_areas": "E08000099"}), known_areas={"E08000009"})
    assert "unknown area code" in table.problems[0].reason


def test_duplicate_source_id() -> None:
    table = validate_assets(_frame({"source_id": "a"}, {"source_id": "b"}, {"source_id": "a"}))
    assert [(p.row, p.column) for p in table.problems] == [(3, "source_id")]


def test_without_rows_drops_links_too() -> None:
    table = validate_assets(_frame({"five_ways": "give"}, {"five_ways": "connect"}))
    kept = table.without_rows({1})
    assert kept.assets["row"].tolist() == [2] and kept.five_ways["way"].tolist() == ["connect"]


def test_every_column_is_optional_in_input() -> None:
    table = validate_assets(pd.DataFrame({"name": ["x"]}), require_location=False)
    assert {p.column for p in table.problems} == {"asset_type", "dimensions"}
    assert set(ASSET_COLUMNS) - {"source_id"} <= set(table.assets.columns) | {
        "dimensions",
        "five_ways",
        "served_areas",
    }


@given(st.floats(-90, 90), st.floats(-180, 180))
def test_coordinates_accepted_exactly_inside_great_britain(lat: float, lon: float) -> None:
    table = validate_assets(_frame({"latitude": repr(lat), "longitude": repr(lon)}))
    inside = 49.8 <= lat <= 60.95 and -8.75 <= lon <= 1.85
    assert (table.problems == []) == inside
    stored = table.assets["latitude"].iloc[0]
    assert (stored == lat) if inside else pd.isna(stored)
