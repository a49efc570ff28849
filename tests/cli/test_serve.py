"""``healthassets serve``: uvicorn must not rewrite the client address from X-Forwarded-For (its
default believes any local client), so the site's own trusted-proxy rule is the only one."""

from __future__ import annotations

import os
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


def test_serve_with_workers_runs_the_factory_in_each_on_the_same_database(
    run_cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import uvicorn

    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))
    monkeypatch.setenv("HEALTHASSETS_DATABASE_URL", "restored after the test")
    url = f"sqlite:///{tmp_path / 'site.db'}"
    outcome = run_cli("serve", "--database", url, "--workers", "3")
    assert outcome.code == 0, outcome.err
    ((app, options),) = calls
    assert app == "healthassets.app:create_app" and options["factory"] is True and options["workers"] == 3
    assert options["proxy_headers"] is False
    assert os.environ["HEALTHASSETS_DATABASE_URL"] == url  # what each worker's create_app() opens


def test_serve_refuses_workers_on_a_database_only_one_process_sees(run_cli: Any) -> None:
    outcome = run_cli("serve", "--database", "sqlite://", "--workers", "2")
    assert outcome.code == 2 and "in-memory SQLite" in outcome.err
    assert run_cli("serve", "--database", "sqlite://", "--workers", "0").code == 2


def test_serve_help_describes_workers(run_cli: Any) -> None:
    outcome = run_cli("serve", "--help")
    assert "--workers" in outcome.out and "stateless" in outcome.out
