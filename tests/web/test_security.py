"""Rate limits and client addresses (web.security): X-Forwarded-For counts only from configured
proxies, failed sign-ins are limited per address and per account, correct ones never count; query
values are bounded with a plain 400."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from healthassets.web import security
from healthassets.web.security import MAX_SEARCH, forwarded_client
from tests.web.helpers import PASSWORD, csrf_of

PROXY = "testclient"  # the peer address Starlette's TestClient connects from


def test_forwarded_for_counts_only_from_a_trusted_proxy() -> None:
    trusted = frozenset({"10.0.0.2", "10.0.0.3"})
    assert forwarded_client("203.0.113.9", "198.51.100.1", trusted) == "203.0.113.9"
    assert forwarded_client("10.0.0.2", "198.51.100.1", trusted) == "198.51.100.1"
    # a client's own header value sits on the left; the nearest untrusted hop is the client
    assert forwarded_client("10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.3", trusted) == "198.51.100.1"
    assert forwarded_client("10.0.0.2", None, trusted) == "10.0.0.2"
    assert forwarded_client("10.0.0.2", "10.0.0.3", trusted) == "10.0.0.3"


def attempt(client: TestClient, email: str, password: str, forwarded: str | None = None) -> int:
    page = client.get("/login")
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_of(page.text)},
        headers=headers,
        follow_redirects=False,
    )
    return response.status_code


def test_a_spoofed_forwarded_for_does_not_escape_the_address_limit(register: TestClient) -> None:
    codes = [attempt(register, "mod@example.org", "wrong", f"198.51.100.{n}") for n in range(6)]
    assert codes == [400] * 5 + [429]


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(
    register: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEALTHASSETS_TRUSTED_PROXIES", PROXY)
    first = [attempt(register, "nobody@example.org", "wrong", "198.51.100.1") for _ in range(6)]
    assert first == [400] * 5 + [429]
    assert attempt(register, "ann@example.org", "wrong", "198.51.100.2") == 400


def test_failed_sign_ins_are_limited_per_account_across_addresses(
    register: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEALTHASSETS_TRUSTED_PROXIES", PROXY)
    failures = [attempt(register, "Mod@Example.org", "wrong", f"198.51.100.{n}") for n in range(10)]
    assert failures == [400] * 10
    # the right password from a fresh address is refused too while the account cools down
    assert attempt(register, "mod@example.org", PASSWORD, "198.51.100.99") == 429
    assert attempt(register, "ann@example.org", PASSWORD, "198.51.100.98") == 303  # others unaffected


def test_correct_sign_ins_do_not_count(register: TestClient) -> None:
    codes = []
    for _ in range(7):
        register.cookies.clear()
        codes.append(attempt(register, "ann@example.org", PASSWORD))
    assert codes == [303] * 7
    assert attempt(register, "ann@example.org", "wrong") == 400  # the limit still has room


def test_an_overlong_search_is_a_plain_400(register: TestClient) -> None:
    for path in ("/search", "/assets"):
        response = register.get(path, params={"q": "a" * 50_000})
        assert response.status_code == 400, path
        assert f"Search for {MAX_SEARCH} characters or fewer" in response.text
        assert "String should have" not in response.text and "Traceback" not in response.text
    assert register.get("/search", params={"q": "a" * MAX_SEARCH}).status_code == 200
    welsh = register.get("/assets", params={"q": "a" * 500, "lang": "cy"})
    assert welsh.status_code == 400 and "Mae eich chwiliad yn rhy hir" in welsh.text


def test_an_overlong_filter_value_is_a_plain_400(register: TestClient) -> None:
    response = register.get("/assets", params={"area": "E" * 5_000})
    assert response.status_code == 400 and "The web address is too long" in response.text


def test_a_flood_of_new_keys_does_not_grow_the_limiter_without_bound(engine: Engine) -> None:
    from sqlalchemy import func, select

    from healthassets.store.models import RateLimit

    clock = [1000.0]
    limiter = security.RateLimiter("flood", limit=3, window=60, clock=lambda: clock[0])
    for n in range(100):
        limiter.record(engine, f"random{n}@example.org")
    limiter.check(engine, "never-recorded@example.org")

    def keys() -> list[str]:
        with engine.connect() as connection:
            return list(connection.scalars(select(RateLimit.key).order_by(RateLimit.key)))

    assert len(keys()) == 100  # checking alone stores nothing
    clock[0] += 61
    limiter.record(engine, "new@example.org")
    assert keys() == ["flood:new@example.org"]  # a new key clears the keys whose windows are over
    for _ in range(2):
        limiter.hit(engine, "new@example.org")
    with pytest.raises(security.TooManyRequests):
        limiter.hit(engine, "new@example.org")
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(RateLimit)) == 1
