"""The printable JSNAA report in Chromium: axe-clean in English and Welsh, no sideways scroll on
a 390-px phone, and the PDF link answers with a PDF."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import describe_violations

pytestmark = [pytest.mark.browser, pytest.mark.db]

REPORT = "/areas/E08000004/report"


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_report_is_axe_clean(page: Any, axe: Any, lang: str) -> None:
    response = page.goto(REPORT + ("?lang=cy" if lang == "cy" else ""))
    assert response is not None and response.status == 200
    violations = axe(page)
    assert not violations, f"report ({lang}):\n{describe_violations(violations)}"


def test_the_report_fits_a_phone_and_links_its_pdf(browser: Any, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    try:
        phone = context.new_page()
        phone.goto(REPORT)
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
        href = phone.locator("a#report-pdf").get_attribute("href")
        response = phone.request.get(live_server + str(href))
        assert response.status == 200 and response.body().startswith(b"%PDF-")
    finally:
        context.close()
