"""What the pages show, checked against the JSON API on the same data; every chart's downloads work."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db]

AREAS = ["E08000004", "E08000003", "E08000001"]
INDICATORS = ["93015", "90453"]
PAGES_WITH_CHARTS = [
    "/areas/E08000004",
    "/indicators/93015?area_type=ltla&parent=E12000002&area=E08000004",
    "/compare?" + "&".join([*(f"areas={a}" for a in AREAS), *(f"indicators={i}" for i in INDICATORS)]),
]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def latest_values(page: Any, live_server: str, indicator: str) -> dict[str, float]:
    """The API's latest persons value of ``indicator`` per district (one breakdown per area)."""
    body = page.request.get(
        f"{live_server}/api/v1/values",
        params={"indicator": indicator, "area_type": "ltla", "latest": "true", "size": "1000"},
    ).json()
    return {v["area_code"]: v["value"] for v in body["values"] if v["value"] is not None}


def test_search_lists_areas_with_type_and_parent(page: Any, live_server: str) -> None:
    page.goto("/search?q=man")
    links = page.locator("#search-results li a")
    expect(links.first).to_be_visible()
    hrefs = [str(h) for h in links.evaluate_all("links => links.map(a => a.getAttribute('href'))")]
    api = page.request.get(f"{live_server}/api/v1/areas", params={"q": "man", "limit": "500"}).json()
    assert "/areas/E08000003" in hrefs  # Manchester
    assert {h.rsplit("/", 1)[-1] for h in hrefs} <= {a["code"] for a in api["areas"]} | {""}
    described = page.locator("#search-results li").first.inner_text()
    assert "·" in described  # name, then type · code · parent


def test_tartan_rug_shows_each_areas_latest_value(page: Any, live_server: str) -> None:
    """A rug cell holds the area's value whenever the API has one for the latest period."""
    page.goto(PAGES_WITH_CHARTS[2])
    rug = page.locator("table.ha-rug")
    expect(rug).to_be_visible()
    headers = rug.locator("thead th a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    codes = [str(h).split("/areas/")[1].split("?")[0] for h in headers]
    # the comparator columns (England, then the areas' regions) come first
    assert codes[0] == "E92000001" and codes[-len(AREAS) :] == AREAS
    rows = rug.locator("tbody tr")
    assert rows.count() == len(INDICATORS)
    for row_number, indicator in enumerate(INDICATORS):
        cells = rows.nth(row_number).locator("td").all_inner_texts()
        values = latest_values(page, live_server, indicator)
        for code, cell in zip(codes, cells, strict=True):
            if code in values:
                shown = cell.split()[0]
                assert shown == f"{values[code]:.1f}", f"indicator {indicator}, {code}: rug {cell!r}"


def test_profile_has_a_spine_chart_per_domain_with_data(page: Any) -> None:
    """Each domain with indicator rows has its spine chart; the radar sits above the domains."""
    page.goto("/areas/E08000004?profile=needs")
    sections = page.locator("section[aria-labelledby^='domain-']")
    assert sections.count() >= 3
    with_rows = 0
    for index in range(sections.count()):
        section = sections.nth(index)
        rows = section.locator("table.ha-profile-table tbody tr").count()
        if rows:
            with_rows += 1
            figure = section.locator("figure.ha-chart[id^='spine-']")
            expect(figure).to_have_count(1)
            expect(figure.locator("svg").first).to_be_visible()
    assert with_rows >= 3
    expect(page.locator("#radar svg").first).to_be_visible()


@pytest.mark.parametrize("path", PAGES_WITH_CHARTS)
def test_every_chart_has_svg_png_and_csv_downloads(page: Any, live_server: str, path: str) -> None:
    page.goto(path)
    figures = page.locator("figure.ha-chart")
    for index in range(figures.count()):
        assert figures.nth(index).locator(".ha-chart__actions").count() == 1, f"{path}: figure {index}"
    actions = page.locator(".ha-chart__actions")  # charts, the map and the tartan rug
    assert actions.count() >= 1
    fetched: set[str] = set()
    for index in range(actions.count()):
        for kind, check in (("svg", is_svg), ("png", is_png), ("csv", is_csv)):
            link = actions.nth(index).locator(f"a.ha-download-{kind}")
            assert link.count() == 1, f"{path}: chart {index} has no {kind} download"
            href = str(link.get_attribute("href"))
            if href in fetched or (kind == "png" and index > 0):  # PNG rendering is slow: the first one
                continue
            fetched.add(href)
            response = page.request.get(live_server + href)
            assert response.status == 200, f"{href}: HTTP {response.status}"
            assert check(response.headers.get("content-type", ""), response.body()), href


def is_svg(content_type: str, body: bytes) -> bool:
    return content_type.startswith("image/svg+xml") and b"<svg" in body[:500]


def is_png(content_type: str, body: bytes) -> bool:
    return content_type.startswith("image/png") and body.startswith(PNG_SIGNATURE)


def is_csv(content_type: str, body: bytes) -> bool:
    header = body.decode("utf-8-sig").splitlines()[0]
    return content_type.startswith("text/csv") and header.startswith("Indicator ID,Indicator Name,")


def test_suppressed_values_are_never_shown_as_numbers(page: Any, live_server: str) -> None:
    """Disclosure control everywhere: a value the API marks suppressed reads as suppressed (a word, no
    number) in the profile, the indicator's table and map, and is empty in the CSV download."""
    indicator = "30302"  # hepatitis B vaccination coverage: small-number suppression in 2023/24
    body = page.request.get(
        f"{live_server}/api/v1/values",
        params={"indicator": indicator, "parent": "E12000002", "area_type": "ltla", "latest": "true"},
    ).json()
    suppressed = [v for v in body["values"] if v["value_status"] == "suppressed"]
    assert suppressed, "the bundled data has suppressed values for this indicator"
    area, name = suppressed[0]["area_code"], suppressed[0]["area_name"]
    assert suppressed[0]["value"] is None and suppressed[0]["count"] is None

    def no_number(text: str) -> bool:
        return text.strip() != "" and not any(character.isdigit() for character in text)

    page.goto(f"/areas/{area}")
    row = page.locator(
        "table.ha-profile-table tbody tr", has=page.locator(f'a[href^="/indicators/{indicator}"]')
    )
    expect(row).to_have_count(1)
    cells = row.locator("td").all_inner_texts()  # period, count, value, CI, comparator, …
    assert no_number(cells[2]) and cells[1].strip() == "" and cells[3].strip() == "", cells

    page.goto(f"/indicators/{indicator}?area_type=ltla&parent=E12000002&area={area}")
    row = page.locator("#values-table tbody tr", has=page.locator(f'a[href^="/areas/{area}"]'))
    cells = row.first.locator("td").all_inner_texts()  # count, value, CI, benchmark
    assert no_number(cells[1]) and cells[0].strip() == "" and cells[2].strip() == "", cells
    page.locator('a.govuk-tabs__tab[href="#map"]').click()
    shape = page.locator(f'#choropleth path[aria-label^="{name}"]')
    expect(shape).to_have_count(1)
    label = str(shape.get_attribute("aria-label")).removeprefix(name)
    assert not any(character.isdigit() for character in label), label

    with page.expect_download() as download_info:
        page.locator("a#download-csv").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["Area Code"] == area]
    assert rows and all(
        r["Value"] == "" and r["Count"] == "" and r["Lower CI 95.0 limit"] == "" for r in rows
    )
