"""Every page type works under the site's Content-Security-Policy (web.headers): no violation is
reported — neither a ``securitypolicyviolation`` event nor a console "Refused to …" — while GOV.UK
Frontend starts, the autocomplete suggests, Vega redraws the charts (its expression interpreter, no
``eval``), Leaflet draws the maps and Swagger UI renders /api/docs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PAGES as PAGE_TYPES
from tests.browser.helpers import open_page

pytestmark = [pytest.mark.browser, pytest.mark.db]

#: collects violations from the first moment of every document (Playwright's init scripts are not
#: subject to the page's policy)
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
});
"""


def home(page: Any) -> None:
    page.locator("#search-q").press_sequentially("oldh", delay=40)
    expect(page.locator("#search-q__listbox [role=option]").first).to_be_visible()


def area(page: Any) -> None:
    expect(page.locator("[data-chart] .vega-embed").first).to_be_visible()


def indicator(page: Any) -> None:
    expect(page.locator("[data-chart] .vega-embed").first).to_be_visible()
    page.locator('a.govuk-tabs__tab[href="#map"]').click()
    expect(page.locator("#choropleth path.leaflet-interactive").first).to_be_visible()


def assets(page: Any) -> None:
    expect(page.locator(".leaflet-container").first).to_be_visible()


def api_docs(page: Any) -> None:
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()


def compare(page: Any) -> None:
    expect(page.locator("table.ha-rug")).to_be_visible()


PAGES: dict[str, tuple[str, Callable[[Any], None]]] = {
    "home": ("/", home),
    "area profile": ("/areas/E08000004", area),
    "indicator with map and chart": (
        "/indicators/93015?area_type=ltla&parent=E12000002&area=E08000004",
        indicator,
    ),
    "asset map": ("/assets", assets),
    "api docs": ("/api/docs", api_docs),
    "compare": ("/compare?areas=E08000004,E08000003&indicators=93015,90453", compare),
    "welsh area profile": ("/areas/E08000004?lang=cy", area),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_breaks_the_content_security_policy(page: Any, name: str) -> None:
    path, works = PAGES[name]
    refused = watch_for_violations(page)
    response = page.goto(path, wait_until="networkidle")
    assert response is not None and response.ok
    assert "script-src 'self'" in response.headers["content-security-policy"]
    works(page)
    if path != "/api/docs":  # GOV.UK Frontend started from its file, not an inline module
        assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
        assert page.evaluate(
            "document.querySelector('.govuk-skip-link').hasAttribute('data-govuk-skip-link-init')"
        )
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__cspViolations")
    assert not violations and not refused, f"{name}: {violations} {refused}"


@pytest.mark.parametrize("name", [name for name in PAGE_TYPES if name not in ("home", "compare")])
def test_every_page_type_keeps_to_the_policy(page: Any, name: str) -> None:
    """Every page type the accessibility tests know (tests/browser/helpers.PAGES): a new page type
    added there is held to the policy too."""
    refused = watch_for_violations(page)
    open_page(page, name, "en")
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__cspViolations")
    assert not violations and not refused, f"{name}: {violations} {refused}"


def watch_for_violations(page: Any) -> list[str]:
    """Console errors of the policy from now on; the page's own events go to ``__cspViolations``."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if message.type == "error"
            and ("Refused to" in message.text or "Content Security Policy" in message.text)
            else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)
    return refused
