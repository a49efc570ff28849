"""The offline ORUK checks themselves: the official examples pass, broken copies fail."""

from __future__ import annotations

import copy
import json

import pytest

from tests.openreferral.oruk import DATA, ENDPOINTS, empty_values, problems, spec


def _example(name: str) -> dict:
    return json.loads((DATA / "examples" / name).read_text())


def test_spec_has_exactly_the_nine_endpoints() -> None:
    assert set(spec()["paths"]) == set(ENDPOINTS)


def test_official_examples_validate() -> None:
    assert problems("/services/{id}", _example("service_full.json")) == []
    assert problems("/services", _example("service_list.json")) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda s: s.pop("name"), "'name' is a required property"),
        (lambda s: s.update(email="not-an-email"), "is not a 'email'"),
        (lambda s: s.update(url="example.com/no-scheme"), "is not a 'uri'"),
        (lambda s: s.update(id="12345"), "is not a 'uuid'"),
        (lambda s: s.update(status="open"), "is not one of"),
        (lambda s: s["attributes"][0]["taxonomy_term"].pop("description"), "'description' is a required"),
        (
            lambda s: s.update(contacts=[{"id": s["id"], "phones": [{"id": s["id"]}]}]),
            "'number' is a required",
        ),
    ],
)
def test_broken_service_fails(change: object, expected: str) -> None:
    body = copy.deepcopy(_example("service_full.json"))
    change(body)  # type: ignore[operator]
    assert any(expected in p for p in problems("/services/{id}", body))


def test_page_fields_required_and_root_fields_required() -> None:
    body = _example("service_list.json")
    del body["total_pages"]
    assert any("total_pages" in p for p in problems("/services", body))
    assert any(
        "profile" in p for p in problems("/", {"version": "3.0", "openapi_url": "https://x.org/o.json"})
    )
    assert any("uri" in p for p in problems("/", {"version": "3.0", "profile": "p", "openapi_url": "o.json"}))


def test_service_at_location_detail_checked_against_both_schemas() -> None:
    service = _example("service_full.json")
    assert problems("/service_at_locations/{id}", service) == []  # what the spec says
    link = {"id": service["id"], "location": {"id": service["id"]}}  # not a service, bad location
    found = problems("/service_at_locations/{id}", link)
    assert any("'name' is a required" in p for p in found)
    assert any("'location_type' is a required" in p for p in found)


def test_empty_values_found() -> None:
    assert empty_values({"a": {"b": None, "c": [], "d": "x"}, "e": ""}) == ["/a/b", "/a/c", "/e"]
