"""The Open Referral UK feed on a small seeded register: every endpoint valid against the ORUK
3.0 spec, the filters, pagination, errors, and what must never be published."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from healthassets.app import create_app
from healthassets.openreferral.taxonomy import taxonomy_id, term_id
from tests.conftest import DATA
from tests.openreferral.oruk import empty_values, problems
from tests.openreferral.register import HIDDEN, PERSON, POSTCODES, PUBLIC, seed

pytestmark = pytest.mark.db
BASE = "/openreferral"


@pytest.fixture
def feed(engine: Engine) -> Iterator[tuple[TestClient, dict[str, str]]]:
    ids = seed(engine)
    with TestClient(create_app(engine, data_dir=DATA), raise_server_exceptions=True) as client:
        yield client, ids


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(BASE + path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def names(body: dict[str, Any]) -> list[str]:
    return [item.get("name") or item["service"]["name"] for item in body["contents"]]


def valid(path: str, body: Any) -> None:
    assert problems(path, body) == []
    assert empty_values(body) == []


def test_every_endpoint_validates_like_the_oruk_validator(feed: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = feed
    valid("/", get(client, "/"))
    for path in ("/services", "/service_at_locations", "/taxonomies", "/taxonomy_terms"):
        first = get(client, path, per_page=2)
        valid(path, first)
        assert first["total_items"] > 2  # several pages: first, middle and last are all checked
        for number in {first["total_pages"], max(1, first["total_pages"] // 2)}:
            valid(path, get(client, path, per_page=2, page=number))
        for item in get(client, path, per_page=1000)["contents"]:
            valid(path + "/{id}", get(client, f"{path}/{item['id']}"))


def test_root_names_version_profile_and_spec(feed: tuple[TestClient, dict[str, str]]) -> None:
    body = get(feed[0], "/")
    assert body["version"].removeprefix("HSDS-UK-") == "3.0"
    assert body["openapi_url"].startswith("https://") and body["profile"].startswith("https://")


def test_only_published_live_assets_are_visible(feed: tuple[TestClient, dict[str, str]]) -> None:
    client, ids = feed
    services = get(client, "/services", per_page=1000)
    assert sorted(names(services)) == sorted(f["name"] for f in PUBLIC.values())
    sal = get(client, "/service_at_locations", per_page=1000)
    assert {i["service_id"] for i in sal["contents"]} <= {ids[k] for k in PUBLIC}
    for key in HIDDEN:
        assert client.get(f"{BASE}/services/{ids[key]}").status_code == 404
    terms = get(client, "/taxonomy_terms", per_page=1000)["contents"]
    assert "hiddentag" not in {t["term"] for t in terms}
    assert {"gardening", "volunteering", "sport"} <= {t["term"].lower() for t in terms}


def test_a_person_never_carries_contact_details(feed: tuple[TestClient, dict[str, str]]) -> None:
    client, ids = feed
    person = ids["person"]
    bodies = [
        get(client, f"/services/{person}"),
        get(client, "/services", per_page=1000),
        get(client, "/service_at_locations", per_page=1000),
    ]
    sal = [i for i in bodies[2]["contents"] if i["service_id"] == person]
    bodies.append(get(client, f"/service_at_locations/{sal[0]['id']}"))
    text = json.dumps(bodies)
    for field in ("email", "phone", "address", "postcode"):
        assert PERSON[field] not in text
    assert "ann.private" not in text and "900123" not in text and "Private Road" not in text
    # nor their exact point (their postcode's centroid): only the centre of its 1 km grid square
    assert PERSON["latitude"][:7] not in text and PERSON["longitude"][:7] not in text
    location = bodies[0]["service_at_locations"][0]["location"]
    assert abs(location["latitude"] - float(PERSON["latitude"])) < 0.01
    service = bodies[0]
    assert "email" not in service and "contacts" not in service
    assert "addresses" not in service["service_at_locations"][0]["location"]


def test_service_detail_maps_the_asset(feed: tuple[TestClient, dict[str, str]]) -> None:
    client, ids = feed
    boxing = get(client, f"/services/{ids['boxing']}")
    fields = PUBLIC["boxing"]
    assert boxing["id"] == ids["boxing"] and boxing["status"] == "active"
    assert boxing["url"] == "https://" + fields["website"] and boxing["email"] == fields["email"]
    assert boxing["organization"]["name"] == fields["organisation_name"]
    assert boxing["organization_id"] == boxing["organization"]["id"]
    assert (boxing["minimum_age"], boxing["maximum_age"]) == (11, 18)
    assert boxing["fees"] == fields["cost"]
    assert boxing["contacts"][0]["phones"][0]["number"] == fields["phone"]
    assert [(s["byday"], s["opens_at"], s["closes_at"], s["freq"]) for s in boxing["schedules"]] == [
        ("TU,TH", "18:00", "20:00", "WEEKLY")
    ]
    location = boxing["service_at_locations"][0]["location"]
    assert location["latitude"] == pytest.approx(float(fields["latitude"]))
    address = location["addresses"][0]
    assert (address["postal_code"], address["city"], address["state_province"], address["country"]) == (
        "M1 1AE",
        "Manchester",
        "Greater Manchester",
        "GB",
    )
    assert location["accessibility"][0]["description"] == fields["accessibility"]
    terms = {a["taxonomy_term"]["term"] for a in boxing["attributes"]}
    assert terms == {"association", "lifestyle_activities", "be_active", "connect", "sport"}
    assert all(a["taxonomy_term_id"] == a["taxonomy_term"]["id"] for a in boxing["attributes"])
    helpline = get(client, f"/services/{ids['helpline']}")
    assert helpline["service_areas"][0]["name"] == "Manchester" and "service_at_locations" not in helpline
    default = get(client, f"/services/{ids['garden']}")["organization"]
    assert default["name"] == "healthassets community register" and default["description"]


def test_search_matches_every_word_anywhere(feed: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = feed
    assert names(get(client, "/services", search="BOXING")) == ["Youth Boxing Club"]
    assert names(get(client, "/services", search="garden community")) == ["Hulme Community Garden"]
    assert sorted(names(get(client, "/services", search="volunteering"))) == [  # a tag, any case
        "Hulme Community Garden",
        "Reading Café",
    ]
    assert get(client, "/services", search="boxing garden")["total_items"] == 0


def _expected(test: Any) -> list[str]:
    return sorted(f["name"] for f in PUBLIC.values() if test(f))


def _has(field: str, value: str) -> Any:
    return lambda f: value in f.get(field, "").lower().split(";")


def test_taxonomy_filters(feed: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = feed
    for kind, field, value in (
        ("five_ways", "five_ways", "be_active"),
        ("dimension", "dimensions", "personal_capacity"),
        ("tag", "tags", "volunteering"),
    ):
        found = get(client, "/services", taxonomy_term_id=term_id(kind, value), per_page=100)
        assert sorted(names(found)) == _expected(_has(field, value))
    association = term_id("asset_type", "association")
    found = get(client, "/services", taxonomy_term_id=association)
    assert sorted(names(found)) == _expected(lambda f: f["asset_type"] == "association")
    any_way = get(client, "/services", taxonomy_id=taxonomy_id("five_ways"), per_page=100)
    assert sorted(names(any_way)) == _expected(lambda f: bool(f.get("five_ways")))
    unknown = "00000000-0000-4000-8000-000000000000"
    assert get(client, "/services", taxonomy_term_id=unknown)["total_items"] == 0
    # the term ids the filter takes are the ones the feed lists
    listed = {t["id"] for t in get(client, "/taxonomy_terms", per_page=1000)["contents"]}
    assert association in listed and term_id("tag", "Volunteering") in listed


def test_age_filters(feed: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = feed
    at_least_5 = get(client, "/services", minimum_age=5)
    assert sorted(names(at_least_5)) == _expected(lambda f: int(f.get("minimum_age") or 0) >= 5)
    up_to_18 = get(client, "/services", maximum_age=18)
    assert sorted(names(up_to_18)) == _expected(lambda f: float(f.get("maximum_age") or math.inf) <= 18)
    both = get(client, "/services", minimum_age=10, maximum_age=20)
    assert names(both) == ["Youth Boxing Club"]


def test_day_and_time_filters(feed: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = feed
    assert names(get(client, "/services", day="TU")) == ["Youth Boxing Club"]
    assert names(get(client, "/services", day="saturday")) == ["Hulme Community Garden"]
    assert names(get(client, "/services", day="SU")) == []  # the garden is closed on Sunday
    # a session starting at or after 17:00: the boxing club's evenings only
    assert names(get(client, "/services", start_time="17:00")) == ["Youth Boxing Club"]
    # a session ending by 12:00 (the garden's Monday morning), and on Saturday none ends by 12:00
    assert names(get(client, "/services", end_time="12:00")) == ["Hulme Community Garden"]
    assert names(get(client, "/services", end_time="12:00:00", day="SA")) == []
    window = get(client, "/service_at_locations", start_time="10:00", end_time="16:00")
    assert sorted(names(window)) == ["Hulme Community Garden", "Reading Café"]


def _distance(origin: str, fields: dict[str, Any]) -> float:
    o = POSTCODES.loc[origin]
    same = POSTCODES[(POSTCODES["lat"] == fields["latitude"]) & (POSTCODES["lon"] == fields["longitude"])]
    p = same.iloc[0]
    return float(
        np.hypot(float(p["easting"]) - float(o["easting"]), float(p["northing"]) - float(o["northing"]))
    )


def test_postcode_and_proximity(feed: tuple[TestClient, dict[str, str]]) -> None:
    client, ids = feed
    located = {k: f for k, f in PUBLIC.items() if "latitude" in f}
    by_distance = sorted(located, key=lambda k: _distance("M1 1AE", located[k]))
    near = get(client, "/service_at_locations", postcode="m11ae", per_page=100)
    # nearest first; the Manchester helpline (served area, no place) has no location to list;
    # Bolton's service is not listed either way
    assert [i["service_id"] for i in near["contents"]] == [ids[k] for k in by_distance]
    radius = (_distance("M1 1AE", located[by_distance[1]]) + _distance("M1 1AE", located[by_distance[2]])) / 2
    within = get(client, "/service_at_locations", postcode="M1 1AE", proximity=str(radius))
    assert [i["service_id"] for i in within["contents"]] == [ids[k] for k in by_distance[:2]]


def test_pagination_envelope(feed: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = feed
    total = len(PUBLIC)
    per_page = 4
    pages = [get(client, "/services", per_page=per_page, page=n) for n in (1, 2, 3)]
    assert [p["total_items"] for p in pages] == [total] * 3
    assert [p["total_pages"] for p in pages] == [math.ceil(total / per_page)] * 3
    assert [p["size"] for p in pages] == [min(per_page, total), total - per_page, 0]
    assert [(p["first_page"], p["last_page"], p["empty"]) for p in pages] == [
        (True, False, False),
        (False, True, False),
        (False, True, True),
    ]
    ids = [i["id"] for p in pages for i in p["contents"]]
    assert len(ids) == len(set(ids)) == total
    assert [p["page_number"] for p in pages] == [1, 2, 3]
    nothing = get(client, "/services", search="no such thing")
    assert (nothing["total_items"], nothing["total_pages"], nothing["empty"], nothing["contents"]) == (
        0,
        0,
        True,
        [],
    )


DETAILS = ["/services/{}", "/service_at_locations/{}", "/taxonomies/{}", "/taxonomy_terms/{}"]
BAD = [
    ("/services", {"page": "0"}, "page"),
    ("/services", {"page": "two"}, "page"),
    ("/taxonomies", {"per_page": "0"}, "per_page"),
    ("/taxonomy_terms", {"per_page": "100000"}, "per_page"),
    ("/services", {"minimum_age": "old"}, "minimum_age"),
    ("/services", {"maximum_age": "-3"}, "maximum_age"),
    ("/services", {"day": "Funday"}, "day"),
    ("/services", {"start_time": "25:00"}, "start_time"),
    ("/services", {"end_time": "noon"}, "end_time"),
    ("/services", {"taxonomy_term_id": "be_active"}, "taxonomy_term_id"),
    ("/service_at_locations", {"taxonomy_id": "x"}, "taxonomy_id"),
    ("/service_at_locations", {"postcode": "not a postcode"}, "postcode"),
    ("/service_at_locations", {"postcode": "M1 1AE", "proximity": "-5"}, "proximity"),
    ("/service_at_locations", {"postcode": "M1 1AE", "proximity": "far"}, "proximity"),
]


def test_unknown_ids_are_json_404(feed: tuple[TestClient, dict[str, str]]) -> None:
    client, ids = feed
    for path in DETAILS:
        for ident in ["5b0f0a9c-2f57-4d2a-9a54-9c6c1bde0000", "not-a-uuid", ids["submitted"]]:
            response = client.get(BASE + path.format(ident))
            assert response.status_code == 404, (path, ident)
            assert response.headers["content-type"].startswith("application/json")
            assert response.json()["error"]["message"]


def test_bad_parameters_are_json_400(feed: tuple[TestClient, dict[str, str]]) -> None:
    for path, params, parameter in BAD:
        response = feed[0].get(BASE + path, params=params)
        assert response.status_code == 400, (path, params, response.text)
        assert response.json()["error"]["parameter"] == parameter, (path, params)


def test_cors_allows_any_origin(feed: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = feed
    assert client.get(BASE + "/services").headers["access-control-allow-origin"] == "*"
    with_origin = client.get(BASE + "/taxonomies", headers={"Origin": "https://directory.example"})
    assert with_origin.headers["access-control-allow-origin"] == "*"


def test_well_formed_requests_the_data_cannot_answer(feed: tuple[TestClient, dict[str, str]]) -> None:
    """A postcode of the right shape that the bundled file does not hold is not found (404), and a
    proximity without a postcode is ignored: the schema cannot say "needs a postcode", so a
    schema-valid request is never refused with a 400."""
    client, _ = feed
    unknown = client.get(BASE + "/service_at_locations", params={"postcode": "ZZ9 9ZZ"})
    assert unknown.status_code == 404 and "ZZ9 9ZZ" in unknown.json()["error"]["message"]
    alone = client.get(BASE + "/service_at_locations", params={"proximity": "500"})
    assert alone.status_code == 200
    assert alone.json()["total_items"] == client.get(BASE + "/service_at_locations").json()["total_items"]
