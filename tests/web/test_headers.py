"""Security headers (web.headers) on every kind of response: pages, the JSON API, the Open Referral
feed, static files, error pages (404, 413, 500); a policy with no inline or evaluated script but the
hashed GOV.UK snippet; HSTS only behind HTTPS."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from healthassets.app import create_app
from healthassets.web.headers import JS_ENABLED, content_security_policy, script_hash
from tests.web.helpers import DATA, sign_in

PATHS = [
    "/",  # a page
    "/login",  # a form
    "/assets",  # the asset map
    "/api/docs",  # Swagger UI
    "/api/v1/areas?q=oldham",  # the JSON API
    "/api/v1/areas/E99999999",  # an API error
    "/openapi.json",
    "/openreferral/services",  # the Open Referral feed
    "/static/js/charts.js",  # a static file
    "/static/no-such-file.js",  # a missing static file
    "/no/such/page",  # the 404 page
]


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in policy.split(";")) if d}


def assert_secured(response: object, secure: bool = False) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    assert headers["content-security-policy"] == content_security_policy()
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["x-frame-options"] == "DENY"
    assert ("strict-transport-security" in headers) is secure


@pytest.mark.parametrize("path", PATHS)
def test_every_kind_of_response_carries_the_headers(register: TestClient, path: str) -> None:
    response = register.get(path)
    assert_secured(response)
    assert response.headers["content-security-policy"].count("content-security-policy") == 0
    assert len(response.headers.get_list("content-security-policy")) == 1


def test_a_refused_oversized_body_carries_them(register: TestClient) -> None:
    response = register.post("/login", content=b"x" * 100_000, headers={"content-type": "text/plain"})
    assert response.status_code == 413
    assert_secured(response)


def test_a_signed_in_page_and_a_form_error_carry_them(register: TestClient) -> None:
    sign_in(register, "mod@example.org")
    assert_secured(register.get("/moderation"))
    assert_secured(register.post("/logout", data={"csrf_token": "wrong"}))  # 403


@pytest.fixture
def boom(geography_engine: Engine) -> Iterator[TestClient]:
    app = create_app(geography_engine, DATA, secret_key="test secret")

    @app.get("/boom")
    def fails() -> None:
        raise RuntimeError("a bug")

    @app.get("/api/v1/boom")
    def api_fails() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_the_500_page_and_the_api_500_carry_them(boom: TestClient) -> None:
    for path in ("/boom", "/api/v1/boom"):
        response = boom.get(path)
        assert response.status_code == 500
        assert_secured(response)


def test_hsts_only_when_secure_cookies_are_on(
    geography_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEALTHASSETS_SECURE_COOKIES", "1")
    app = create_app(geography_engine, DATA, secret_key="test secret")

    @app.get("/boom")
    def fails() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as client:
        for path in ("/", "/api/v1/areas?q=oldham", "/static/js/charts.js", "/boom"):
            response = client.get(path)
            assert_secured(response, secure=True)
            assert response.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"


def test_the_policy_allows_no_inline_or_evaluated_script_and_no_other_origin() -> None:
    policy = directives(content_security_policy())
    assert policy["script-src"] == ["'self'", script_hash(JS_ENABLED)]
    for directive in ("'unsafe-inline'", "'unsafe-eval'", "'strict-dynamic'", "*", "data:", "blob:"):
        assert directive not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["connect-src"] == ["'self'"]
    assert all("http" not in source for sources in policy.values() for source in sources)


def test_the_hash_is_gov_uk_frontends_published_one() -> None:
    # GOV.UK Frontend's documentation gives this hash for its snippet (v5+, "js-enabled" and
    # "govuk-frontend-supported")
    assert script_hash(JS_ENABLED) == "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.parametrize("path", ["/", "/?lang=cy", "/login", "/assets", "/assets/new", "/api/docs", "/nope"])
def test_every_inline_script_on_a_page_is_allowed_by_its_hash(register: TestClient, path: str) -> None:
    response = register.get(path)
    allowed = directives(response.headers["content-security-policy"])["script-src"]
    for attributes, body in INLINE_SCRIPT.findall(response.text):
        if 'type="application/json"' in attributes:
            continue  # data, never run
        assert script_hash(body) in allowed, f"an inline script the policy refuses on {path}: {body[:80]}"
    assert not HANDLER.search(response.text), "an inline event handler (onclick=…) the policy refuses"
    assert "javascript:" not in response.text
