"""Asset rows → HSDS records: omitted empties, URLs, people, addresses, the page maths."""

from __future__ import annotations

import math
from typing import Any

import pytest

from healthassets.openreferral import mapping
from tests.openreferral.oruk import empty_values, problems

ASSET: dict[str, Any] = {
    "id": "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
    "name": "Park run",
    "description": None,
    "asset_type": "association",
    "dimensions": ["lifestyle_activities"],
    "five_ways": [],
    "served_areas": [],
    "tags": [],
    "latitude": 53.4,
    "longitude": -2.2,
    "address": "Platt Fields Park, Fallowfield, MANCHESTER",
    "postcode": "M14 6LA",
    "website": "www.parkrun.org.uk",
    "email": "run@example.org",
    "phone": "0161 000 0000",
    "is_person": False,
    "created_at": "2026-01-02 03:04:05",
    "minimum_age": float("nan"),
}


def test_empty_optional_fields_are_omitted() -> None:
    service = mapping.service_full(ASSET)
    assert "description" not in service and "minimum_age" not in service and "schedules" not in service
    assert empty_values(service) == []
    assert problems("/services/{id}", service) == []
    assert service["last_modified"] == "2026-01-02T03:04:05Z"


@pytest.mark.parametrize(
    ("given", "url"),
    [
        ("www.x.org", "https://www.x.org"),
        ("http://x.org/a?b=1", "http://x.org/a?b=1"),
        ("HTTPS://X.ORG", "HTTPS://X.ORG"),
        ("not a site", None),
        (None, None),
    ],
)
def test_web_url(given: str | None, url: str | None) -> None:
    assert mapping.web_url(given) == url


def test_address_falls_back_to_the_last_part_without_a_known_postcode() -> None:
    address = mapping.address(ASSET)
    assert address is not None
    assert (address["city"], address["state_province"], address["country"]) == (
        "Manchester",
        "Manchester",
        "GB",
    )
    placed = mapping.address({**ASSET, "city": "Manchester", "state_province": "Greater Manchester"})
    assert placed is not None and placed["state_province"] == "Greater Manchester"
    assert mapping.address({**ASSET, "postcode": None}) is None
    assert mapping.address({**ASSET, "address": "Nowhere"}) is None  # no city to give


def test_a_person_keeps_only_public_fields() -> None:
    person = mapping.service_full({**ASSET, "is_person": True})
    assert "email" not in person and "contacts" not in person
    location = person["service_at_locations"][0]["location"]
    assert "addresses" not in location and location["latitude"] == ASSET["latitude"]
    assert not mapping.has_location({**ASSET, "is_person": True, "latitude": None, "longitude": None})


def test_service_at_location_detail_is_valid_as_both_schemas() -> None:
    body = mapping.service_at_location_full(ASSET)
    assert problems("/service_at_locations/{id}", body) == []
    assert body["service"]["id"] == ASSET["id"] and body["id"] == mapping.service_at_location_id(ASSET["id"])


@pytest.mark.parametrize(("total", "per_page"), [(0, 10), (1, 10), (10, 10), (11, 10), (95, 7)])
def test_page_envelope(total: int, per_page: int) -> None:
    pages = math.ceil(total / per_page)
    for number in range(1, pages + 2):
        size = max(0, min(per_page, total - (number - 1) * per_page))
        body = mapping.page([{}] * size, total, number, per_page)
        assert body["total_pages"] == pages and body["size"] == size
        assert body["first_page"] == (number == 1) and body["last_page"] == (number >= pages)
        assert body["empty"] == (size == 0)


def test_attributes_carry_the_vocabularies_and_skip_unknown_values() -> None:
    row = {**ASSET, "five_ways": ["connect", "dance"], "tags": ["Art", "art "], "dimensions": ["x"]}
    terms = [(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["term"]) for a in mapping.attributes(row)]
    assert terms == [
        ("ABCD asset type", "association"),
        ("Five Ways to Wellbeing", "connect"),
        ("Tag", "Art"),
    ]
