import csv
import io

import pytest
from fastapi.testclient import TestClient

from healthassets.indicators.profile_definitions import bundled_profiles
from healthassets.io.fingertips_csv import FINGERTIPS_COLUMNS

pytestmark = pytest.mark.db


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_home_has_search_form_and_browse(site: TestClient) -> None:
    page = site.get("/")
    assert page.status_code == 200
    assert 'action="/search"' in page.text and 'id="search-q"' in page.text and 'name="q"' in page.text
    assert "/search?type=ltla" in page.text
    assert "profile=health-assets&" in page.text or 'profile=health-assets"' in page.text
    assert "<title>" in page.text and 'class="govuk-skip-link"' in page.text
    assert "Open Government Licence" in page.text


def test_search_lists_areas_with_type_and_parent(site: TestClient) -> None:
    page = site.get("/search?q=oldh")
    assert page.status_code == 200
    assert 'id="search-results"' in page.text
    assert 'href="/areas/E08000004"' in page.text
    assert "Metropolitan district" in page.text and "North West Region" in page.text


def test_empty_search_shows_error_summary(site: TestClient) -> None:
    page = site.get("/search?q=")
    assert page.status_code == 200
    assert "govuk-error-summary" in page.text


def test_browse_by_type_paginates(site: TestClient) -> None:
    first = site.get("/search?type=lsoa")
    assert first.status_code == 200 and "govuk-pagination" in first.text
    assert site.get("/search?type=nonsense").status_code == 200


def test_area_profile_groups_domains_with_benchmarks(site: TestClient) -> None:
    page = site.get("/areas/E08000004?profile=needs")
    assert page.status_code == 200
    text = page.text
    assert "<h1" in text and "Oldham" in text
    needs = next(p for p in bundled_profiles() if p.slug == "needs")
    assert text.count('class="govuk-table ha-profile-table"') == len(needs.domains)
    assert 'id="comparator-form"' in text and 'value="region"' in text
    assert 'id="radar"' in text and 'id="spine-1"' in text
    assert "Worse" in text and "ha-benchmark" in text
    assert 'href="/indicators/93701?area=E08000004' in text


def test_switching_comparator_changes_the_benchmarks(site: TestClient) -> None:
    england = site.get("/areas/E08000004?comparator=england").text
    region = site.get("/areas/E08000004?comparator=region").text
    assert england != region
    assert "Benchmarked against <strong>North West Region</strong>" in region


def test_indicator_page_has_charts_map_and_metadata(site: TestClient) -> None:
    page = site.get("/indicators/93015?area=E08000004")
    assert page.status_code == 200
    for anchor in ('id="bar-chart"', 'id="trend-chart"', 'id="map"', 'id="choropleth"', 'id="metadata"'):
        assert anchor in page.text
    assert 'id="download-csv"' in page.text
    assert "Definition" in page.text


def test_indicator_csv_is_in_fingertips_layout(site: TestClient) -> None:
    response = site.get("/indicators/93015/data.csv?area_type=ltla")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = rows_of(response.text)
    assert list(rows[0])[:5] == list(FINGERTIPS_COLUMNS)[:5]
    assert {r["Indicator ID"] for r in rows} == {"93015"}
    assert len(rows) == 35
    assert {r["Compared to England value or percentiles"] for r in rows} <= {"Better", "Similar", "Worse"}


def test_suppressed_values_are_never_zero(site: TestClient) -> None:
    # 92033 has rows without a value and disclosure control in its metadata
    response = site.get("/compare/data.csv?areas=E08000004,E06000008,E08000001&indicators=92033,91040")
    rows = rows_of(response.text)
    suppressed = [r for r in rows if "suppressed" in r["Value note"]]
    for row in suppressed:
        assert row["Value"] == "" and row["Count"] == "" and row["Lower CI 95.0 limit"] == ""


def test_chart_downloads(site: TestClient) -> None:
    svg = site.get("/indicators/93015/charts/bar.svg?area_type=ltla")
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert svg.content.lstrip().startswith(b"<svg")
    png = site.get("/areas/E08000004/charts/radar.png?profile=needs")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    spec = site.get("/areas/E08000004/charts/spine-1.json")
    assert spec.status_code == 200 and "layer" in spec.json()
    assert site.get("/areas/E08000004/charts/spine-99.svg").status_code == 404
    assert site.get("/indicators/93015/charts/map.gif").status_code == 404


def test_map_geojson_carries_benchmark_colours(site: TestClient) -> None:
    data = site.get("/indicators/93015/map.geojson?area_type=ltla").json()
    assert len(data["features"]) == 35
    first = data["features"][0]["properties"]
    assert {"code", "name", "value_text", "benchmark", "colour", "url"} <= set(first)


def test_accessible_palette_changes_colours(site: TestClient) -> None:
    normal = site.get("/areas/E08000004").text
    accessible = site.get("/areas/E08000004?palette=accessible").text
    assert "#C00000" in normal and "#C00000" not in accessible and "#D55E00" in accessible


def test_compare_tartan_rug(site: TestClient) -> None:
    page = site.get("/compare?areas=E08000004,E08000003&indicators=93015&indicators=90453")
    assert page.status_code == 200 and 'class="govuk-table ha-rug"' in page.text
    # 2 indicators × (England, North West, Oldham, Manchester)
    assert page.text.count("ha-rug__cell") == 8
    rug = site.get("/compare/charts/rug.svg?areas=E08000004&indicators=93015")
    assert rug.status_code == 200


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/areas/E99999999", 404),
        ("/areas/not-a-code!", 404),
        ("/areas/E08000004?comparator=moon", 400),
        ("/indicators/1", 404),
        ("/indicators/abc", 400),
        ("/indicators/93015?period=1066", 400),
        ("/indicators/93015?area_type=planet", 400),
        ("/indicators/9000001?area_type=lsoa", 400),
        ("/compare?areas=E08000004&indicators=x1", 400),
        ("/compare?areas=E08000004&indicators=123456789", 400),
        ("/compare?areas=ZZ&indicators=93015", 400),  # typed text that names no area
        ("/compare?areas=E99999999&indicators=93015", 404),
        ("/no/such/page", 404),
    ],
)
def test_user_mistakes_get_html_errors_not_500(site: TestClient, path: str, status: int) -> None:
    response = site.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert "govuk-heading-l" in response.text


def test_api_errors_stay_json(site: TestClient) -> None:
    response = site.get("/api/v1/areas/E99999999")
    assert response.status_code == 404 and "error" in response.json()


def test_pages_are_cached_until_data_changes(site: TestClient) -> None:
    cache = site.app.state.page_cache  # type: ignore[attr-defined]
    site.get("/areas/E08000003")
    size = len(cache.entries)
    site.get("/areas/E08000003")
    assert len(cache.entries) == size
    assert any("E08000003" in key[0] for key in cache.entries)


def test_api_values_carry_disclosure_status(site: TestClient) -> None:
    body = site.get("/api/v1/values?indicator=92033&area_type=ltla&size=1000").json()
    statuses = {v["value_status"] for v in body["values"]}
    assert statuses <= {"value", "suppressed", "no value"}
    for value in body["values"]:
        if value["value_status"] != "value":
            assert value["value"] is None and value["count"] is None


def test_compare_shows_every_areas_value(site: TestClient) -> None:
    rows = rows_of(site.get("/compare/data.csv?areas=E08000004,E08000003,E08000001&indicators=93015").text)
    # the areas and the comparator the page shows with a value (England; the North West has no
    # value of 93015: not every district has the counts to aggregate)
    assert sorted(r["Area Code"] for r in rows) == ["E08000001", "E08000003", "E08000004", "E92000001"]
    assert all(r["Value"] for r in rows)
