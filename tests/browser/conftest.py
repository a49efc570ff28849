"""Browser fixtures: the whole site served live on the real bundled data, driven by Debian's Chromium.

``live_server`` runs uvicorn in a background thread on a free loopback port with
``create_app(loaded_engine)`` (the session's real-data database). ``browser`` is one Chromium per
session, launched by Playwright from ``/usr/bin/chromium`` (``scripts/system_deps.sh test`` installs it;
Playwright never downloads a browser here). Each test gets a fresh context (cookies, language) and page;
``nojs_page`` has JavaScript disabled. ``axe`` injects axe-core (npm) and returns the WCAG 2.2 AA
violations of the current page. See docs/adr/0023-browser-tests.md.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.browser.helpers import axe_violations

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("HEALTHASSETS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: generous: a cold profile page takes seconds on a busy 2-core machine; tests never assert durations
TIMEOUT_MS = 30_000
NAVIGATION_TIMEOUT_MS = 60_000


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    """uvicorn serving ``app`` in a daemon thread; ``url`` is its root without a trailing slash."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="live-server", daemon=True)

    def start(self, timeout: float = 30.0) -> None:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the live server did not start on {self.url}")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(loaded_engine: Engine) -> Iterator[str]:
    """The site (pages and JSON API) on the real bundled data; yields its base URL."""
    from healthassets.app import create_app

    server = LiveServer(create_app(loaded_engine))
    server.start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the session."""
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} missing: run `bash scripts/system_deps.sh test` (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _new_page(browser: Any, base_url: str, **options: Any) -> Any:
    context = browser.new_context(base_url=base_url, accept_downloads=True, locale="en-GB", **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: _note_failed_resource(errors, response))
    page.on("requestfailed", lambda request: _note_failed_request(errors, request))
    page.js_errors = errors
    return page


def _note_failed_resource(errors: list[str], response: Any) -> None:
    """A script, style sheet, image, font or fetch the page needed that answered with an error."""
    if response.status >= 400 and response.request.resource_type != "document":
        errors.append(f"HTTP {response.status} for {response.request.resource_type} {response.url}")


def _note_failed_request(errors: list[str], request: Any) -> None:
    failure = request.failure or ""
    # navigating away aborts what the old page was still loading: not an error of the site
    if request.resource_type != "document" and "ERR_ABORTED" not in failure:
        errors.append(f"{failure} for {request.resource_type} {request.url}")


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A fresh browser context and page (JavaScript on) with the live server as base URL.

    ``page.js_errors`` collects uncaught JavaScript errors and resources (scripts, styles, images,
    fetches) that failed to load; the test fails if any occurred.
    """
    new = _new_page(browser, live_server, viewport={"width": 1280, "height": 900})
    yield new
    errors = list(new.js_errors)
    new.context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture(scope="session")
def welsh_server(welsh_engine: Engine) -> Iterator[str]:
    """The site over the Welsh test database (tests/welsh_profile.py); yields its base URL."""
    from healthassets.app import create_app

    server = LiveServer(create_app(welsh_engine))
    server.start()
    yield server.url
    server.stop()


@pytest.fixture(params=[1280, 390], ids=["wide", "narrow"])
def welsh_page(browser: Any, welsh_server: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh page on :func:`welsh_server`, 1280 and 390 pixels wide (JavaScript errors fail the test)."""
    new = _new_page(browser, welsh_server, viewport={"width": request.param, "height": 900})
    yield new
    errors = list(new.js_errors)
    new.context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def nojs_page(browser: Any, live_server: str) -> Iterator[Any]:
    """A fresh page with JavaScript disabled: the site must work as plain HTML forms and links."""
    new = _new_page(browser, live_server, java_script_enabled=False)
    yield new
    new.context.close()


@pytest.fixture
def axe() -> Callable[[Any], list[dict[str, Any]]]:
    return axe_violations


@pytest.fixture(scope="session")
def register_server(
    tmp_path_factory: pytest.TempPathFactory, postgres_url: str | None, worker: str
) -> Iterator[Any]:
    """A second live site over its own database — geography, the real Greater Manchester asset
    register and the demo profile — for journeys that write (suggest, moderate). Yields the server
    with ``.app`` so tests can wait for background work."""
    from healthassets.app import create_app
    from healthassets.assets.vocabulary import Role
    from healthassets.services.accounts import create_account
    from healthassets.services.assets import load_assets
    from healthassets.services.loading import load_geography
    from healthassets.services.profiles import ensure_profiles
    from tests.conftest import DATA, _empty_engine, _postgres_url

    url = _postgres_url(worker, "_register") if postgres_url else None
    engine = _empty_engine(url, tmp_path_factory.mktemp("register"))
    load_geography(engine, DATA)
    load_assets(engine, DATA)
    ensure_profiles(engine)
    create_account(engine, "moderator@example.org", REGISTER_PASSWORD, Role.MODERATOR)
    app = create_app(engine, DATA, secret_key="browser tests")
    server = LiveServer(app)
    server.app = app  # type: ignore[attr-defined]
    server.start()
    yield server
    app.state.asset_refresher.wait(120)
    server.stop()
    engine.dispose()


REGISTER_PASSWORD = "moderator password 1"
