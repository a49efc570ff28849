from pathlib import Path

import pytest

from healthassets.errors import InputError
from healthassets.geography.postcodes import has_postcodes, locate, normalise_postcode

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
