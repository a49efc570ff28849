"""The session cookie and what it carries (web.security, services.sessions; docs/adr/0043): HttpOnly,
SameSite, Secure behind HTTPS, a 256-bit random token never seen in a URL, a key kept private, and
sign-in sending people only to this site's own pages."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from healthassets.app import create_app
from healthassets.store.database import make_engine
from healthassets.web import security
from tests.web.helpers import DATA, PASSWORD, csrf_of, sign_in

SESSION = "healthassets_session"


def login(client: TestClient, next_page: str) -> object:
    page = client.get("/login")
    return client.post(
        "/login",
        data={
            "email": "mod@example.org",
            "password": PASSWORD,
            "csrf_token": csrf_of(page.text),
            "next": next_page,
        },
        follow_redirects=False,
    )


def set_cookie_of(response: object) -> str:
    cookies = [v for k, v in response.headers.multi_items() if k == "set-cookie"]  # type: ignore[attr-defined]
    assert len(cookies) == 1, cookies
    return str(cookies[0])


def test_the_cookie_is_http_only_and_same_site_lax(register: TestClient) -> None:
    cookie = set_cookie_of(login(register, "/assets")).lower()
    assert cookie.startswith(f"{SESSION}=") and "httponly" in cookie and "samesite=lax" in cookie
    assert "path=/" in cookie and f"max-age={security.SESSION_SECONDS}" in cookie
    assert "secure" not in cookie.replace("samesite", "")  # plain HTTP in development


def test_the_cookie_is_secure_when_secure_cookies_are_on(
    register: TestClient, geography_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEALTHASSETS_SECURE_COOKIES", "1")
    app = create_app(geography_engine, DATA, secret_key="test secret")
    with TestClient(app, base_url="https://testserver") as client:
        cookie = set_cookie_of(login(client, "/assets")).lower()
    assert "; secure" in cookie and "httponly" in cookie


def test_the_session_token_is_random_256_bits_and_only_in_the_cookie(register: TestClient) -> None:
    response = login(register, "/assets")
    payload = register.cookies[SESSION].split(".")[0]
    token = json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))["sid"]
    assert len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) == 32  # secrets.token_urlsafe(32)
    assert token not in response.headers["location"]  # type: ignore[attr-defined]
    page = register.get("/assets")
    assert token not in page.text and token not in str(page.url)


def test_a_tampered_cookie_signs_nobody_in(register: TestClient) -> None:
    sign_in(register, "mod@example.org")
    value = register.cookies[SESSION]
    forged = TestClient(register.app, cookies={SESSION: value[:-2] + ("AA" if value[-2:] != "AA" else "BB")})
    assert forged.get("/moderation", follow_redirects=False).status_code == 303  # to the sign-in page


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_sign_in_sends_people_only_to_this_sites_pages(register: TestClient, target: str) -> None:
    location = login(register, target).headers["location"]  # type: ignore[attr-defined]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    register.cookies.clear()


def test_the_generated_secret_key_is_kept_in_the_database_for_every_worker(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from healthassets import settings

    monkeypatch.delenv("HEALTHASSETS_SECRET_KEY", raising=False)
    monkeypatch.setattr(settings, "SECRET_FILE", tmp_path / ".healthassets-secret")  # absent
    key = security.secret_key(engine)
    assert len(key) >= 64 and not (tmp_path / ".healthassets-secret").exists()  # on no one disk
    other_worker = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        assert security.secret_key(other_worker) == key  # the same in another process, and after a restart
    finally:
        other_worker.dispose()
    monkeypatch.setenv("HEALTHASSETS_SECRET_KEY", "configured")
    assert security.secret_key(engine) == "configured"


def test_a_key_an_older_version_kept_in_a_file_becomes_the_shared_key(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from healthassets import settings

    monkeypatch.delenv("HEALTHASSETS_SECRET_KEY", raising=False)
    (tmp_path / ".healthassets-secret").write_text("an older key\n")
    monkeypatch.setattr(settings, "SECRET_FILE", tmp_path / ".healthassets-secret")
    assert security.secret_key(engine) == "an older key"  # visitors stay signed in across the upgrade


def test_static_folders_are_not_listed(register: TestClient) -> None:
    for path in ("/static/", "/static/js/", "/static/vendor/"):
        assert register.get(path).status_code == 404
