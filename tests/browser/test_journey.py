"""The journey of issue 4's "Done when", in Chromium, in English and in Welsh.

Type part of a name on the home page → pick Oldham from the autocomplete → its profile → switch the
comparator to the region → open an indicator → open its map tab and scroll to the map (Leaflet draws the
district polygons) → download the indicator's CSV and check its Fingertips header and that its rows are
that indicator's.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db]

OLDHAM = "E08000004"
#: the columns of a Fingertips data download (fingertips.phe.org.uk, "Export data" CSV), in this order
FINGERTIPS_COLUMNS = [
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
]


def query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def assert_language(page: Any, lang: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert query(page).get("lang", ["en"]) == [lang], page.url


def comparator_heading(page: Any) -> str:
    """The profile tables' comparator column header (the comparator area's name)."""
    return str(page.locator("table.ha-profile-table").first.locator("thead th").nth(5).inner_text()).strip()


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_find_profile_compare_indicator_map_download(page: Any, lang: str, tmp_path: Path) -> None:
    page.goto("/" if lang == "en" else "/?lang=cy")
    assert_language(page, lang)

    # find the area by typing part of its name; the accessible autocomplete lists it
    page.locator("#search-q").press_sequentially("Oldh", delay=40)
    option = page.locator("#search-q__listbox [role=option]", has_text="Oldham").first
    expect(option).to_be_visible()
    option.click()
    page.wait_for_url(re.compile(rf"/areas/{OLDHAM}"))
    assert_language(page, lang)
    expect(page.locator("h1")).to_have_text("Oldham")
    expect(page.locator("table.ha-profile-table").first).to_be_visible()
    expect(page.locator("#profile-switcher [aria-current=page]")).to_have_attribute(
        "href", re.compile("health-assets")
    )

    # switch to the Needs profile (links: the state stays in the URL)
    page.locator('#profile-switcher a[href*="profile=needs"]').click()
    page.wait_for_url(re.compile(r"profile=needs"))
    assert_language(page, lang)
    expect(page.locator("#radar")).to_be_visible()

    # switch the comparator to the region
    before = comparator_heading(page)
    form = page.locator("#comparator-form")
    form.locator("input[name=comparator][value=region]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"profile=needs&comparator=region"))
    assert_language(page, lang)
    expect(page.locator("#comparator-form input[name=comparator][value=region]")).to_be_checked()
    after = comparator_heading(page)
    assert after and after != before, f"comparator column still {before!r}"

    # open an indicator from the profile
    link = page.locator('table.ha-profile-table a[href^="/indicators/"]').first
    indicator_id = re.search(r"/indicators/(\d+)", str(link.get_attribute("href"))).group(1)  # type: ignore[union-attr]
    link.click()
    page.wait_for_url(re.compile(rf"/indicators/{indicator_id}"))
    assert_language(page, lang)
    for figure in ("#bar-chart", "#trend-chart", "#metadata"):
        expect(page.locator(figure)).to_be_attached()

    # open the map (a tab) and scroll to it: Leaflet draws a polygon per area, beside a legend
    page.locator('a.govuk-tabs__tab[href="#map"]').click()
    page.locator("#choropleth").scroll_into_view_if_needed()
    polygons = page.locator("#choropleth path.leaflet-interactive")
    expect(polygons.first).to_be_visible()
    assert polygons.count() >= 2
    expect(page.locator("#map .ha-legend").first).to_be_visible()

    # download the CSV: the Fingertips columns, rows of this indicator only, Oldham among them
    with page.expect_download() as download_info:
        page.locator("a#download-csv").click()
    target = tmp_path / "download.csv"
    download_info.value.save_as(target)
    header, rows = read_csv(target)
    assert header[: len(FINGERTIPS_COLUMNS)] == FINGERTIPS_COLUMNS
    assert rows, "the CSV has no rows"
    assert {row["Indicator ID"] for row in rows} == {indicator_id}
    assert OLDHAM in {row["Area Code"] for row in rows}
