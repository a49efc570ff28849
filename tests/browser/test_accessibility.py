"""WCAG 2.2 AA on every page type, in English and Welsh: axe-core finds nothing; every page has a title,
a skip link, a language switch and a palette switch that work."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import COMPARE, PAGES, describe_violations, open_page

pytestmark = [pytest.mark.browser, pytest.mark.db]

#: indicator page tabs hidden at first: axe checks each once opened (the Leaflet map among them)
TABS = ["trend-chart", "map", "metadata"]


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violation(page: Any, axe: Any, name: str, lang: str) -> None:
    open_page(page, name, lang)
    violations = axe(page)
    assert not violations, f"{name} ({lang}):\n{describe_violations(violations)}"
    if name != "indicator":
        return
    for tab in TABS:
        page.locator(f'a.govuk-tabs__tab[href="#{tab}"]').click()
        expect(page.locator(f"#{tab}")).to_be_visible()
        if tab == "map":
            expect(page.locator("#choropleth path.leaflet-interactive").first).to_be_visible()
        violations = axe(page)
        assert not violations, f"indicator tab {tab} ({lang}):\n{describe_violations(violations)}"


@pytest.mark.parametrize("name", list(PAGES))
def test_title_skip_link_and_switches(page: Any, name: str) -> None:
    open_page(page, name, "en")
    title = page.title()
    assert re.fullmatch(r".+ – healthassets", title), title
    assert page.locator("h1").count() == 1
    skip = page.locator("a.govuk-skip-link")
    expect(skip).to_have_attribute("href", "#main-content")
    expect(page.locator("main#main-content")).to_have_count(1)

    # the language switch goes to the Welsh page and back, keeping the page's own query
    path, _status = PAGES[name]
    own_query = parse_qs(urlparse(path).query)
    page.locator("a#lang-switch").click()
    page.wait_for_url(lambda url: "lang=cy" in url)
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    welsh_query = parse_qs(urlparse(page.url).query)
    assert welsh_query.pop("lang") == ["cy"] and welsh_query == own_query, page.url
    page.locator("a#lang-switch").click()
    page.wait_for_url(lambda url: "lang=cy" not in url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert parse_qs(urlparse(page.url).query).get("lang", ["en"]) == ["en"], page.url

    # the palette switch keeps the page and asks for the other palette (colours: see below)
    palette = urlparse(str(page.locator("a#palette-switch").get_attribute("href")))
    assert palette.path == urlparse(path).path
    assert parse_qs(palette.query).get("palette") == ["accessible"], palette


#: pages with benchmark colours, and the elements that carry them
COLOURED = {
    "area": ("/areas/E08000004", ".ha-benchmark"),
    "indicator": ("/indicators/93015?area_type=ltla&area=E08000004", ".ha-benchmark"),
    "compare": (COMPARE, "table.ha-rug td"),
}


@pytest.mark.parametrize("name", list(COLOURED))
def test_palette_changes_benchmark_colours_not_words(page: Any, name: str) -> None:
    """The colour-blind safe palette recolours the benchmarks; each keeps its word."""
    path, selector = COLOURED[name]

    def benchmarks() -> list[tuple[str, str]]:
        cells = page.locator(selector)
        expect(cells.first).to_be_attached()
        found: list[list[str]] = cells.evaluate_all(
            "cells => cells.map(c => [c.textContent.trim(), getComputedStyle(c).backgroundColor])"
        )
        return [(text, colour) for text, colour in found]

    page.goto(path)
    standard = benchmarks()
    page.goto(path + ("&" if "?" in path else "?") + "palette=accessible")
    accessible = benchmarks()
    assert [text for text, _ in standard] == [text for text, _ in accessible]
    assert all(text for text, _ in standard), "a benchmark shown by colour alone"
    assert {colour for _, colour in standard} != {colour for _, colour in accessible}


#: page bugs found by the reflow test (web code): xfail until fixed, then delete the entry
KNOWN_REFLOW: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize("width", [1024, 1200, 1259])
@pytest.mark.parametrize("name", ["home", "area"])
def test_no_sideways_scroll_on_wide_screens(browser: Any, live_server: str, name: str, width: int) -> None:
    """Between GOV.UK's breakpoints and the page width the layout keeps its margins (a page width
    set on the container alone left the grid rows 15 px wider than the window at 1,200 px)."""
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        open_page(page, name, "en")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("name", list(PAGES))
def test_reflow_at_320_css_pixels(
    browser: Any, live_server: str, name: str, lang: str, request: pytest.FixtureRequest
) -> None:
    """WCAG 1.4.10: at 320 CSS pixels wide (1280 px zoomed to 400 %) the page does not scroll sideways;
    wide data tables scroll inside their own wrapper."""
    if (name, lang) in KNOWN_REFLOW:
        request.applymarker(pytest.mark.xfail(reason=f"web: {KNOWN_REFLOW[name, lang]}", strict=False))
    context = browser.new_context(base_url=live_server, viewport={"width": 320, "height": 640})
    try:
        narrow = context.new_page()
        open_page(narrow, name, lang)
        width = narrow.evaluate("() => document.documentElement.scrollWidth")
        wide = narrow.evaluate(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321"
            " && !(e.parentElement && e.parentElement.closest('.ha-table-wrap, .leaflet-container')))"
            ".slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.classList[0])"
        )
        assert width <= 320, f"{name} ({lang}) is {width} px wide at 320: {wide}"
    finally:
        context.close()
