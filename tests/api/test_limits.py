"""The API's rate limit: per client address, X-Forwarded-For believed only from trusted proxies."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from healthassets.api.limits import RequestLimit, client_address
from healthassets.app import create_app


def scope(peer: str, forwarded: str | None = None) -> dict[str, object]:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return {"type": "http", "client": (peer, 50000), "headers": headers}


def test_forwarded_for_counts_only_from_trusted_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HEALTHASSETS_TRUSTED_PROXIES", raising=False)
    assert client_address(scope("203.0.113.9", "198.51.100.1")) == "203.0.113.9"
    monkeypatch.setenv("HEALTHASSETS_TRUSTED_PROXIES", "10.0.0.1, 10.0.0.2")
    assert client_address(scope("203.0.113.9", "198.51.100.1")) == "203.0.113.9"
    assert client_address(scope("10.0.0.1", "198.51.100.1")) == "198.51.100.1"
    # a client's own forged entry is left of the address the proxies saw; proxies are skipped
    assert client_address(scope("10.0.0.1", "1.2.3.4, 198.51.100.1, 10.0.0.2")) == "198.51.100.1"
    assert client_address(scope("10.0.0.1")) == "10.0.0.1"


def test_sliding_window(engine: Engine) -> None:
    limit = RequestLimit(2, window=60)
    assert limit.wait(engine, "a") == limit.wait(engine, "a") == 0
    assert 1 <= limit.wait(engine, "a") <= 60
    assert limit.wait(engine, "b") == 0
    assert RequestLimit(0).wait(engine, "a") == 0  # 0: no limit


@pytest.mark.db
def test_too_many_requests_get_429_with_retry_after(loaded_engine: Engine) -> None:
    app = create_app(loaded_engine, secret_key="limits")
    app.state.api_rate_limit.limit = 3
    app.state.api_rate_limit.reset(loaded_engine)  # the window is the database's, shared by the tests
    with TestClient(app) as client:
        statuses = [client.get("/api/v1/areas/E0800000" + str(n)).status_code for n in range(1, 5)]
        assert 429 not in statuses[:3] and statuses[3] == 429
        refused = client.get("/openreferral/taxonomies")
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert refused.json()["error"]["message"].startswith("too many requests")
        assert client.get("/").status_code == 200  # pages are not the API
