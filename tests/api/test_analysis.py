import pytest
from fastapi.testclient import TestClient

from healthassets.indicators.profile_definitions import bundled_profiles

pytestmark = pytest.mark.db


def test_profiles_and_domains(site: TestClient) -> None:
    """The API lists every bundled profile, each with its definition's domains (keys, names, the
    indicators the store holds, in order, and their placements)."""
    bundled = {p.slug: p for p in bundled_profiles()}
    profiles = site.get("/api/v1/profiles").json()["profiles"]
    assert {p["slug"]: p["name"] for p in profiles} == {s: p.name for s, p in bundled.items()}
    body = site.get("/api/v1/profiles/health-assets").json()
    definition = bundled["health-assets"]
    assert [d["key"] for d in body["domains"]] == [d.key for d in definition.domains]
    known = {i for d in body["domains"] for i in d["indicators"]}
    first = definition.domains[0]
    assert body["domains"][0]["indicators"] == [i for i in first.indicators if i in known]
    placed = {
        e.id: e.placement for d in definition.domains for e in d.entries if e.placement and e.id in known
    }
    assert {p["indicator"]: p["placement"] for d in body["domains"] for p in d["placements"]} == placed
    assert site.get("/api/v1/profiles/nope").status_code == 404


def test_the_retired_profile_redirects_to_its_successor(site: TestClient) -> None:
    moved = site.get("/api/v1/profiles/health-assets-demo?lang=cy", follow_redirects=False)
    assert moved.status_code == 301
    assert moved.headers["location"] == "/api/v1/profiles/health-assets?lang=cy"
    assert site.get(moved.headers["location"]).json()["slug"] == "health-assets"


def test_benchmarks_of_an_indicator(site: TestClient) -> None:
    body = site.get("/api/v1/benchmarks?indicator=93015&area_type=ltla").json()
    assert body["comparator"]["code"] == "E92000001" and body["period"] == "2022/23"
    rows = body["benchmarks"]
    assert len(rows) == 35 and {r["benchmark"] for r in rows} <= {"Better", "Similar", "Worse"}
    worse = [r for r in rows if r["benchmark"] == "Worse"]
    assert all(r["lower95_0cl"] > body["comparator_value"] for r in worse)  # low is good


def test_trends_published_or_computed(site: TestClient) -> None:
    rows = site.get("/api/v1/trends?indicator=93015&area_type=ltla").json()["trends"]
    assert len(rows) == 35
    assert {r["source"] for r in rows} <= {"published", "computed"}
    assert all(isinstance(r["trend"], str) and r["trend"] for r in rows)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/benchmarks",
        "/api/v1/benchmarks?indicator=93015&period=1999x",
        "/api/v1/benchmarks?indicator=93015&area_type=moon",
        "/api/v1/benchmarks?indicator=93015&parent=$$",
        "/api/v1/trends?indicator=abc",
        "/api/v1/trends?indicator=93015&area=!!",
    ],
)
def test_bad_parameters_are_400_json(site: TestClient, path: str) -> None:
    response = site.get(path)
    assert response.status_code == 400
    assert "message" in response.json()["error"]


def test_unknowns_are_404_json(site: TestClient) -> None:
    assert site.get("/api/v1/trends?indicator=1").status_code == 404
    assert site.get("/api/v1/benchmarks?indicator=1").status_code == 404
    assert site.get("/api/v1/benchmarks?indicator=93015&parent=E99999999").status_code == 404


def test_openapi_lists_every_endpoint(site: TestClient) -> None:
    paths = site.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/areas",
        "/api/v1/profiles",
        "/api/v1/benchmarks",
        "/api/v1/trends",
        "/api/v1/values",
    ):
        assert path in paths
    assert not any(p.startswith("/areas") for p in paths)  # pages are not API


def test_small_area_benchmarks_need_a_county_or_smaller(site: TestClient) -> None:
    """LSOA benchmarks of a district are served; of no parent or of England (33,000 rows) not found."""
    wanted = {"indicator": 9000101, "area_type": "lsoa"}
    assert site.get("/api/v1/benchmarks", params=wanted).status_code == 404
    assert site.get("/api/v1/benchmarks", params={**wanted, "parent": "E92000001"}).status_code == 404
    body = site.get("/api/v1/benchmarks", params={**wanted, "parent": "E08000004"}).json()
    assert len(body["benchmarks"]) > 100
