from __future__ import annotations

import csv
import io
from typing import Any

OLDHAM = "E08000004"


def test_the_page_shows_groups_map_chart_and_priority_areas(site: Any) -> None:
    page = site.get(f"/areas/{OLDHAM}/assets-and-needs")
    assert page.status_code == 200
    html = page.text
    for marker in (
        'id="quadrant-summary"',
        'id="choropleth"',
        'id="scatter"',
        'id="priority-heading"',
        'id="assets-needs-table"',
        "Priority: high need, low assets",
        "The cuts are relative",
    ):
        assert marker in html, marker
    assert "distance to the nearest park" in html  # the register is not loaded: says what stands in
    assert site.get(f"/areas/{OLDHAM}").text.count(f"/areas/{OLDHAM}/assets-and-needs") == 1


def test_csv_geojson_and_api_carry_the_same_rows(site: Any) -> None:
    rows = list(csv.DictReader(io.StringIO(site.get(f"/areas/{OLDHAM}/assets-and-needs/data.csv").text)))
    api = site.get(f"/api/v1/areas/{OLDHAM}/assets-and-needs").json()
    geo = site.get(f"/areas/{OLDHAM}/assets-and-needs/map.geojson").json()
    assert len(rows) == len(api["rows"]) == len(geo["features"]) > 100
    assert [r["area_code"] for r in rows] == [r["area_code"] for r in api["rows"]]
    by_code = {r["area_code"]: r for r in api["rows"]}
    for feature in geo["features"][:20]:
        assert feature["properties"]["quadrant"] == by_code[feature["properties"]["code"]]["quadrant"]
    assert api["need"]["indicator_id"] == 9_000_001 and api["compared"] == sum(
        1 for r in rows if r["quadrant"]
    )
    assert "/api/v1/areas/{code}/assets-and-needs" in site.get("/openapi.json").json()["paths"]


def test_choices_stay_in_the_url_and_nonsense_is_a_clear_400(site: Any) -> None:
    wards = site.get(f"/areas/{OLDHAM}/assets-and-needs?level=ward&cut=tercile&lang=cy")
    assert wards.status_code == 200 and '<html lang="cy"' in wards.text
    assert 'value="ward" selected' in wards.text and 'value="tercile" selected' in wards.text
    for query in ("need=abc", "level=region", "cut=sixths", "need=9220000"):
        response = site.get(f"/areas/{OLDHAM}/assets-and-needs?{query}")
        assert response.status_code == 400 and "Traceback" not in response.text, query
    api = site.get(f"/api/v1/areas/{OLDHAM}/assets-and-needs?cut=sixths")
    assert api.status_code == 400 and api.json()["error"]["parameter"] == "cut"
    assert site.get("/areas/E01005357/assets-and-needs").status_code == 404


def test_priority_areas_are_listed_highest_need_first(site: Any) -> None:
    """Found in the report: priority areas came in the table's order, not by need."""
    import re

    html = site.get(f"/areas/{OLDHAM}/assets-and-needs").text
    table = html.split('id="priority-areas"')[1].split("</table>")[0]
    rows = table.split('<tr class="govuk-table__row">')[2:]  # after the header row
    ranks = [int(re.findall(r'numeric">([^<]*)</td>', row)[1]) for row in rows]
    assert len(ranks) > 3 and ranks == sorted(ranks)
