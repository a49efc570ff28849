"""Finding an area by postcode and by name on the site: the postcode page, search, Welsh."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from healthassets.app import create_app
from healthassets.assets.vocabulary import Status
from healthassets.services.assets_moderation import create_asset
from tests.web.helpers import DATA

pytestmark = pytest.mark.db


def summary_row(page: str, row_id: str) -> str:
    match = re.search(rf'<div class="govuk-summary-list__row" id="{row_id}">(.*?)</div>', page, re.S)
    assert match, f"no {row_id} row"
    return match.group(1)


@pytest.mark.parametrize("typed", ["OL1 1AA", "ol11aa", "OL1  1AA", " ol1 1aa "])
def test_search_for_a_postcode_opens_its_page(site: TestClient, typed: str) -> None:
    found = site.get("/search", params={"q": typed, "lang": "cy"}, follow_redirects=False)
    assert found.status_code == 303 and found.headers["location"] == "/postcodes/OL11AA?lang=cy"


def test_other_spellings_redirect_to_the_canonical_page(site: TestClient) -> None:
    moved = site.get("/postcodes/ol1%201aa?palette=accessible", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == "/postcodes/OL11AA?palette=accessible"


def test_the_postcode_page_lists_the_areas_containing_it(site: TestClient) -> None:
    page = site.get("/postcodes/OL11AA").text
    assert '<h1 class="govuk-heading-xl" id="postcode">OL1 1AA</h1>' in page
    assert 'href="/areas/E01005427"' in summary_row(page, "area-lsoa")  # the LSOA holding its point
    msoa = summary_row(page, "area-msoa")
    assert 'href="/areas/E02001119"' in msoa and "Known as Alexandra Park" in msoa
    ward = summary_row(page, "area-ward")
    assert 'href="/areas/E05014663"' in ward and "St Mary&#39;s, Oldham" in ward
    assert 'href="/areas/E08000004"' in summary_row(page, "area-authority")
    assert 'id="area-best-fit-ward"' not in page and 'id="ward-difference"' not in page
    # the loaded test database holds no register: the page says so, and offers to suggest one
    assert 'id="no-assets"' in page and 'href="/assets/new"' in page


def test_a_postcode_whose_ward_is_not_its_lsoas_best_fit_names_both(site: TestClient) -> None:
    page = site.get("/postcodes/BL00BW").text  # in Ramsbottom; its LSOA (Bury 003B) best fits North Manor
    assert 'href="/areas/E05014163"' in summary_row(page, "area-ward")
    assert 'href="/areas/E05014158"' in summary_row(page, "area-best-fit-ward")
    assert 'id="ward-difference"' in page and "is assigned to North Manor" in page


def test_a_postcode_outside_the_lookup_says_so(site: TestClient) -> None:
    page = site.get("/postcodes/SW1A1AA")
    assert page.status_code == 404
    assert "this postcode is not in the bundled lookup (Greater Manchester only)" in page.text
    assert "<strong>SW1A 1AA</strong>" in page.text and "Traceback" not in page.text
    searched = site.get("/search?q=sw1a 1aa")
    assert searched.status_code == 200 and 'id="postcode-missing"' in searched.text
    assert "SW1A 1AA: this postcode is not in the bundled lookup (Greater Manchester only)." in searched.text
    welsh = site.get("/postcodes/SW1A1AA?lang=cy")
    assert welsh.status_code == 404 and "Manceinion Fwyaf yn unig" in welsh.text


def test_nonsense_is_the_normal_search_with_advice(site: TestClient) -> None:
    page = site.get("/search?q=zzqxv 9")
    assert (
        page.status_code == 200 and 'id="no-results"' in page.text and "full postcode (OL1 1AA)" in page.text
    )
    assert 'id="postcode-missing"' not in page.text and 'id="postcode-results"' not in page.text
    not_a_postcode = site.get("/postcodes/nonsense")
    assert not_a_postcode.status_code == 404 and "is not a postcode" in not_a_postcode.text


def test_the_start_of_a_postcode_lists_postcodes(site: TestClient) -> None:
    page = site.get("/search?q=OL1 1A").text
    listed = re.findall(r'href="/postcodes/(OL11A[A-Z])"', page)
    assert listed and 'id="no-results"' not in page


def test_wards_and_msoa_names_in_search_results(site: TestClient) -> None:
    page = site.get("/search?q=Werneth").text
    assert re.search(r'href="/areas/E05014665">Werneth, Oldham</a>', page)
    msoa = site.get("/search?q=Alexandra Park Oldham").text
    assert 'href="/areas/E02001119"' in msoa and "Known as Alexandra Park" in msoa


def test_welsh_names_of_welsh_areas(site: TestClient) -> None:
    page = site.get("/search?q=Caergybi&lang=cy").text  # the Library's Welsh name of Holyhead
    assert 'href="/areas/W02000003?lang=cy">Ynys Môn 003</a>' in page and "A elwir yn Caergybi" in page
    assert 'href="/areas/W06000001?lang=cy"' in site.get("/search?q=Sir Ynys Môn&lang=cy").text
    assert 'href="/areas/W06000001"' in site.get("/search?q=Ynys Mon").text
    profile = site.get("/areas/W02000003?lang=cy").text
    assert "Ynys Môn 003" in profile and 'id="other-name"' in profile and "Caergybi" in profile


def test_the_nearest_assets_on_the_page(geography_engine: Engine) -> None:
    fields = {
        "asset_type": "institution",
        "dimensions": "community_economy",
        "latitude": "53.5420",
        "longitude": "-2.1000",
    }
    create_asset(
        geography_engine, {**fields, "name": "Oldham Library"}, status=Status.PUBLISHED, data_dir=DATA
    )
    person = {
        **fields,
        "name": "Jo's guitar lessons",
        "is_person": "yes",
        "consent_recorded_at": "2026-01-02",
    }
    create_asset(geography_engine, person, status=Status.PUBLISHED, data_dir=DATA)
    create_asset(geography_engine, {**fields, "name": "Not yet checked"}, data_dir=DATA)
    with TestClient(
        create_app(geography_engine, DATA, secret_key="t"), raise_server_exceptions=False
    ) as client:
        page = client.get("/postcodes/OL11AA").text
    table = page[page.index('id="nearest-assets"') :]
    assert "Oldham Library" in table and "Jo&#39;s guitar lessons" in table and "Not yet checked" not in page
    assert "Approximate location (within 1 km)" in table and re.search(r"\d+ m</td>", table)
    assert 'id="postcode-map"' in page and "leaflet.js" in page
