"""Defects of the area profile found by trying it as a new user would (issue 9, part 4)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from healthassets.services.area_page import build_area_page

RADAR_TITLE = "Domain scores (this project&#39;s method) compared with England"


def test_all_areas_within_lists_every_area_within(site: TestClient, loaded_engine: object) -> None:
    page = site.get("/areas/E08000004").text  # Oldham: 34 LSOAs/MSOAs/wards directly within
    link = re.search(r'id="all-within" href="([^"]+)">[^(]*\((\d+)\)', page)
    assert link, "no 'All areas within' link"
    href, count = link.group(1).replace("&amp;", "&"), int(link.group(2))
    listing = site.get(href)
    assert listing.status_code == 200
    found = int(re.search(r'id="result-count">[^:]*: ([\d,]+)', listing.text).group(1).replace(",", ""))
    assert found == count > 30
    expected = {a.code for a in build_area_page(loaded_engine, "E08000004").children}  # type: ignore[arg-type]
    shown = set(re.findall(r'href="/areas/([EW]\d{8})"', listing.text))
    assert shown and shown <= expected and "E08000004" not in shown


def test_within_an_unknown_area_is_a_404_page(site: TestClient) -> None:
    response = site.get("/search?within=E99999999")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")


def test_no_comparator_is_said_plainly(site: TestClient) -> None:
    page = site.get("/areas/W06000015").text  # Cardiff: no Wales value to compare with in the bundled data
    note = re.search(r'id="benchmark-note">(.*?)</(p|div)>', page, re.S)
    assert note and "No benchmarks are shown" in note.group(1)
    assert "Benchmarked against" not in page and "<strong>—</strong>" not in page


def test_radar_only_with_three_scored_domains(site: TestClient, loaded_engine: object) -> None:
    oldham = build_area_page(loaded_engine, "E08000004", profile="needs")  # type: ignore[arg-type]
    lsoa = build_area_page(loaded_engine, "E01005123", profile="needs")  # type: ignore[arg-type]
    assert oldham.scored_domains >= 3 > lsoa.scored_domains
    assert RADAR_TITLE in site.get("/areas/E08000004?profile=needs").text
    assert RADAR_TITLE not in site.get("/areas/E01005123?profile=needs").text
    assert site.get("/areas/E08000004/charts/radar.svg?profile=needs").status_code == 200
    assert site.get("/areas/E01005123/charts/radar.svg?profile=needs").status_code == 404


def test_the_csv_carries_the_comparison_the_page_shows(site: TestClient, loaded_engine: object) -> None:
    import csv
    import io

    response = site.get("/areas/E08000004/data.csv?comparator=region")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    page = build_area_page(loaded_engine, "E08000004", comparator="region")  # type: ignore[arg-type]
    shown = [frame for _, frame in page.domains if len(frame)]
    expected = [label for frame in shown for label in frame["comparator_benchmark"].fillna("")]
    assert [r["Compared to Region value or percentiles"] for r in rows] == expected
    assert "Compared to Region value or percentiles" not in site.get("/areas/E08000004/data.csv").text


def test_a_replaced_authority_says_what_replaced_it(site: TestClient) -> None:
    page = site.get("/areas/E07000026").text  # Allerdale, part of Cumberland since April 2023
    banner = re.search(r'id="replaced".*?</div>\s*</div>', page, re.S)
    assert banner and 'href="/areas/E06000063"' in banner.group(0) and "1 April 2023" in banner.group(0)
    welsh = site.get("/areas/E10000006?lang=cy").text  # Cumbria: split in two
    banner = re.search(r'id="replaced".*?</div>\s*</div>', welsh, re.S)
    assert banner and "Disodlwyd yr ardal hon gan" in banner.group(0) and "1 Ebrill 2023" in banner.group(0)
    assert "/areas/E06000063" in banner.group(0) and "/areas/E06000064" in banner.group(0)


def test_a_successor_lists_the_areas_it_replaced(site: TestClient) -> None:
    page = site.get("/areas/E06000066").text  # Somerset
    section = re.search(r'<section id="predecessors".*?</section>', page, re.S)
    assert section, "no predecessors section"
    listed = set(re.findall(r'href="/areas/(E\d{8})"', section.group(0)))
    # the four districts and the county of 2023, and the two districts merged in 2019
    assert listed == {
        "E07000187",
        "E07000188",
        "E07000189",
        "E07000246",
        "E10000027",
        "E07000190",
        "E07000191",
    }
    assert (
        'id="replaced"' not in page and '<section id="predecessors"' not in site.get("/areas/E08000004").text
    )


def test_a_ward_shows_its_authority(site: TestClient) -> None:
    page = site.get("/areas/E05014657").text  # Royton South, Oldham
    part_of = re.search(r"Part of</h2>\s*<ul[^>]*>(.*?)</ul>", page, re.S)
    assert part_of and 'href="/areas/E08000004"' in part_of.group(1)
    assert "Electoral ward" in page
    found = site.get("/search?q=Park&type=ward").text  # "Park", "Parkfield", "Park End"…
    rows = re.findall(
        r'<li><a [^>]*href="/areas/(E05\d{6}|W05\d{6})"[^<]*</a>\s*<span[^>]*>(.*?)</span>', found, re.S
    )
    assert len(rows) > 20 and all(" in " in label for _code, label in rows)


# --- issue 10: profiles that say what they are, Welsh areas against Wales, the spider chart ------------


def test_a_welsh_authority_in_welsh_is_benchmarked_against_wales_with_its_spider_chart(
    welsh_site: TestClient,
) -> None:
    from healthassets.i18n import catalogue
    from tests.welsh_profile import ANGLESEY, INDICATORS, SLUG

    cy = catalogue("cy")
    page = welsh_site.get(f"/areas/{ANGLESEY}?profile={SLUG}&lang=cy")
    assert page.status_code == 200 and '<html lang="cy"' in page.text
    text = page.text.replace("&#39;", "'")
    assert "Ynys Môn" in text
    assert f"{cy['Benchmarked against']} <strong>Cymru</strong>" in text
    spider = re.search(r'<figure class="ha-chart" id="spider">(.*?)</figure>', text, re.S)
    assert spider and cy["Spider chart"] in spider.group(1)
    assert spider.group(1).count('<polygon class="series"') == 2  # Anglesey and Wales
    table = re.search(
        r'<table class="govuk-table ha-spider-table" id="spider-table">(.*?)</table>', text, re.S
    )
    assert table, "the spider chart's table"
    assert table.group(1).count('<tr class="govuk-table__row">') == len(INDICATORS) + 1  # with the header
    assert all(name in table.group(1) for _, name, _, _, _ in INDICATORS)
    assert cy["Not drawn"] in table.group(1)  # the no-judgement indicator
    assert "Life satisfaction is a personal asset." in text  # its placement
    switcher = re.search(r'<nav class="ha-profile-nav" id="profile-switcher"(.*?)</nav>', text, re.S)
    assert switcher and 'aria-current="page"' in switcher.group(1) and "lang=cy" in switcher.group(1)


def test_the_spider_chart_downloads(welsh_site: TestClient) -> None:
    from tests.welsh_profile import ANGLESEY, SLUG

    base = f"/areas/{ANGLESEY}/charts/spider"
    svg = welsh_site.get(f"{base}.svg?profile={SLUG}")
    assert svg.status_code == 200 and svg.content.lstrip().startswith(b"<svg")
    assert welsh_site.get(f"{base}.png?profile={SLUG}").content[:8] == b"\x89PNG\r\n\x1a\n"
    assert welsh_site.get(f"{base}.json?profile={SLUG}").json()["$schema"].startswith("https://vega")
    assert welsh_site.get(f"/areas/E08000001/charts/spider.svg?profile={SLUG}").status_code == 200
    csv_text = welsh_site.get(f"/areas/{ANGLESEY}/data.csv?profile={SLUG}").text
    assert "Compared to Country value or percentiles" in csv_text.splitlines()[0]


def test_the_isle_of_anglesey_is_benchmarked_against_wales_on_the_real_data(loaded_engine: object) -> None:
    page = build_area_page(loaded_engine, "W06000001")  # type: ignore[arg-type]
    assert page.comparator == "country" and page.country and page.country.code == "W92000004"
    assert page.comparator_area == page.country
    oldham = build_area_page(loaded_engine, "E08000004")  # type: ignore[arg-type]
    assert oldham.comparator_area and oldham.comparator_area.code == "E92000001"
