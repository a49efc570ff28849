"""The tartan rug's use case: names as well as codes, default indicators, comparator columns."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from healthassets.errors import InputError, NotFoundError
from healthassets.services.compare_page import build_compare_page, resolve_area
from healthassets.services.profiles import profile_domains

pytestmark = pytest.mark.db


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("E08000004", "E08000004"),
        ("e08000004", "E08000004"),
        ("Oldham", "E08000004"),
        ("  oldham ", "E08000004"),
        ("Caerdydd", "W06000015"),  # the Welsh name
        ("Rhondda Cynon Taf", "W06000016"),
    ],
)
def test_areas_by_name_or_code(loaded_engine: Engine, typed: str, code: str) -> None:
    assert resolve_area(loaded_engine, typed).code == code


def test_an_ambiguous_name_lists_the_candidates(loaded_engine: Engine) -> None:
    with pytest.raises(InputError, match="matches several areas") as raised:
        resolve_area(loaded_engine, "Oldham 0")  # Oldham 001…, Oldham 002… (MSOAs/LSOAs)
    assert "E0" in str(raised.value)


def test_nonsense_and_unknown_codes(loaded_engine: Engine) -> None:
    with pytest.raises(InputError, match="no area is called"):
        resolve_area(loaded_engine, "Xqzzyville")
    with pytest.raises(NotFoundError):
        resolve_area(loaded_engine, "E99999999")


def test_no_indicators_chosen_shows_the_profile(loaded_engine: Engine) -> None:
    page = build_compare_page(loaded_engine, ["Oldham", "Rochdale"], [])
    expected = [i for _, ids in profile_domains(loaded_engine, None) for i in ids]
    assert page.default_indicators
    assert list(page.indicators["id"]) == list(dict.fromkeys(expected))[: len(page.indicators)]
    assert len(page.indicators) > 0


def test_england_and_the_regions_are_comparator_columns(loaded_engine: Engine) -> None:
    page = build_compare_page(loaded_engine, ["E08000004", "E08000003"], [93015])
    assert [a.code for a in page.comparators] == ["E92000001", "E12000002"]
    england = page.cells[page.cells["area_code"] == "E92000001"]
    assert len(england) == 1 and (england["benchmark"] == "Not compared").all()
    assert not page.default_indicators
