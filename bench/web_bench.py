"""The web site under load: wrk against an area profile page and the values API.

Set-up (not timed): ``healthassets load`` into a fresh SQLite file (the bundled real data), then
``healthassets serve`` on a free loopback port in a subprocess (one uvicorn worker, as ``make run``);
each URL is requested a few times (the first request's time is reported: the uncached cost) and
then hit by wrk for 2 s to warm caches. Timed:
``wrk -t2 -c50 -d10s --latency URL`` (2 threads, 50 connections, 10 s) against

- ``/areas/E08000004`` (Oldham's profile page) — target p90 ≤ 100 ms;
- ``/api/v1/values?indicator=93015&area_type=ltla&latest=true&size=1000`` (physical inactivity: one
  value per district, as most indicators) — target p90 ≤ 50 ms;
- the same for the indicator with the most latest district rows (resident population: 60 sex × age
  breakdowns per district, the 1,000-row page limit) — reported, no target.

wrk's latency distribution (50/75/90/99 %) and requests per second are parsed from its report; a run
with non-2xx responses or socket errors fails its target whatever its latency. ``--timeout 30s`` (wrk's
default is 2 s) so that slow responses count in the distribution rather than being dropped.
The 1-minute load average is recorded: other work on the machine inflates the figures.
``scripts/system_deps.sh bench`` installs wrk (Debian package). Figures: standard output and
bench/out/web_bench.json.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

AREA = "E08000004"
PAGE_TARGET_MS = 100.0
API_TARGET_MS = 50.0
INDICATOR = 93015
WRK = ["-t2", "-c50", "-d10s", "--latency", "--timeout", "30s"]
UNITS_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}
HEALTHASSETS = [sys.executable, "-m", "healthassets.cli"]


def to_ms(text: str) -> float:
    """A wrk duration ('812.00us', '12.5ms', '1.02s') in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * UNITS_MS[match.group(2)]


def parse_wrk(report: str) -> dict[str, Any]:
    """p50/p75/p90/p99 (ms), requests/s, request count, non-2xx responses and socket errors."""
    figures: dict[str, Any] = {}
    for percent, duration in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", report, flags=re.MULTILINE):
        figures[f"p{percent}_ms"] = round(to_ms(duration), 2)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", report)
    total = re.search(r"(\d+) requests in", report)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", report)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report)
    figures["requests_per_s"] = float(rate.group(1)) if rate else None
    figures["requests"] = int(total.group(1)) if total else None
    figures["non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
    figures["socket_errors"] = sum(map(int, errors.groups())) if errors else 0
    if "p90_ms" not in figures:
        raise ValueError(f"wrk report without a latency distribution:\n{report}")
    return figures


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read()


def wait_until_up(url: str, server: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"healthassets serve exited with status {server.returncode}")
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"healthassets serve did not answer at {url}")


def busiest_indicator(database: str) -> int:
    """The indicator with the most latest district (ltla) values in the database."""
    from healthassets.store.database import make_engine
    from healthassets.store.values import ValueFilter, fetch_values

    engine = make_engine(database)
    frame = fetch_values(engine, ValueFilter(area_type="ltla", latest_only=True))
    engine.dispose()
    return int(frame.groupby("indicator_id").size().idxmax())


def wrk(url: str, arguments: list[str]) -> str:
    """wrk's report of a run against ``url``."""
    return subprocess.run(["wrk", *arguments, url], check=True, capture_output=True, text=True).stdout


def measure(name: str, url: str, target_ms: float | None) -> dict[str, Any]:
    started = time.perf_counter()
    status, body = fetch(url)
    cold_ms = round((time.perf_counter() - started) * 1000, 1)
    for _ in range(10):
        fetch(url)
    wrk(url, ["-t2", "-c10", "-d2s"])
    figures = {
        "url": url,
        "status": status,
        "bytes": len(body),
        "first_request_ms": cold_ms,
        **parse_wrk(wrk(url, WRK)),
        "target_p90_ms": target_ms,
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    clean = status == 200 and figures["non_2xx"] == 0 and figures["socket_errors"] == 0
    if target_ms is not None:
        figures[f"{name}_p90_pass"] = bool(clean and figures["p90_ms"] <= target_ms)
    target = f"target ≤ {target_ms:.0f}" if target_ms is not None else "no target"
    print(
        f"{name}: {url} (HTTP {status}, {len(body):,} bytes, first request {cold_ms} ms) "
        f"p50 {figures['p50_ms']} ms, "
        f"p90 {figures['p90_ms']} ms ({target}), p99 {figures['p99_ms']} ms, "
        f"{figures['requests_per_s']:,.0f} req/s, non-2xx {figures['non_2xx']}, "
        f"socket errors {figures['socket_errors']}; load average {figures['load_average_1min']}",
        flush=True,
    )
    return figures


def run() -> dict[str, object]:
    if shutil.which("wrk") is None:
        print("wrk missing: run `bash scripts/system_deps.sh bench`")
        return {"skipped": "wrk missing"}
    figures: dict[str, object] = {"wrk": " ".join(WRK), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{Path(folder) / 'web.db'}"
        started = time.perf_counter()
        subprocess.run([*HEALTHASSETS, "load", "--database", database, "--report", os.devnull], check=True)
        print(f"loaded the bundled data in {time.perf_counter() - started:.1f} s", flush=True)
        busiest = busiest_indicator(database)
        port = free_port()
        root = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [*HEALTHASSETS, "serve", "--database", database, "--host", "127.0.0.1", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(f"{root}/openapi.json", server)
            page = measure("area_page", f"{root}/areas/{AREA}", PAGE_TARGET_MS)
            api_path = "/api/v1/values?indicator={}&area_type=ltla&latest=true&size=1000"
            api = measure("values_api", root + api_path.format(INDICATOR), API_TARGET_MS)
            heavy = measure("values_api_busiest", root + api_path.format(busiest), None)
        finally:
            server.terminate()
            server.wait(timeout=30)
    figures.update(
        indicator=INDICATOR,
        busiest_indicator=busiest,
        area_page=page,
        values_api=api,
        values_api_busiest=heavy,
        area_page_p90_pass=page["area_page_p90_pass"],
        values_api_p90_pass=api["values_api_p90_pass"],
    )
    return figures


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
