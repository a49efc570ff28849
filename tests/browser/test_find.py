"""Finding your area as people type it, in Chromium: a postcode typed on the home page → the
postcode's page → its ward's profile → an indicator; the same without JavaScript; the postcode page
on a phone (390 CSS pixels), where it must not scroll sideways."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db]

POSTCODE = re.compile(r"/postcodes/OL11AA(\?|$)")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_postcode_to_ward_profile_to_indicator(page: Any, lang: str) -> None:
    page.goto("/" if lang == "en" else "/?lang=cy")
    # typed as people type it: lower case, no space; the autocomplete offers the postcode first
    page.locator("#search-q").press_sequentially("ol11aa", delay=40)
    option = page.locator("#search-q__listbox [role=option]").first
    expect(option).to_contain_text("OL1 1AA")
    option.click()
    page.wait_for_url(POSTCODE)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_text("OL1 1AA")
    for row in ("#area-lsoa", "#area-msoa", "#area-ward", "#area-authority"):
        expect(page.locator(f"{row} a")).to_have_count(1)

    ward = page.locator("#area-ward a")
    expect(ward).to_contain_text(", Oldham")
    ward_code = str(ward.get_attribute("href")).split("/areas/")[1].split("?")[0]
    assert ward_code.startswith("E05"), ward_code
    ward.click()
    page.wait_for_url(re.compile(rf"/areas/{ward_code}"))
    expect(page.locator("h1")).to_be_visible()

    indicator = page.locator(f"main a[href^='/indicators/'][href*='area={ward_code}']").first
    expect(indicator).to_be_attached()
    indicator.click()
    page.wait_for_url(re.compile(rf"/indicators/[0-9]+\?.*area={ward_code}"))
    expect(page.locator("h1")).to_be_visible()
    assert ("lang=cy" in page.url) == (lang == "cy"), page.url


def test_a_postcode_without_javascript(nojs_page: Any) -> None:
    nojs_page.goto("/")
    nojs_page.locator("#search-q").fill(" OL1  1aa ")
    nojs_page.locator("#search-form button[type=submit]").click()
    nojs_page.wait_for_url(POSTCODE)
    expect(nojs_page.locator("h1")).to_have_text("OL1 1AA")
    nojs_page.goto("/search?q=SW1A+1AA")
    expect(nojs_page.locator("#postcode-missing")).to_contain_text("Greater Manchester only")


def test_the_postcode_page_on_a_phone(browser: Any, live_server: str, tmp_path: Path) -> None:
    context = browser.new_context(
        base_url=live_server, viewport={"width": 390, "height": 844}, locale="en-GB"
    )
    try:
        phone = context.new_page()
        response = phone.goto("/postcodes/BL00BW")  # two wards: the longest content of the page
        assert response is not None and response.status == 200
        expect(phone.locator("#ward-difference")).to_be_visible()
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
        shot = tmp_path / "postcode-390.png"
        phone.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000  # a drawn page, not a blank one
    finally:
        context.close()
