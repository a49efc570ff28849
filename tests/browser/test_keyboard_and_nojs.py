"""Keyboard-only use, and the site with JavaScript disabled (every page works as plain HTML)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db]

OLDHAM = "E08000004"


def focused(page: Any) -> dict[str, str]:
    """The focused element's tag, id, class and href."""
    found: dict[str, str] = page.evaluate(
        "() => { const e = document.activeElement; return {tag: e.tagName.toLowerCase(), id: e.id,"
        " cls: e.className || '', href: e.getAttribute('href') || ''} }"
    )
    return found


def tab_to(page: Any, selector: str, limit: int = 40) -> int:
    """Press Tab until the element matching ``selector`` has focus; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} not reached in {limit} Tab presses (focus on {focused(page)})")


def test_skip_link_then_search_with_the_keyboard(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert "govuk-skip-link" in first["cls"] and first["href"] == "#main-content", first
    expect(page.locator("a.govuk-skip-link")).to_be_visible()  # shown when focused
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"

    # from main, Tab reaches the search box; type, choose a suggestion with the arrow keys and Enter
    tab_to(page, "#search-q")
    page.keyboard.type("Oldh", delay=40)
    options = page.locator("#search-q__listbox [role=option]")
    # suggestions for "Old" may show first; wait for the list that answers "Oldh" (it holds Oldham)
    expect(options.filter(has_text=re.compile(r"^Oldham \("))).to_be_visible()
    names = [str(text) for text in options.all_inner_texts()]
    position = next(i for i, text in enumerate(names) if text.startswith("Oldham ("))
    for _ in range(position + 1):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/areas/{OLDHAM}"))
    expect(page.locator("h1")).to_have_text("Oldham")


def test_comparator_and_indicator_with_the_keyboard(page: Any) -> None:
    """On a profile: choose the region comparator by arrow keys, submit, then open an indicator by Enter."""
    page.goto(f"/areas/{OLDHAM}")
    tab_to(page, "#comparator-form input[name=comparator]:checked")
    page.keyboard.press("ArrowRight")  # radios: arrows move and select
    expect(page.locator("#comparator-form input[name=comparator][value=region]")).to_be_checked()
    tab_to(page, "#comparator-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"comparator=region"))
    tab_to(page, 'table.ha-profile-table a[href^="/indicators/"]', limit=80)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/indicators/\d+"))


def test_map_areas_reachable_with_the_keyboard(page: Any) -> None:
    """The map's areas take focus with Tab and Enter opens one (as the page's help text says)."""
    page.goto(f"/indicators/93015?area_type=ltla&area={OLDHAM}")
    page.locator('a.govuk-tabs__tab[href="#map"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator("#choropleth path.leaflet-interactive").first).to_be_visible()
    tab_to(page, "#choropleth path.leaflet-interactive, #choropleth [tabindex]:not([tabindex='-1'])")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/areas/E0"))


def test_search_and_profile_without_javascript(nojs_page: Any) -> None:
    page = nojs_page
    page.goto("/")
    expect(page.locator("#search-q")).to_be_visible()
    expect(page.locator("#search-q__listbox")).to_have_count(0)  # no autocomplete without JavaScript
    page.locator("#search-q").fill("Oldh")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=Oldh"))
    result = page.locator(f'#search-results a[href="/areas/{OLDHAM}"]')
    expect(result).to_have_text("Oldham")
    result.click()
    page.wait_for_url(re.compile(rf"/areas/{OLDHAM}$"))
    expect(page.locator("table.ha-profile-table").first).to_be_visible()
    page.locator('#profile-switcher a[href*="profile=needs"]').click()  # profiles are plain links
    page.wait_for_url(re.compile(r"profile=needs"))
    expect(page.locator("#radar svg")).to_be_visible()  # charts are drawn on the server

    page.locator("#comparator-form input[name=comparator][value=region]").check()
    page.locator("#comparator-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"comparator=region"))
    expect(page.locator("#comparator-form input[name=comparator][value=region]")).to_be_checked()

    # an indicator: every panel is on the page (no tabs), the table and the map's key are readable
    page.locator('table.ha-profile-table a[href^="/indicators/"]').first.click()
    page.wait_for_url(re.compile(r"/indicators/\d+"))
    for panel in ("#bar-chart", "#trend-chart", "#map", "#metadata"):
        expect(page.locator(panel)).to_be_visible()
    expect(page.locator("#values-table")).to_be_visible()
    # the map is a server-drawn image (Leaflet needs JavaScript), loaded and sized
    image = page.locator("#choropleth img")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert str(image.get_attribute("alt")).strip()


def test_welsh_search_without_javascript(nojs_page: Any) -> None:
    page = nojs_page
    page.goto("/?lang=cy")
    page.locator("#search-q").fill("Oldh")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?.*q=Oldh"))
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    page.locator(f'#search-results a[href^="/areas/{OLDHAM}"]').click()
    page.wait_for_url(re.compile(rf"/areas/{OLDHAM}\?lang=cy"))
    expect(page.locator("html")).to_have_attribute("lang", "cy")


def test_browse_and_compare_without_javascript(nojs_page: Any) -> None:
    """Browse districts from the home page, page through them, then build a tartan rug with the form."""
    page = nojs_page
    page.goto("/")
    page.locator("a", has_text="Districts and unitary authorities").first.click()
    page.wait_for_url(re.compile(r"/search\?.*type="))
    first_page = page.locator("#search-results li a").all_inner_texts()
    assert len(first_page) >= 10
    page.locator("a[rel=next]").click()
    page.wait_for_url(re.compile(r"page=2"))
    second_page = page.locator("#search-results li a").all_inner_texts()
    assert second_page and not set(second_page) & set(first_page)

    page.goto("/compare")
    page.locator("#areas").fill(f"{OLDHAM}, manchester")  # a code and a name as people type them
    page.locator("#compare-form summary").click()  # <details> opens without JavaScript
    page.locator("#indicator-93015").check()
    page.locator("#indicator-90453").check()
    page.locator("#compare-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/compare\?.*indicators=93015"))
    rug = page.locator("table.ha-rug")
    expect(rug.locator("thead th a")).to_have_text(["England", "North West Region", "Oldham", "Manchester"])
    expect(rug.locator("tbody tr")).to_have_count(2)
