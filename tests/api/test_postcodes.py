"""``/api/v1/postcodes/{postcode}`` and ``/api/v1/search``: postcodes as typed, areas by every name."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from healthassets.app import create_app

pytestmark = [pytest.mark.db, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


@pytest.fixture(scope="module")
def client(loaded_engine: Engine) -> TestClient:
    return TestClient(create_app(loaded_engine))


@pytest.mark.parametrize("typed", ["OL11AA", "ol1 1aa", "OL1  1AA", " ol1 1aa "])
def test_a_postcode_and_its_areas(client: TestClient, typed: str) -> None:
    response = client.get(f"/api/v1/postcodes/{typed}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["postcode"] == "OL1 1AA" and body["latitude"] == pytest.approx(53.5415, abs=1e-3)
    assert body["lsoa"]["code"] == "E01005427" and body["msoa"]["code"] == "E02001119"
    assert body["msoa"]["alt_name"] == "Alexandra Park" and body["msoa"]["authority"]["code"] == "E08000004"
    assert body["ward_code"] == body["ward"]["code"] == "E05014663" and body["best_fit_ward"] is None
    assert body["authority"]["code"] == "E08000004" and body["nearest_assets"] == []  # no register loaded


def test_a_postcode_whose_lsoa_best_fits_another_ward(client: TestClient) -> None:
    body = client.get("/api/v1/postcodes/BL00BW").json()
    assert body["ward"]["code"] == "E05014163" and body["best_fit_ward"]["code"] == "E05014158"


def test_unknown_and_malformed_postcodes(client: TestClient) -> None:
    outside = client.get("/api/v1/postcodes/SW1A1AA")
    assert outside.status_code == 404
    error = outside.json()["error"]
    assert (
        error["message"]
        == "postcode SW1A 1AA is not in the bundled postcode lookup (Greater Manchester only)"
    )
    malformed = client.get("/api/v1/postcodes/oldham")
    assert malformed.status_code == 400 and malformed.json()["error"]["parameter"] == "postcode"


def test_the_schema_gives_the_postcode_pattern(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    parameter = spec["paths"]["/api/v1/postcodes/{postcode}"]["get"]["parameters"][0]
    assert parameter["name"] == "postcode" and parameter["schema"]["pattern"].startswith(
        "^ *[A-Za-z]{1,2}[0-9]"
    )
    assert "404" in spec["paths"]["/api/v1/postcodes/{postcode}"]["get"]["responses"]


def test_search_suggests_postcodes_and_areas(client: TestClient) -> None:
    postcodes = client.get("/api/v1/search", params={"q": "ol1 1a", "limit": 3}).json()
    assert [p["path"] for p in postcodes["postcodes"]] == [
        "/postcodes/" + p["postcode"].replace(" ", "") for p in postcodes["postcodes"]
    ]
    assert len(postcodes["postcodes"]) == 3 and all(
        p["postcode"].startswith("OL1 1A") for p in postcodes["postcodes"]
    )
    wards = client.get("/api/v1/search", params={"q": "Werneth, Oldham"}).json()["areas"]
    assert wards[0]["code"] == "E05014665" and wards[0]["authority"]["name"] == "Oldham"
    welsh = client.get("/api/v1/search", params={"q": "Ynys Mon", "lang": "cy"}).json()["areas"]
    assert welsh[0]["name_cy"] == "Ynys Môn" and welsh[0]["type_name"] != "Unitary authority"
    assert (
        client.get("/api/v1/search", params={"q": "Caergybi"}).json()["areas"][0]["alt_name_cy"] == "Caergybi"
    )
    assert client.get("/api/v1/search", params={"q": "zzqxv"}).json() == {"postcodes": [], "areas": []}
    assert client.get("/api/v1/search").status_code == 400


def test_area_search_is_accent_insensitive(client: TestClient) -> None:
    areas = client.get("/api/v1/areas", params={"q": "ynys mon", "limit": 1}).json()["areas"]
    assert [a["code"] for a in areas] == ["W06000001"]
