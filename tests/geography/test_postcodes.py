from pathlib import Path

import pytest

from healthassets.errors import InputError
from healthassets.geography.postcodes import (
    has_postcodes,
    locate,
    normalise_postcode,
    parse_postcode,
    postcode_prefix,
    postcode_slug,
    postcodes_starting,
)

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("m1 1ad", "M1 1AD"),
        ("BL00AA", "BL0 0AA"),
        (" wa15  7rr ", "WA15 7RR"),
        ("nonsense", None),
        ("", None),
    ],
)
def test_normalise(text: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(InputError, match="malformed postcode"):
            normalise_postcode(text)
    else:
        assert normalise_postcode(text) == expected


def test_geocode_from_bundled_file() -> None:
    assert has_postcodes(DATA)
    lat, lon = locate(DATA, "bl0 0aa")  # type: ignore[misc]
    assert lat == pytest.approx(53.647755) and lon == pytest.approx(-2.312381)
    assert locate(DATA, "SW1A 1AA") is None  # outside Greater Manchester's file
    assert locate(DATA, "zzz") is None


@pytest.mark.parametrize(
    "typed",
    ["OL1 1AA", "ol11aa", "OL1  1AA", " ol1 1aa ", "ol1 1 aa", "\tOL11AA\n", "Ol1\u00a01aA"],
)
def test_a_postcode_matches_whatever_the_case_and_spacing(typed: str) -> None:
    assert parse_postcode(typed) == "OL1 1AA"
    assert postcode_slug(parse_postcode(typed) or "") == "OL11AA"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "Oldham",
        "E08000004",
        "OL1",
        "OL1 1A",
        "1OL 1AA",
        "OL1 AA1",
        "OL1 1AAA",
        "O L 1 1 A A x",
        "OL١ 1AA",
    ],
)
def test_what_is_not_a_whole_postcode(typed: str) -> None:
    assert parse_postcode(typed) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ol1 1", ("OL1 1", True)),  # a space after the outward code: matched against the spaced form
        ("OL1 ", None),  # nothing of the inward code yet
        ("ol11a", ("OL11A", False)),  # no space: the compact form, once specific enough
        ("OL11", None),  # OL1 1… or OL11 …: hundreds either way
        ("M1 1AE", ("M1 1AE", True)),
        ("Oldham", None),
        ("E08000004", None),
    ],
)
def test_the_start_of_a_postcode(typed: str, expected: tuple[str, bool] | None) -> None:
    assert postcode_prefix(typed) == expected


def test_postcodes_starting_with_what_was_typed() -> None:
    spaced = postcodes_starting(DATA, "ol1 1", limit=3)
    assert len(spaced) == 3 and all(p.startswith("OL1 1") for p in spaced) and spaced == sorted(spaced)
    assert postcodes_starting(DATA, "OL11A", limit=50) == postcodes_starting(DATA, "OL1 1A", limit=50)
    assert postcodes_starting(DATA, "ol11aa") == ["OL1 1AA"]
    assert postcodes_starting(DATA, "SW1A 1") == []  # outside Greater Manchester
    assert postcodes_starting(DATA, "Oldham") == [] and postcodes_starting(DATA, "OL1 1", limit=0) == []
