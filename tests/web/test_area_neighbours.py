"""The area page's "Similar areas (statistical neighbours)" and the method page, in English and Welsh."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from healthassets.services.neighbours import neighbour_table
from healthassets.store.areas import ancestors
from healthassets.web.i18n import catalogue

pytestmark = pytest.mark.db
NORTH_WEST = "E12000002"


def similar_section(html: str) -> str:
    found = re.search(r'<div class="govuk-grid-column-one-third" id="similar-areas">(.*?)</div>', html, re.S)
    assert found, "no similar-areas section"
    return found.group(1)


def neighbour_codes(html: str) -> list[str]:
    listed = re.search(r"<ol [^>]*>(.*?)</ol>", similar_section(html), re.S)
    assert listed, "no list of neighbours"
    return re.findall(r'href="/areas/([A-Z0-9]+)', listed.group(1))


def test_oldham_lists_statistical_neighbours_not_the_region_alphabetically(
    site: TestClient, loaded_engine: Engine
) -> None:
    page = site.get("/areas/E08000004")
    assert page.status_code == 200
    section = similar_section(page.text)
    assert "Similar areas (statistical neighbours)" in section
    assert 'href="/methods/statistical-neighbours"' in section
    codes = neighbour_codes(page.text)
    assert len(codes) == 10 and "E08000004" not in codes
    distance = neighbour_table("ltla").set_index(["area_code", "neighbour_code"])["distance"]
    ordered = [distance[("E08000004", code)] for code in codes]
    assert ordered == sorted(ordered)
    regions = {code: {a.code for a in ancestors(loaded_engine, code)} for code in codes}
    assert any(NORTH_WEST not in parents for parents in regions.values()), "all in the North West"
    names = re.findall(r'href="/areas/[A-Z0-9]+">([^<]+)</a>', similar_section(page.text))
    assert names != sorted(names)
    # the compare link takes the area and its nearest neighbours
    compare = re.search(r'id="compare-link" href="([^"]+)"', section)
    assert compare and ",".join(["E08000004", *codes[:3]]) in compare.group(1).replace("%2C", ",")


def test_a_welsh_authority_gets_neighbours_in_welsh(site: TestClient) -> None:
    page = site.get("/areas/W06000001?lang=cy")
    assert page.status_code == 200
    cy = catalogue("cy").__getitem__
    section = similar_section(page.text)
    assert cy("Similar areas (statistical neighbours)") in section
    assert cy("Similar areas (statistical neighbours)") != "Similar areas (statistical neighbours)"
    codes = neighbour_codes(page.text)
    assert len(codes) == 10
    assert {code[0] for code in codes} <= {"E", "W"}
    assert 'href="/methods/statistical-neighbours?lang=cy"' in section


def test_a_small_area_says_it_has_no_statistical_neighbours(site: TestClient) -> None:
    section = similar_section(site.get("/areas/E01005400").text)
    assert "<ol" not in section and "local authorities and counties" in section
    assert 'id="compare-link"' not in section


def test_the_method_page_lists_measures_and_the_english_only_rule(site: TestClient) -> None:
    page = site.get("/methods/statistical-neighbours")
    assert page.status_code == 200
    assert 'id="neighbour-measures"' in page.text
    assert page.text.count("English areas only") == 7
    assert "Population (usual residents, on a log scale)" in page.text
    welsh = site.get("/methods/statistical-neighbours?lang=cy")
    assert welsh.status_code == 200
    assert catalogue("cy")["How similar areas are found"] in welsh.text
