"""The browser fixtures themselves: live server, Chromium, axe-core."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.db]


def test_live_server_serves_the_api_to_chromium(page: Any, live_server: str) -> None:
    response = page.goto("/openapi.json")
    assert response is not None and response.status == 200
    spec = json.loads(page.inner_text("body"))
    assert any(path.startswith("/api/v1/areas") for path in spec["paths"])
    oldham = page.request.get(f"{live_server}/api/v1/areas/E08000004").json()
    assert oldham["name"] == "Oldham"


def test_axe_finds_a_violation_it_should(page: Any, axe: Any) -> None:
    """axe-core is injected and reports: an image without alt text and a page without a title fail."""
    page.set_content("<html><body><img src='x.png'><input type='text'></body></html>")
    ids = {violation["id"] for violation in axe(page)}
    assert {"image-alt", "html-has-lang", "document-title", "label"} <= ids
    page.set_content(
        "<html lang='en'><head><title>ok</title></head><body><main><h1>Fine</h1>"
        "<label for='q'>Find</label><input id='q' type='text'></main></body></html>"
    )
    assert axe(page) == []
