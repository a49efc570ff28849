"""The site under a mixed load (issue 12 part 5): 50 concurrent readers across profiles, indicator
pages, the values API and CSV exports, 5 concurrent writers submitting assets and stories, one
moderator approving, for 60 s, against ``healthassets serve --workers 2`` on PostgreSQL (loopback).

Set-up (not timed): a throwaway PostgreSQL cluster (``scripts/with_postgres.sh``; the bench re-runs
itself inside it), ``healthassets load --skip-sensitivity`` (the bundled data) and a moderator
account; the server trusts 127.0.0.1 as its proxy, so each writer gives its own address in
``X-Forwarded-For`` and has its own identity for the per-address submission limit (10 an hour).

Reported: per kind of request the count and p50/p95/p99 latency (ms); 5xx responses (target 0);
submissions accepted (303) and refused (429: counted and reported, never as accepted); then every
accepted submission is looked for in the database afterwards (target: all present). Figures:
standard output and bench/out/load_bench.json. ``LOAD_SECONDS`` (default 60) shortens a trial run;
``HEALTHASSETS_BENCH_DATABASE`` serves an already loaded database instead of loading one.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from bench.web_bench import free_port, wait_until_up

ROOT = Path(__file__).resolve().parents[1]
HEALTHASSETS = [sys.executable, "-m", "healthassets.cli"]
READERS, WRITERS = 50, 5
PASSWORD = "bench moderator walks the canal towpath at dawn"
MODERATOR = "moderator@bench.example"
READ_PATHS = {
    "profile": ["/areas/E08000004", "/areas/E07000117", "/areas/E06000008", "/areas/E02001000"],
    "indicator": ["/indicators/93088", "/indicators/90362", "/indicators/92033"],
    "api": [
        "/api/v1/values?indicator=93015&area_type=ltla&latest=true",
        "/api/v1/areas/E08000004",
        "/api/v1/values?indicator=92033&parent=E12000002&area_type=ltla",
    ],
    "export": ["/indicators/93088/data.csv", "/areas/E08000004/data.csv"],
}


def csrf_of(text: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', text)
    return found.group(1) if found else ""


class Recorder:
    """Latencies and statuses per kind, shared by the threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.accepted: list[str] = []

    def add(self, kind: str, status: int, ms: float) -> None:
        with self.lock:
            self.times[kind].append(ms)
            self.statuses[kind][status] += 1


def timed(
    client: httpx.Client, recorder: Recorder, kind: str, method: str, url: str, **kw: Any
) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        response = client.request(method, url, **kw)
    except httpx.HTTPError:
        recorder.add(kind, 599, (time.perf_counter() - started) * 1000)  # a failed connection
        return None
    recorder.add(kind, response.status_code, (time.perf_counter() - started) * 1000)
    return response


def reader(base: str, n: int, until: float, recorder: Recorder) -> None:
    paths = [(kind, path) for kind, listed in READ_PATHS.items() for path in listed]
    rng = np.random.default_rng(n)
    with httpx.Client(base_url=base, timeout=60) as client:
        while time.monotonic() < until:
            kind, path = paths[int(rng.integers(len(paths)))]
            timed(client, recorder, kind, "GET", path)


def writer(base: str, n: int, until: float, recorder: Recorder, asset_id: str) -> None:
    headers = {"X-Forwarded-For": f"10.9.{n}.1"}  # its own identity, through the trusted proxy
    with httpx.Client(base_url=base, timeout=60, headers=headers) as client:
        page = client.get("/assets/new")
        csrf, k = csrf_of(page.text), 0
        while time.monotonic() < until:
            k += 1
            name = f"Bench garden {n}-{k}"
            form = {
                "name": name, "description": "Volunteers grow food together.", "asset_type": "association",
                "dimensions": ["natural_environment"], "five_ways": ["connect"], "physical": "yes",
                "latitude": "53.5409", "longitude": "-2.1114", "csrf_token": csrf,
            }  # fmt: skip
            response = timed(client, recorder, "submit asset", "POST", "/assets/new", data=form)
            if response is not None and response.status_code == 303:
                with recorder.lock:
                    recorder.accepted.append(f"asset:{name}")
            title = f"Bench story {n}-{k}"
            story = {"title": title, "body": "We met every week.", "csrf_token": csrf}
            response = timed(
                client, recorder, "submit story", "POST", f"/assets/{asset_id}/stories", data=story
            )
            if response is not None and response.status_code == 303:
                with recorder.lock:
                    recorder.accepted.append(f"story:{title}")
            time.sleep(0.5)


def moderator(base: str, until: float, recorder: Recorder) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        login = client.get("/login")
        data = {"email": MODERATOR, "password": PASSWORD, "csrf_token": csrf_of(login.text), "next": "/"}
        client.post("/login", data=data)
        while time.monotonic() < until:
            queue = timed(client, recorder, "moderation queue", "GET", "/moderation")
            found = re.search(r'id="submitted-([0-9a-f-]{36})"', queue.text) if queue is not None else None
            if found is None:
                time.sleep(1)
                continue
            approval = {"action": "approve", "csrf_token": csrf_of(queue.text)}  # type: ignore[union-attr]
            timed(client, recorder, "moderate", "POST", f"/moderation/assets/{found.group(1)}", data=approval)


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return {"p50_ms": round(float(p50), 1), "p95_ms": round(float(p95), 1), "p99_ms": round(float(p99), 1)}


def present(database: str, accepted: list[str]) -> int:
    """How many of the accepted submissions are in the database afterwards."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database)
    with engine.connect() as connection:
        assets = set(connection.scalars(text("SELECT name FROM assets WHERE name LIKE 'Bench garden %'")))
        stories = set(connection.scalars(text("SELECT title FROM stories WHERE title LIKE 'Bench story %'")))
    engine.dispose()
    return sum(
        (kind == "asset" and name in assets) or (kind == "story" and name in stories)
        for kind, name in (item.split(":", 1) for item in accepted)
    )


def published_asset(database: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(database)
    with engine.connect() as connection:
        found = connection.scalar(
            text("SELECT id FROM assets WHERE status = 'published' ORDER BY id LIMIT 1")
        )
    engine.dispose()
    return str(found)


def run_load(database: str, seconds: float) -> dict[str, Any]:
    env = {**os.environ, "HEALTHASSETS_TRUSTED_PROXIES": "127.0.0.1", "HEALTHASSETS_ADMIN_PASSWORD": PASSWORD}
    subprocess.run(
        [*HEALTHASSETS, "create-admin", "--database", database, "--email", MODERATOR],
        env=env, check=False, capture_output=True,
    )  # fmt: skip
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*HEALTHASSETS, "serve", "--database", database, "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    recorder = Recorder()
    try:
        wait_until_up(f"{base}/openapi.json", server)
        asset_id = published_asset(database)
        until = time.monotonic() + seconds
        threads = [threading.Thread(target=reader, args=(base, n, until, recorder)) for n in range(READERS)]
        threads += [
            threading.Thread(target=writer, args=(base, n, until, recorder, asset_id)) for n in range(WRITERS)
        ]
        threads.append(threading.Thread(target=moderator, args=(base, until, recorder)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        os.killpg(server.pid, 15)
        server.wait(30)
    kinds = {
        kind: {"requests": len(times), **percentiles(times), "statuses": dict(recorder.statuses[kind])}
        for kind, times in recorder.times.items()
    }
    errors = sum(count for s in recorder.statuses.values() for status, count in s.items() if status >= 500)
    refused = sum(s.get(429, 0) for s in recorder.statuses.values())
    found = present(database, recorder.accepted)
    return {
        "seconds": seconds,
        "readers": READERS,
        "writers": WRITERS,
        "kinds": kinds,
        "server_errors": errors,
        "accepted_submissions": len(recorder.accepted),
        "refused_429": refused,
        "accepted_present_afterwards": found,
        "no_5xx_pass": errors == 0,
        "all_accepted_present_pass": found == len(recorder.accepted),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def inner() -> None:
    """Inside the PostgreSQL cluster: load, then the load test; the figures to the file named by argv."""
    database = os.environ["HEALTHASSETS_DATABASE_URL"]
    started = time.perf_counter()
    subprocess.run(
        [*HEALTHASSETS, "load", "--database", database, "--skip-sensitivity", "--report", os.devnull],
        check=True,
    )
    figures = {"load_seconds": round(time.perf_counter() - started, 1)}
    figures.update(run_load(database, float(os.environ.get("LOAD_SECONDS", "60"))))
    Path(sys.argv[2]).write_text(json.dumps(figures))


def run() -> dict[str, Any]:
    reuse = os.environ.get("HEALTHASSETS_BENCH_DATABASE")
    if reuse:
        figures = run_load(reuse, float(os.environ.get("LOAD_SECONDS", "60")))
    else:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "figures.json"
            command = [
                "bash",
                str(ROOT / "scripts" / "with_postgres.sh"),
                sys.executable,
                "-m",
                "bench.load_bench",
            ]
            subprocess.run([*command, "--inner", str(out)], check=True, cwd=ROOT)
            figures = json.loads(out.read_text())
    for kind, found in figures["kinds"].items():
        print(f"{kind}: {found}", flush=True)
    print(
        f"5xx: {figures['server_errors']}; submissions accepted {figures['accepted_submissions']}, "
        f"refused (429) {figures['refused_429']}, accepted and present afterwards "
        f"{figures['accepted_present_afterwards']}",
        flush=True,
    )
    return figures


if __name__ == "__main__":
    if sys.argv[1:2] == ["--inner"]:
        inner()
    else:
        print(json.dumps(run(), indent=2))
