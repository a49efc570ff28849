"""The password fields' Show button (GOV.UK Frontend's password input, ASVS 2.1.12): it shows and
hides what was typed, speaks the page's language and stays accessible."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db]


@pytest.mark.parametrize(("lang", "show", "hide"), [("en", "Show", "Hide"), ("cy", "Dangos", "Cuddio")])
def test_the_password_can_be_shown_and_hidden(page: Any, axe: Any, lang: str, show: str, hide: str) -> None:
    page.goto(f"/login?lang={lang}")
    field = page.locator("#password")
    field.fill("marmalade teapot orbit lantern")
    toggle = page.locator("button[aria-controls=password]")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_text(show)
    toggle.click()
    expect(field).to_have_attribute("type", "text")
    expect(toggle).to_have_text(hide)
    assert not axe(page)
    toggle.click()
    expect(field).to_have_attribute("type", "password")
    expect(field).to_have_value("marmalade teapot orbit lantern")
