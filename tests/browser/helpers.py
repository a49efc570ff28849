"""Helpers of the browser tests: axe-core injection and its report; one URL per page type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.0, 2.1 and 2.2 at levels A and AA
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page: Any, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's violations of the page as it is now, for the WCAG 2.2 AA tags."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} missing: run `make static` (npm ci)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
        # govern (a <script> tag with axe inline would be refused, as it should be: docs/adr/0073)
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    options = {"runOnly": {"type": "tag", "values": tags or WCAG_TAGS}, "resultTypes": ["violations"]}
    result: dict[str, Any] = page.evaluate("options => axe.run(document, options)", options)
    return list(result["violations"])


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One line per violation and up to three offending nodes, for a readable assertion message."""
    lines = []
    for violation in violations:
        nodes = violation.get("nodes", [])
        targets = "; ".join(" ".join(map(str, n.get("target", []))) for n in nodes[:3])
        lines.append(f"{violation['id']} ({violation.get('impact')}): {violation['help']} — {targets}")
    return "\n".join(lines)


INDICATOR = "/indicators/93015?area_type=ltla&parent=E12000002&area=E08000004"
COMPARE = "/compare?areas=E08000004&areas=E08000003&indicators=93015&indicators=90453"
#: one URL per page type, and the HTTP status it answers with
PAGES = {
    "home": ("/", 200),
    "search": ("/search?q=man", 200),
    "area": ("/areas/E08000004", 200),
    "indicator": (INDICATOR, 200),
    "compare": (COMPARE, 200),
    "neighbours-method": ("/methods/statistical-neighbours", 200),
    "postcode": ("/postcodes/BL00BW", 200),
    "assets-and-needs": ("/areas/E08000004/assets-and-needs", 200),
    "index": ("/indices/imd2025?parent=E08000004", 200),
    "index-authorities": ("/indices/phw-domains?country=W", 200),
    "index-weight-problem": ("/indices/phw-domains?country=W&w.anxiety=heavy", 400),
    "not-found": ("/areas/E99999999", 404),
}


def with_lang(path: str, lang: str) -> str:
    if lang == "en":
        return path
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def open_page(page: Any, name: str, lang: str) -> None:
    path, status = PAGES[name]
    # pages with charts: wait until the charts' scripts have fetched their specifications and drawn
    charts = ("area", "indicator", "assets-and-needs", "index", "index-authorities", "index-weight-problem")
    wait_until = "networkidle" if name in charts else "load"
    response = page.goto(with_lang(path, lang), wait_until=wait_until)
    assert response is not None and response.status == status, f"{path}: HTTP {response and response.status}"
    expect(page.locator("html")).to_have_attribute("lang", lang)
