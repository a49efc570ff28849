"""Area codes → types, and the type groups Fingertips lists together."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthassets.geography.areas import (
    PREFIX_TYPES,
    area_type_of,
    area_types_of,
    comparable_group,
    expand_type,
)


@pytest.mark.parametrize(
    "code, kind",
    [
        ("E92000001", "country"),
        ("W92000004", "country"),
        ("E12000002", "region"),
        ("E10000017", "county"),
        ("E11000001", "metropolitan-county"),
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


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="EWUAPZ0123456789 -x", max_size=11), max_size=20))
def test_vectorised_agrees_with_scalar(codes: list[str]) -> None:
    expected = [area_type_of(code) for code in codes]
    assert area_types_of(pd.Series(codes, dtype=object)).tolist() == expected


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(PREFIX_TYPES)), st.integers(0, 999_999))
def test_every_known_prefix_with_six_digits(prefix: str, number: int) -> None:
    code = f"{prefix}{number:06d}"
    assert area_type_of(code) == PREFIX_TYPES[prefix]
    assert area_type_of(code + "0") is None and area_type_of(code[:-1]) is None
