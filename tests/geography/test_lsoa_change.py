"""LSOA 2011 values onto LSOA 2021 by ONS change type: unchanged, split, merged, irregular."""

from __future__ import annotations

import pandas as pd
import pytest

from healthassets.errors import InputError
from healthassets.geography.lsoa_change import lsoa11_to_lsoa21
from tests.conftest import DATA

LOOKUP = pd.DataFrame(
    [
        ("A11", "A21", "U"),  # unchanged
        ("B11", "B21", "S"),  # split in two
        ("B11", "C21", "S"),
        ("D11", "D21", "M"),  # merged
        ("E11", "D21", "M"),
        ("F11", "F21", "X"),  # irregular: F and G both give parts to F21 and G21
        ("G11", "F21", "X"),
        ("G11", "G21", "X"),
        ("H11", "H21", "M"),  # merged, one part has no value
        ("I11", "H21", "M"),
    ],
    columns=["LSOA11CD", "LSOA21CD", "CHGIND"],
)
VALUES = pd.Series(
    {"A11": 100.0, "B11": 200.0, "D11": 300.0, "E11": 600.0, "F11": 10.0, "G11": 40.0, "H11": 5.0}
)


def test_each_change_type_by_its_rule() -> None:
    population = pd.Series({"D11": 2_000.0, "E11": 1_000.0, "F11": 1_000.0, "G11": 3_000.0})
    out = lsoa11_to_lsoa21(VALUES, LOOKUP, population).set_index("LSOA21CD")
    assert out.loc["A21", "value"] == 100 and out.loc["A21", "weighting"] == "none"
    assert out.loc["B21", "value"] == out.loc["C21", "value"] == 200  # the 2011 value to each part
    assert out.loc["D21", "value"] == pytest.approx((2_000 * 300 + 1_000 * 600) / 3_000)
    assert out.loc["D21", ["sources", "change", "weighting"]].tolist() == [2, "M", "population"]
    # irregular: each 2011 part with its whole population
    assert out.loc["F21", "value"] == pytest.approx((1_000 * 10 + 3_000 * 40) / 4_000)
    assert out.loc["G21", "value"] == 40
    assert "H21" not in out.index  # one of its 2011 parts has no value: no value, not a partial mean


def test_equal_weights_where_a_population_is_missing() -> None:
    out = lsoa11_to_lsoa21(VALUES, LOOKUP, pd.Series({"D11": 2_000.0})).set_index("LSOA21CD")
    assert out.loc["D21", "value"] == pytest.approx(450) and out.loc["D21", "weighting"] == "equal"
    assert lsoa11_to_lsoa21(VALUES, LOOKUP).set_index("LSOA21CD").loc["F21", "value"] == pytest.approx(25)


def test_bad_lookups() -> None:
    with pytest.raises(InputError, match="CHGIND"):
        lsoa11_to_lsoa21(VALUES, LOOKUP.drop(columns="CHGIND"))
    with pytest.raises(InputError, match="unknown change type 'Q'"):
        lsoa11_to_lsoa21(VALUES, LOOKUP.assign(CHGIND="Q"))


def test_the_bundled_lookup_keeps_every_2011_value_of_an_unchanged_lsoa() -> None:
    lookup = pd.read_csv(DATA / "geography" / "lsoa11_lsoa21_lookup_ew.csv", dtype=str)
    values = pd.Series(range(len(lookup)), index=lookup["LSOA11CD"], dtype=float).groupby(level=0).first()
    out = lsoa11_to_lsoa21(values, lookup).set_index("LSOA21CD")
    unchanged = lookup[lookup["CHGIND"] == "U"]
    assert (
        out.loc[unchanged["LSOA21CD"], "value"].to_numpy() == values[unchanged["LSOA11CD"]].to_numpy()
    ).all()
    assert len(out) == lookup["LSOA21CD"].nunique()
