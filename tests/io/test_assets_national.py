"""The national asset layers (data/assets_national/) read by their classification rows (io/assets.py)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from healthassets.errors import ImportValidationError
from healthassets.io.assets import read_classification, read_layer, read_layers
from tests.conftest import DATA

RULES = read_classification(DATA / "assets" / "classification.csv")
NATIONAL = DATA / "assets_national"
#: rows of each file (its README), and the records once merged services' names are split
EXPECTED = {
    "gp_ew": ("gp_practices_ods_epraccur_2023-12.csv.gz", 6_740),
    "pharmacy_ew": ("ahah5_pharmacy_gb_2025-11.csv.gz", 10_908),
    "dentist_ew": ("ahah5_dentist_gb_2025-11.csv.gz", 9_107),
    "library_ew": ("public_libraries_librarydata_2025-04.csv.gz", 3_165),
}


@pytest.mark.parametrize("layer", sorted(EXPECTED))
def test_each_national_file_is_read_whole(layer: str) -> None:
    file, rows = EXPECTED[layer]
    rule = RULES[layer]
    assert Path(rule.file).name == file
    records, flagged = read_layer(NATIONAL / file, rule)
    raw = pd.read_csv(NATIONAL / file, dtype=str, keep_default_na=False)
    assert len(raw) == rows and records["row"].nunique() == rows  # every row gives a record
    names = raw["name"].str.split("|").map(len).sum() if rule.name_separator else rows
    assert len(records) == names
    assert records["source_id"].is_unique and records["source_id"].str.startswith(f"{layer}:").all()
    assert (records["kind"] == rule.kind).all() and (records["layer"] == layer).all()
    assert records["latitude"].ne("").all() and not flagged  # every row has a point and a good LAD code
    assert records["postcode"].str.match(r"^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$").mean() > 0.999
    assert (records["source"] == rule.publisher).all() and (records["attribution"] == rule.attribution).all()
    assert "OGL" in rule.attribution or "Open Government" in rule.licence


def test_services_sharing_a_postcode_become_assets_at_the_same_point() -> None:
    rule = RULES["pharmacy_ew"]
    records, _ = read_layer(NATIONAL / EXPECTED["pharmacy_ew"][0], rule)
    at = records[records["source_id"].str.startswith("pharmacy_ew:ahah5:pharmacy:AL100JT")]
    # the file's row: "BOOTS | JADE PHARMACY (HATFIELD)" at AL10 0JT
    assert at["name"].tolist() == ["BOOTS", "JADE PHARMACY (HATFIELD)"]
    assert at["source_id"].tolist() == [
        "pharmacy_ew:ahah5:pharmacy:AL100JT",
        "pharmacy_ew:ahah5:pharmacy:AL100JT/2",
    ]
    assert at["latitude"].nunique() == 1 and at["row"].nunique() == 1
    assert set(at["postcode"]) == {"AL10 0JT"}


def test_gp_practices_carry_their_ods_code_for_matching() -> None:
    records, _ = read_layer(NATIONAL / EXPECTED["gp_ew"][0], RULES["gp_ew"])
    first = records.iloc[0]
    assert (first["source_id"], first["code"]) == ("gp_ew:ods:A81001", "A81001")


def _national_copy(
    tmp_path: Path, layer: str, edit: dict[str, str] | None = None, drop: str | None = None
) -> Path:
    """A classification of one national layer over the first 20 rows of its file, one cell edited."""
    file, _ = EXPECTED[layer]
    frame = pd.read_csv(NATIONAL / file, dtype=str, keep_default_na=False).head(20)
    for column, value in (edit or {}).items():
        frame.loc[4, column] = value  # data row 5
    if drop:
        frame = frame.drop(columns=drop)
    with gzip.open(tmp_path / file, "wt", encoding="utf-8") as handle:
        frame.to_csv(handle, index=False)
    mapping = pd.read_csv(DATA / "assets" / "classification.csv", dtype=str, keep_default_na=False)
    mapping = mapping[mapping["layer"] == layer].assign(file=file)
    mapping.to_csv(tmp_path / "classification.csv", index=False)
    return tmp_path / "classification.csv"


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("lat", "fifty-one", "not a number"),
        ("lon", "", "give both latitude and longitude"),
        ("lat", "48.85", "outside"),
    ],
)
def test_a_bad_row_is_rejected_naming_file_row_and_column(
    tmp_path: Path, column: str, value: str, reason: str
) -> None:
    classification = _national_copy(tmp_path, "gp_ew", {column: value})
    table, report = read_layers(tmp_path, classification)
    assert len(table.assets) == 19
    [problem] = report.rejected
    expected_column = "lat" if reason == "outside" else column
    assert (Path(problem.file).name, problem.row, problem.column) == (
        EXPECTED["gp_ew"][0],
        5,
        expected_column,
    )
    assert reason in problem.reason


def test_a_malformed_area_code_is_reported_and_ignored(tmp_path: Path) -> None:
    classification = _national_copy(tmp_path, "library_ew", {"lad24_code": "E0800009"})
    table, report = read_layers(tmp_path, classification)
    assert len(table.assets) == 20
    assert [(p.row, p.column) for p in report.flagged] == [(5, "lad24_code")]


def test_a_missing_column_is_an_error_naming_the_file(tmp_path: Path) -> None:
    classification = _national_copy(tmp_path, "dentist_ew", drop="lat")
    with pytest.raises(ImportValidationError) as caught:
        read_layers(tmp_path, classification)
    [problem] = caught.value.problems
    assert (Path(str(problem.file)).name, problem.column) == (EXPECTED["dentist_ew"][0], "lat")
    assert "missing" in problem.reason
