"""Area codes → types, and the type groups Fingertips lists together."""

from __future__ import annotations

import pandas as pd
import pytest

from healthassets.geography.areas import area_type_of, area_types_of, comparable_group, expand_type


@pytest.mark.parametrize(
    "code, kind",
    [
        ("E92000001", "country"),
        ("W92000004", "country"),
        ("E12000002", "region"),
        ("E10000017", "county"),
        ("E06000008", "unitary"),
        ("W06000015", "unitary"),
        ("E08000004", "metropolitan"),
        ("E09000001", "london-borough"),
        ("E07000117", "district"),
        ("E02001106", "msoa"),
        ("E01005400", "lsoa"),
        ("W01000003", "lsoa"),
        ("E54000057", "icb"),
        ("E38000135", "sub-icb"),
        ("E40000010", "nhs-region"),
        ("E47000001", "combined-authority"),
        ("U28237", "pcn"),
        ("P84001", "gp"),
        ("e08000004", "metropolitan"),
    ],
)
def test_code_types(code: str, kind: str) -> None:
    assert area_type_of(code) == kind
    assert area_types_of(pd.Series([code])).tolist() == [kind]


@pytest.mark.parametrize("code", ["E0800009", "E080000045", "X12000001", "", "Oldham", "E13000001", "12345"])
def test_bad_codes_have_no_type(code: str) -> None:
    assert area_type_of(code) is None
    assert area_types_of(pd.Series([code])).tolist() == [None]


def test_type_groups() -> None:
    assert set(expand_type("ltla")) == {"unitary", "metropolitan", "london-borough", "district"}
    assert "county" in expand_type("utla") and "district" not in expand_type("utla")
    assert expand_type("lsoa") == ("lsoa",)
    assert comparable_group("district") == "ltla" and comparable_group("county") == "utla"
