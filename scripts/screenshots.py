"""Save screenshots of the main pages into docs/screenshots/ (linked from the README).

    .venv/bin/python scripts/screenshots.py [--database URL] [--out DIR]

Serves the site (``healthassets.app.create_app``) with uvicorn in a background thread on a free loopback
port over the database (default: the configured one, ``healthassets.db`` after ``make run`` or
``healthassets load``), opens each page in Debian's Chromium through Playwright (never a downloaded
browser; ``scripts/system_deps.sh test`` installs it) and saves a PNG of the first screen — or, for the
map, of its tab scrolled into view once Leaflet has drawn its polygons.
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
INDICATOR = "/indicators/93015?area_type=ltla&area=E08000004"
COMPARE = "/compare?areas=E08000004&areas=E08000003&areas=E08000001&indicators=93015&indicators=90453"


@dataclass(frozen=True)
class Shot:
    name: str
    path: str
    click: str | None = None  # a selector to click first (e.g. a tab)
    type_text: str | None = None  # typed into the focused search box (the autocomplete opens)
    scroll_to: str | None = None  # a selector to scroll into view
    wait_for: str | None = None  # a selector that must be present (e.g. the map's polygons)


SHOTS = [
    Shot("home", "/", type_text="Oldh", wait_for="#search-q__listbox [role=option]"),
    Shot("search", "/search?q=man"),
    Shot("area-profile", "/areas/E08000004?profile=needs&comparator=region"),
    Shot("area-profile-charts", "/areas/E08000004?profile=health-assets", scroll_to="#spider"),
    Shot("indicator", INDICATOR, scroll_to=".govuk-tabs", wait_for="#bar-chart svg, #bar-chart canvas"),
    Shot(
        "indicator-map",
        INDICATOR,
        click='a.govuk-tabs__tab[href="#map"]',
        scroll_to="#map",
        wait_for="#choropleth path.leaflet-interactive",
    ),
    Shot("compare", COMPARE),
    Shot("area-profile-welsh", "/areas/E08000004?lang=cy"),
    Shot("home-postcode", "/", type_text="ol1 1a", wait_for="#search-q__listbox [role=option]"),
    Shot(
        "postcode",
        "/postcodes/BL00BW",
        scroll_to="#postcode-areas",
        wait_for="#postcode-map .leaflet-marker-icon",
    ),
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(database: str | None) -> tuple[Any, str]:
    """uvicorn serving the site over ``database`` in a daemon thread; returns the server and its URL."""
    import uvicorn

    from healthassets.app import create_app
    from healthassets.store.database import make_engine

    port = free_port()
    app = create_app(make_engine(database))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def take(page: Any, shot: Shot, out: Path) -> Path:
    response = page.goto(shot.path, wait_until="networkidle")
    if response is None or response.status != 200:
        raise RuntimeError(f"{shot.path}: HTTP {response.status if response else '?'}")
    if shot.type_text:
        page.locator("#search-q").press_sequentially(shot.type_text, delay=60)
    if shot.click:
        page.locator(shot.click).first.click()
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
    if shot.wait_for:
        page.wait_for_selector(shot.wait_for, state="visible")
    if shot.scroll_to:
        page.locator(shot.scroll_to).first.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(500)  # let charts and tiles settle after scrolling
    target = out / f"{shot.name}.png"
    page.screenshot(path=str(target))
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="database URL (default: the configured one)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--only", nargs="*", help="names of the screenshots to take (default: all)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    server, url = start_server(args.database)
    failed = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(
                base_url=url, viewport={"width": 1280, "height": 960}, locale="en-GB", device_scale_factor=1
            )
            context.set_default_timeout(20_000)
            page = context.new_page()
            for shot in SHOTS:
                if args.only and shot.name not in args.only:
                    continue
                try:
                    print(f"{take(page, shot, args.out)}  ← {shot.path}")
                except Exception as error:  # one broken page must not stop the others
                    failed += 1
                    print(f"{shot.name}: FAILED {error}", file=sys.stderr)
            browser.close()
    finally:
        server.should_exit = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
