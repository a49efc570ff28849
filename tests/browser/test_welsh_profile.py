"""A Welsh authority's profile in Welsh (issue 10): benchmarked against Wales, its spider chart and the
chart's table, axe-clean in both languages at 1280 and 390 pixels — on the Welsh test database
(tests/welsh_profile.py) and, for the page as the bundled data gives it, on the real data."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from healthassets.i18n import catalogue
from tests.browser.helpers import describe_violations
from tests.welsh_profile import ANGLESEY, INDICATORS, SLUG

pytestmark = [pytest.mark.browser, pytest.mark.db]


def test_a_welsh_authority_in_welsh_with_the_spider_chart_and_its_table(welsh_page: Any, axe: Any) -> None:
    cy = catalogue("cy")
    page = welsh_page
    page.goto(f"/areas/{ANGLESEY}?profile={SLUG}&lang=cy")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("h1")).to_have_text("Ynys Môn")
    expect(page.locator("#benchmark-note strong")).to_have_text("Cymru")
    expect(page.locator("#spider svg").first).to_be_visible()
    table = page.locator("#spider-table")
    expect(table).to_be_hidden()  # in a details element, closed at first
    page.locator("#spider-details summary").click()
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(len(INDICATORS))
    expect(table.locator("caption")).to_contain_text("Cymru")
    expect(table.locator("tbody tr").last).to_contain_text(cy["Not drawn"])  # the no-judgement measure
    violations = axe(page)
    assert not violations, f"Welsh:\n{describe_violations(violations)}"
    page.locator("a#lang-switch").click()
    page.wait_for_url(lambda url: "lang=cy" not in url)
    expect(page.locator("#benchmark-note strong")).to_have_text("Wales")
    page.locator("#spider-details summary").click()
    violations = axe(page)
    assert not violations, f"English:\n{describe_violations(violations)}"


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_real_isle_of_anglesey_page_is_axe_clean(page: Any, axe: Any, lang: str) -> None:
    """The bundled data's page for Anglesey (the default profile, benchmarked against Wales)."""
    page.goto(f"/areas/{ANGLESEY}?lang={lang}")
    expect(page.locator("#profile-switcher")).to_be_visible()
    violations = axe(page)
    assert not violations, f"{lang}:\n{describe_violations(violations)}"
