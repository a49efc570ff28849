"""The JSON API on the real bundled data: shapes, filters, pagination, and 4xx for bad requests."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from healthassets.app import create_app

pytestmark = [pytest.mark.db, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


@pytest.fixture(scope="module")
def client(loaded_engine: Engine) -> TestClient:
    return TestClient(create_app(loaded_engine))


def test_search_areas(client: TestClient) -> None:
    body = client.get("/api/v1/areas", params={"q": "oldh"}).json()
    assert body["areas"][0]["code"] == "E08000004"
    ltlas = client.get("/api/v1/areas", params={"type": "ltla", "limit": 500}).json()["areas"]
    assert len(ltlas) > 300 and {a["type"] for a in ltlas} <= {
        "unitary",
        "metropolitan",
        "london-borough",
        "district",
    }


def test_area_with_parents_and_children(client: TestClient) -> None:
    body = client.get("/api/v1/areas/e08000004").json()
    assert body["name"] == "Oldham" and [p["code"] for p in body["parents"]][:1] == ["E12000002"]
    children = client.get("/api/v1/areas/E08000004/children", params={"type": "msoa"}).json()["children"]
    assert children and all(c["type"] == "msoa" for c in children)


def test_indicator_metadata(client: TestClient) -> None:
    indicators = client.get("/api/v1/indicators").json()["indicators"]
    assert len(indicators) >= 38
    one = client.get("/api/v1/indicators/93701").json()
    assert one["definition"] and one["polarity"] == "Low is good" and one["copyright"]


def test_values_filtered_and_paginated(client: TestClient) -> None:
    first = client.get("/api/v1/values", params={"indicator": 93701, "area_type": "ltla", "size": 50}).json()
    assert first["total_items"] == 175 and first["total_pages"] == 4 and first["first_page"]
    assert len(first["values"]) == 50 and {v["indicator_id"] for v in first["values"]} == {93701}
    last = client.get(
        "/api/v1/values", params={"indicator": 93701, "area_type": "ltla", "size": 50, "page": 4}
    ).json()
    assert last["last_page"] and len(last["values"]) == 25
    latest = client.get(
        "/api/v1/values", params={"indicator": 93701, "area": "E08000004", "latest": True}
    ).json()
    assert [v["period"] for v in latest["values"]] == ["2022/23"]


def test_missing_values_are_null(client: TestClient) -> None:
    values = client.get("/api/v1/values", params={"indicator": 93553, "area": "E08000004"}).json()["values"]
    assert values[0]["lower95_0cl"] is None


def test_profile(client: TestClient) -> None:
    body = client.get("/api/v1/areas/E08000004/profile").json()
    assert [c["code"] for c in body["comparators"]] == ["E92000001", "E12000002"]
    assert {"england_benchmark", "region_benchmark", "trend"} <= set(body["indicators"][0])


@pytest.mark.parametrize(
    "url, status, parameter",
    [
        ("/api/v1/areas/E99999999", 404, None),
        ("/api/v1/areas/bad$code", 400, "code"),
        ("/api/v1/areas?q=" + "x" * 50_000, 400, "q"),
        ("/api/v1/areas?type=planet", 400, "type"),
        ("/api/v1/areas?q=x&limit=0", 400, "limit"),
        ("/api/v1/indicators/1", 404, None),
        ("/api/v1/indicators/abc", 400, "indicator_id"),
        ("/api/v1/values", 400, "indicator"),
        ("/api/v1/values?indicator=93701&period=last%20year", 400, "period"),
        ("/api/v1/values?indicator=abc", 400, "indicator.0"),
        ("/api/v1/values?indicator=93701&page=0", 400, "page"),
        ("/api/v1/values?indicator=93701&size=100000", 400, "size"),
        ("/api/v1/values?indicator=93701&area_type=planet", 400, "area_type"),
        ("/api/v1/values?indicator=93701&area=x$", 400, "area.0"),
        ("/api/v1/values?indicator=93701&area=12345", 400, "area.0"),  # a number, not a code
        ("/api/v1/areas/E99999999/profile", 404, None),
    ],
)
def test_errors_are_json_4xx(client: TestClient, url: str, status: int, parameter: str | None) -> None:
    response = client.get(url)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["message"]
    if parameter:
        assert error["parameter"] == parameter


def test_openapi_and_cors(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/v1/areas", "/api/v1/values", "/api/v1/indicators/{indicator_id}"} <= set(spec["paths"])
    response = client.get("/api/v1/indicators", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"


def test_parent_means_within_at_any_depth(client: TestClient) -> None:
    """All 35 North West districts and unitaries, the 12 Lancashire districts under the county too."""
    body = client.get(
        "/api/v1/values",
        params={"indicator": 93701, "parent": "E12000002", "area_type": "ltla", "latest": True},
    ).json()
    assert body["total_items"] == len(body["values"]) == 35
    assert {"E07000117", "E07000128"} <= {v["area_code"] for v in body["values"]}  # Burnley, Wyre
    spec = client.get("/openapi.json").json()
    parent = next(p for p in spec["paths"]["/api/v1/values"]["get"]["parameters"] if p["name"] == "parent")
    assert "any depth" in parent["description"]


def test_values_need_an_indicator_and_link_their_pages(client: TestClient) -> None:
    """An unfiltered request (about 7 s of work before) is refused; pages link to their neighbours."""
    assert client.get("/api/v1/values").status_code == 400
    assert client.get("/api/v1/values", params={"indicator": list(range(1, 12))}).status_code == 400
    body = client.get("/api/v1/values", params={"indicator": 93701, "size": 100, "page": 2}).json()
    links = body["links"]
    assert body["total_pages"] == 3 and "page=2" in links["self"] and "indicator=93701" in links["next"]
    assert "page=3" in links["next"] and "page=1" in links["prev"] and "page=3" in links["last"]
    last = client.get(links["last"]).json()
    assert last["links"]["next"] is None and len(last["values"]) == body["total_items"] - 200


def test_areas_without_a_search_list_the_regions(client: TestClient) -> None:
    areas = client.get("/api/v1/areas").json()["areas"]
    assert len(areas) == 9 and {a["type"] for a in areas} == {"region"}


def test_other_methods_are_405_with_allow(client: TestClient) -> None:
    for path in ("/api/v1/areas/E08000004", "/openreferral/services"):
        response = client.request("TRACE", path)
        assert response.status_code == 405 and "GET" in response.headers["allow"]
        assert response.json()["error"]["message"]


def test_too_long_searches_are_400(client: TestClient) -> None:
    long = "x" * 50_000
    assert client.get("/api/v1/areas", params={"q": long}).status_code == 400
    assert client.get("/openreferral/services", params={"search": long}).status_code == 400


def test_small_areas_are_listed_within_a_county_or_smaller(client: TestClient) -> None:
    """England's 35,000 LSOAs (about 4 MB, 5 s) are not one answer; a district's are."""
    assert client.get("/api/v1/areas/E92000001/children", params={"type": "lsoa"}).status_code == 404
    lsoas = client.get("/api/v1/areas/E08000004/children", params={"type": "lsoa"}).json()["children"]
    assert len(lsoas) > 100 and {a["type"] for a in lsoas} == {"lsoa"}
    first = client.get("/api/v1/areas", params={"type": "lsoa", "limit": 5}).json()["areas"]
    assert [a["name"] for a in first] == sorted(a["name"] for a in first) and len(first) == 5


def test_wards_are_listed_with_their_authority_and_approximate_boundaries(client: TestClient) -> None:
    parks = client.get("/api/v1/areas", params={"q": "Park", "type": "ward", "limit": 100}).json()["areas"]
    assert len(parks) > 50 and all(a["type"] == "ward" and a["parent"]["type"] != "ward" for a in parks)
    named = [a for a in parks if a["name"] == "Park"]  # 16 wards called "Park", each in another authority
    assert len(named) == 16 and len({a["parent"]["code"] for a in named}) == 16
    children = client.get("/api/v1/areas/E08000004/children", params={"type": "ward"}).json()["children"]
    assert len(children) == 20 and {c["parent"]["code"] for c in children} == {"E08000004"}
    assert (
        client.get("/api/v1/areas", params={"type": "ward"}).status_code == 404
    )  # too many without a parent
    shapes = client.get("/api/v1/boundaries", params={"area_type": "ward", "parent": "E08000004"}).json()
    assert len(shapes["features"]) == 20
    assert {f["properties"]["approximate"] for f in shapes["features"]} == {
        "approximate (built from best-fit LSOAs)"
    }
    # an inactive predecessor is found by code but is in no list
    assert client.get("/api/v1/areas/E07000026").json()["parents"] == []
    assert "E07000026" not in {
        a["code"]
        for a in client.get("/api/v1/areas", params={"type": "district", "limit": 500}).json()["areas"]
    }
