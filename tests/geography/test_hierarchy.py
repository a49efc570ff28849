"""Hierarchy helpers over DataFrames: ancestors, nearest ancestor of a type, siblings."""

from __future__ import annotations

import pandas as pd
import pytest

from healthassets.errors import InputError
from healthassets.geography.hierarchy import (
    ancestor_of_type,
    ancestor_table,
    descendants_table,
    siblings_table,
)

AREAS = pd.DataFrame(
    {
        "code": ["E92000001", "E12000002", "E47000001", "E08000004", "E08000003", "E02001106", "E01005400"],
        "area_type": [
            "country",
            "region",
            "combined-authority",
            "metropolitan",
            "metropolitan",
            "msoa",
            "lsoa",
        ],
    }
)
LINKS = pd.DataFrame(
    {
        "child_code": ["E12000002", "E08000004", "E08000003", "E08000004", "E02001106", "E01005400"],
        "parent_code": ["E92000001", "E12000002", "E12000002", "E47000001", "E08000004", "E02001106"],
        "hierarchy": ["administrative"] * 3 + ["combined-authority"] + ["administrative"] * 2,
    }
)


def test_ancestors_with_depth() -> None:
    table = ancestor_table(LINKS, "administrative")
    lsoa = table[table["code"] == "E01005400"].sort_values("depth")
    assert lsoa["ancestor_code"].tolist() == ["E02001106", "E08000004", "E12000002", "E92000001"]
    assert lsoa["depth"].tolist() == [1, 2, 3, 4]


def test_all_hierarchies_include_combined_authority() -> None:
    table = ancestor_table(LINKS)
    assert "E47000001" in set(table.loc[table["code"] == "E01005400", "ancestor_code"])
    assert "E47000001" not in set(ancestor_table(LINKS, "administrative")["ancestor_code"])


def test_ancestor_of_type() -> None:
    codes = pd.Series(["E01005400", "E08000003", "E92000001"])
    assert ancestor_of_type(codes, LINKS, AREAS, "region").tolist()[:2] == ["E12000002", "E12000002"]
    assert pd.isna(ancestor_of_type(codes, LINKS, AREAS, "region").iloc[2])
    assert ancestor_of_type(codes, LINKS, AREAS, ("metropolitan",)).iloc[0] == "E08000004"


def test_descendants() -> None:
    table = descendants_table(LINKS, "administrative")
    assert set(table.loc[table["code"] == "E12000002", "descendant_code"]) == {
        "E08000004",
        "E08000003",
        "E02001106",
        "E01005400",
    }


def test_siblings() -> None:
    pairs = siblings_table(LINKS, AREAS, "administrative")
    assert set(map(tuple, pairs.to_numpy())) == {("E08000004", "E08000003"), ("E08000003", "E08000004")}


def test_cycle_is_an_error() -> None:
    cycle = pd.DataFrame({"child_code": ["A", "B"], "parent_code": ["B", "A"]})
    with pytest.raises(InputError, match="cycle"):
        ancestor_table(cycle)


def test_missing_columns() -> None:
    with pytest.raises(InputError, match="parent_code"):
        ancestor_table(pd.DataFrame({"child_code": ["A"]}))
    with pytest.raises(InputError, match="area_type"):
        siblings_table(LINKS, pd.DataFrame({"code": ["A"]}))
