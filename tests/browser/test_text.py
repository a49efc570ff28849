"""What the pages say: no programming placeholders (nan, None, undefined) in any page, and Welsh pages
without interface text left in English (strings the catalogue translates but the page shows in English)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from tests.browser.helpers import PAGES, open_page

pytestmark = [pytest.mark.browser, pytest.mark.db]

CATALOGUE = Path(__file__).resolve().parents[2] / "src/healthassets/web/locale/cy/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"\b(nan|NaN|None|null|undefined|NaT|inf)\b")
#: the text a user (or a screen reader) meets: visible text nodes and accessible names
TEXTS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, text = node.textContent.trim();
    if (text && !node.parentElement.closest('script, style')) out.push(text);
  }
  for (const e of document.querySelectorAll('[aria-label], [title], [alt], [placeholder]'))
    for (const a of ['aria-label', 'title', 'alt', 'placeholder'])
      if (e.getAttribute(a)) out.push(e.getAttribute(a));
  out.push(document.title);
  return out;
}"""


#: page bugs found by these tests (web code, not the tests): xfail until fixed, then delete the entry
KNOWN_PLACEHOLDERS: dict[str, str] = {}
KNOWN_ENGLISH: dict[str, str] = {}


def known_bug(request: pytest.FixtureRequest, reason: str | None) -> None:
    if reason:
        request.applymarker(pytest.mark.xfail(reason=f"web: {reason}", strict=False))


def translated_in_catalogue() -> set[str]:
    """English interface strings that have a different Welsh translation in the catalogue."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="cy")
    return {
        str(message.id)
        for message in catalogue
        if isinstance(message.id, str) and message.id and message.string and message.string != message.id
    }


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_placeholder_text(page: Any, name: str, lang: str, request: pytest.FixtureRequest) -> None:
    known_bug(request, KNOWN_PLACEHOLDERS.get(name))
    open_page(page, name, lang)
    leaks = sorted({text for text in page.evaluate(TEXTS) if PLACEHOLDER.search(text)})
    assert not leaks, f"{name} ({lang}) shows: {leaks[:10]}"


@pytest.mark.parametrize("name", list(PAGES))
def test_welsh_pages_show_no_translated_string_in_english(
    page: Any, name: str, request: pytest.FixtureRequest
) -> None:
    known_bug(request, KNOWN_ENGLISH.get(name))
    english = translated_in_catalogue()
    assert len(english) > 50  # the catalogue is read
    open_page(page, name, "cy")
    if name == "indicator":  # the hidden tabs are part of the page too
        for tab in ("trend-chart", "map", "metadata"):
            page.locator(f'a.govuk-tabs__tab[href="#{tab}"]').click()
    untranslated = sorted({text for text in page.evaluate(TEXTS) if text in english})
    assert not untranslated, f"{name} (cy) in English: {untranslated}"


def test_welsh_autocomplete_speaks_welsh(page: Any) -> None:
    """accessible-autocomplete's own messages (hint, status, no results) follow the page's language."""
    page.goto("/")
    page.locator("#search-q").press_sequentially("Oldh", delay=30)
    page.locator("#search-q__listbox [role=option]").first.wait_for()
    english_hint = page.locator("#search-q__assistiveHint").inner_text()
    english_status = page.locator(".autocomplete__wrapper [role=status]").all_inner_texts()
    page.goto("/?lang=cy")
    page.locator("#search-q").press_sequentially("Oldh", delay=30)
    page.locator("#search-q__listbox [role=option]").first.wait_for()
    assert page.locator("#search-q__assistiveHint").inner_text() != english_hint
    page.wait_for_timeout(1600)  # the live status region is filled after a debounce
    welsh_status = page.locator(".autocomplete__wrapper [role=status]").all_inner_texts()
    assert not {t for t in welsh_status if t.strip()} & {t for t in english_status if t.strip()}
    # the suggestions name the area type in Welsh, as the Welsh profile page does
    oldham = page.locator("#search-q__listbox [role=option]", has_text="E08000004").first.inner_text()
    page.goto("/areas/E08000004?lang=cy")
    welsh_type = page.locator(".govuk-caption-l").first.inner_text().split(" · ")[0].strip()
    assert welsh_type in oldham, f"{oldham!r} does not say {welsh_type!r}"
