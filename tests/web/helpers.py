"""Helpers of the web tests: sign in, read a form's CSRF token, an asset suggestion."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

DATA = Path(__file__).resolve().parents[2] / "data"
PASSWORD = "a long test password"


def csrf_of(page_text: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page_text)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client: TestClient, email: str) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf_of(page.text), "next": "/assets"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def suggestion(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "name": "Levenshulme Community Garden",
        "description": "Volunteers grow food together on Saturdays.",
        "asset_type": "association",
        "dimensions": ["natural_environment", "community_economy"],
        "five_ways": ["connect", "be_active"],
        "physical": "yes",
        "latitude": "53.44410",
        "longitude": "-2.19170",
    }
    form.update(changes)
    return form
