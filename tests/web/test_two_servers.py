"""Two `healthassets serve` processes — one of them with two workers — on two ports against one
database (issue 12: nothing the site needs lives in one process): a session signed in on one is
valid on the other, the submission limit counts across both, a moderation on one is seen on the
other's public pages at once, and the indicator refresh it asks for runs once (docs/adr/0076).

It runs in both passes: on SQLite the servers share one file (workers on one machine), in the
PostgreSQL pass one PostgreSQL database (many machines)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from healthassets.assets.vocabulary import Role
from healthassets.services.accounts import create_account
from healthassets.store import leases
from tests.web.helpers import DATA, PASSWORD, csrf_of, suggestion

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(url: str, port: int, folder: Path, workers: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHASSETS_")}
    env["HEALTHASSETS_DATA_DIR"] = str(DATA)  # no secret key: the servers must agree through the database
    command = [sys.executable, "-m", "healthassets.cli", "serve", "--database", url, "--port", str(port)]
    log = (folder / f"server-{port}.log").open("wb")
    return subprocess.Popen(
        [*command, "--workers", str(workers)],
        cwd=folder,  # each its own directory: nothing shared on disk
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server at {base} stopped:\n{log.read_text()}")
        try:
            if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    pytest.fail(f"the server at {base} did not start:\n{log.read_text()}")


@pytest.fixture
def two_servers(geography_engine: Engine, tmp_path: Path) -> Iterator[tuple[str, str]]:
    url = geography_engine.url.render_as_string(hide_password=False)
    create_account(geography_engine, "mod@example.org", PASSWORD, Role.MODERATOR)
    ports = free_port(), free_port()
    servers = []
    for port, workers in zip(ports, (2, 1), strict=True):
        folder = tmp_path / f"machine-{port}"
        folder.mkdir()
        servers.append((start_server(url, port, folder, workers), folder / f"server-{port}.log"))
    try:
        bases = tuple(f"http://127.0.0.1:{port}" for port in ports)
        for base, (process, log) in zip(bases, servers, strict=True):
            wait_until_up(base, process, log)
        yield bases[0], bases[1]
    finally:
        for process, _log in servers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process, _log in servers:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)


def sign_in(client: httpx.Client, base: str) -> None:
    page = client.get(f"{base}/login")
    data = {"email": "mod@example.org", "password": PASSWORD, "csrf_token": csrf_of(page.text), "next": "/"}
    assert client.post(f"{base}/login", data=data).status_code == 303


def test_two_servers_share_sessions_limits_and_moderation(
    two_servers: tuple[str, str], geography_engine: Engine
) -> None:
    first, second = two_servers
    moderator = httpx.Client(timeout=60)
    visitor = httpx.Client(timeout=60)
    public = httpx.Client(timeout=60)  # no cookie at all: served from each server's response cache

    # a session signed in on one server is valid on the other (cookie key and session row shared)
    sign_in(moderator, first)
    queue = moderator.get(f"{second}/moderation")
    assert queue.status_code == 200 and "/login" not in str(queue.url)

    # the suggestion limit (10 an hour per address) counts across both: the 11th is refused by either
    csrf = csrf_of(visitor.get(f"{first}/assets/new").text)  # the visitor's session, valid on both
    statuses = []
    for n in range(11):
        form = suggestion(name=f"Shared Garden {n}", csrf_token=csrf, postcode="OL1 1AA")
        del form["latitude"], form["longitude"]  # placed at the postcode, near OL1 1AA's page
        statuses.append(visitor.post(f"{(first, second)[n % 2]}/assets/new", data=form).status_code)
    assert statuses == [303] * 10 + [429], statuses
    refused = visitor.post(f"{first}/assets/new", data=suggestion(csrf_token=csrf))
    assert refused.status_code == 429  # and by the other server too

    # a moderation on one server is on the other's public pages at once (cached ones included)
    for _ in range(2):
        before = public.get(f"{first}/postcodes/OL11AA")
        assert before.status_code == 200 and "Shared Garden 3" not in before.text
    queue = moderator.get(f"{second}/moderation")
    asset_id = queue.text.split('id="submitted-', 1)[1][:36]
    assert public.get(f"{first}/assets/{asset_id}").status_code == 404  # not yet published
    approval = {"action": "approve", "csrf_token": csrf_of(queue.text)}
    decision = moderator.post(f"{second}/moderation/assets/{asset_id}", data=approval)
    assert decision.status_code == 303
    shown = public.get(f"{first}/assets/{asset_id}")
    assert shown.status_code == 200
    name = shown.text.split("<h1", 1)[1].split(">", 1)[1].split("<", 1)[0].strip()
    assert name.startswith("Shared Garden")
    assert name in public.get(f"{first}/postcodes/OL11AA").text  # the cached page expired at once

    # the indicator refresh the moderation asked for runs in one process, and covers the request
    deadline = time.monotonic() + 180
    while leases.requests(geography_engine, "asset-indicators")[1] < 1 and time.monotonic() < deadline:
        time.sleep(0.5)
    requested, done = leases.requests(geography_engine, "asset-indicators")
    assert requested == done == 1
