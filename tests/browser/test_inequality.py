"""The inequality section in the browser: Oldham's chart (redrawn by vega-embed) and its table of ten
local deciles, axe-clean in English and Welsh; another indicator chosen without JavaScript."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import describe_violations, with_lang

pytestmark = [pytest.mark.browser, pytest.mark.db]

OLDHAM = "/areas/E08000004"


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_inequality_chart_has_its_table_and_is_axe_clean(page: Any, axe: Any, lang: str) -> None:
    response = page.goto(with_lang(OLDHAM, lang), wait_until="networkidle")
    assert response is not None and response.status == 200
    section = page.locator("section#inequality")
    section.scroll_into_view_if_needed()
    expect(section.locator("h2")).to_contain_text("Oldham")
    expect(section.locator("#inequality-table tbody tr")).to_have_count(10)
    expect(section.locator("#inequality-table caption")).to_be_visible()
    figure = section.locator("#inequality-figure [role=img]")
    expect(figure).to_have_attribute("aria-label", re.compile(".+"))
    expect(figure.locator("svg")).to_be_visible()
    expect(figure.locator("svg[aria-hidden=true]")).to_have_count(1)
    violations = axe(page)
    assert not violations, f"area ({lang}):\n{describe_violations(violations)}"


def test_another_indicator_is_chosen_without_javascript(nojs_page: Any) -> None:
    nojs_page.goto(OLDHAM)
    nojs_page.locator("#inequality-indicator").select_option("9000002")
    nojs_page.locator("#inequality-form button").click()
    nojs_page.wait_for_url(re.compile(r"inequality=9000002"))
    section = nojs_page.locator("section#inequality")
    expect(section).to_contain_text("Income deprivation domain score (IMD 2025)")
    expect(section.locator("#inequality-table tbody tr")).to_have_count(10)
    expect(section.locator("#inequality-figure svg .bar")).to_have_count(10)  # the server's own drawing
