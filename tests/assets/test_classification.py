from __future__ import annotations

import pandas as pd
import pytest

from healthassets.assets.classification import parse_classification
from healthassets.assets.vocabulary import AssetType, Dimension, FiveWays
from healthassets.errors import ImportValidationError
from healthassets.io.assets import read_classification
from tests.conftest import DATA

BUNDLED = DATA / "assets" / "classification.csv"


def test_bundled_mapping_covers_every_layer_file() -> None:
    rules = read_classification(BUNDLED)
    files = {rule.file for rule in rules.values()}
    national = {f"../assets_national/{p.name}" for p in (DATA / "assets_national").glob("*.csv.gz")}
    assert files == {p.name for p in (DATA / "assets").glob("*.geojson")} | national
    for rule in rules.values():
        assert rule.dimensions, rule.layer
        assert rule.licence and rule.attribution and rule.publisher


def test_bundled_kinds_are_mapped_for_england_and_wales_by_the_national_layers() -> None:
    rules = read_classification(BUNDLED)
    covering = {rule.kind: rule.layer for rule in rules.values() if rule.coverage}
    assert covering == {
        "gp": "gp_ew",
        "pharmacy": "pharmacy_ew",
        "dentist": "dentist_ew",
        "library": "library_ew",
    }
    assert {rule.coverage for rule in rules.values() if rule.coverage} == {("E92000001", "W92000004")}
    # the Greater Manchester layer of each kind is of the same kind, and says nothing of coverage
    for kind in covering:
        assert not rules[kind].coverage and rules[kind].kind == kind
        assert rules[kind].asset_type == rules[covering[kind]].asset_type
    assert rules["foodbank"].kind == "foodbank"  # default: the layer id
    assert rules["pharmacy_ew"].name_separator == "|" and rules["gp_ew"].fields["code"] == "id"


def test_bundled_mapping_examples() -> None:
    rules = read_classification(BUNDLED)
    assert rules["library"].asset_type is AssetType.INSTITUTION
    assert FiveWays.KEEP_LEARNING in rules["library"].five_ways
    assert rules["greenflag"].asset_type is AssetType.PHYSICAL
    assert Dimension.NATURAL_ENVIRONMENT in rules["greenflag"].dimensions
    assert rules["sportsclub"].asset_type is AssetType.ASSOCIATION
    assert not rules["greenspace_access"].include
    assert "ODbL" in rules["allotment"].licence or "Open Database" in rules["allotment"].licence


def _table(**changes: str) -> pd.DataFrame:
    row = {
        "layer": "x",
        "file": "x.geojson",
        "asset_type": "physical",
        "dimensions": "natural_environment",
        "five_ways": "be_active",
        "physical": "yes",
        "include": "",
        "name_field": "name",
    }
    row.update(changes)
    return pd.DataFrame([row])


def test_minimal_rule() -> None:
    rule = parse_classification(_table())["x"]
    assert rule.include and rule.physical
    assert rule.field_list("name") == ["name"]


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("asset_type", "building", "unknown AssetType 'building'"),
        ("asset_type", "physical;cultural", "exactly one asset type"),
        ("dimensions", "", "at least one dimension"),
        ("dimensions", "weather", "unknown Dimension 'weather'"),
        ("five_ways", "swim", "unknown FiveWays 'swim'"),
        ("physical", "maybe", "not yes or no"),
        ("layer", "", "layer is missing"),
        ("coverage", "E92000001;England", "not an area code: 'ENGLAND'"),
    ],
)
def test_bad_cells_are_reported_with_row_and_column(column: str, value: str, reason: str) -> None:
    with pytest.raises(ImportValidationError) as caught:
        parse_classification(_table(**{column: value}), "map.csv")
    problem = caught.value.problems[0]
    assert (problem.row, problem.column, problem.file) == (1, column, "map.csv")
    assert reason in problem.reason


def test_duplicate_layer_reported_on_second_row() -> None:
    table = pd.concat([_table(), _table()], ignore_index=True)
    with pytest.raises(ImportValidationError) as caught:
        parse_classification(table)
    assert caught.value.problems[0].row == 2


def test_missing_required_column() -> None:
    with pytest.raises(ImportValidationError) as caught:
        parse_classification(_table().drop(columns=["dimensions"]))
    assert caught.value.problems[0].column == "dimensions"


def test_a_kind_is_mapped_by_one_layer() -> None:
    table = pd.concat(
        [
            _table(layer="a", kind="gp", coverage="E92000001"),
            _table(layer="b", kind="gp", coverage="W92000004"),
        ],
        ignore_index=True,
    )
    with pytest.raises(ImportValidationError) as caught:
        parse_classification(table, "map.csv")
    problem = caught.value.problems[0]
    assert (problem.row, problem.column) == (2, "coverage")
    assert "kind 'gp' already has a coverage (layer 'a')" in problem.reason
