"""``healthassets serve``: uvicorn must not rewrite the client address from X-Forwarded-For (its
default believes any local client), so the site's own trusted-proxy rule is the only one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def test_serve_leaves_forwarded_headers_to_the_site(
    run_cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import uvicorn

    monkeypatch.setenv("HEALTHASSETS_SECRET_KEY", "test secret")
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    outcome = run_cli("serve", "--database", f"sqlite:///{tmp_path / 'site.db'}", "--port", "8123")
    assert outcome.code == 0, outcome.err
    assert calls and calls[0]["proxy_headers"] is False and calls[0]["port"] == 8123
