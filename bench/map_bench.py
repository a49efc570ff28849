"""The asset map under a large register: 100,000 generated assets, viewport requests timed.

Set-up (not timed): a fresh SQLite database (migrated) gets 100,000 published assets at random
points over Greater Manchester's extent (seeded), inserted directly; the site runs in uvicorn on a
loopback port in this process's thread, as ``healthassets serve`` does.
Timed: ``GET /assets/map.geojson?bbox=…`` — what the Leaflet map asks for after every pan or zoom —
for 200 random viewports at each scale, one at a time, end to end over HTTP (server work + JSON):

- neighbourhood (≈ zoom 15, 0.02° × 0.012°, ~80 assets) and district (≈ zoom 13, 0.08° × 0.05°,
  ~1,300 assets) — the target: p95 ≤ 200 ms;
- the whole county (the page's first view, capped at 20,000 points) — reported, no target.

Figures: standard output and bench/out/map_bench.json.
"""

from __future__ import annotations

import socket
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from sqlalchemy import insert

ASSETS = 100_000
TARGET_P95_MS = 200.0
WEST, SOUTH, EAST, NORTH = -2.73, 53.33, -1.91, 53.69  # Greater Manchester's extent
SCALES = {"neighbourhood": (0.02, 0.012), "district": (0.08, 0.05), "county": (EAST - WEST, NORTH - SOUTH)}
REQUESTS = 200
TYPES = ["individual", "association", "institution", "physical", "economic", "cultural"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fill(engine: Any, seed: int = 7) -> None:
    from healthassets.store.models import Asset

    rng = np.random.default_rng(seed)
    lat = rng.uniform(SOUTH, NORTH, ASSETS)
    lon = rng.uniform(WEST, EAST, ASSETS)
    kinds = rng.integers(0, len(TYPES), ASSETS)
    rows = [
        {
            "id": str(uuid.UUID(int=int(rng.integers(0, 2**62)) * 4 + i % 4)),
            "name": f"Generated asset {i}",
            "asset_type": TYPES[kinds[i]],
            "physical": True,
            "is_person": False,
            "latitude": float(lat[i]),
            "longitude": float(lon[i]),
            "status": "published",
        }
        for i in range(ASSETS)
    ]
    with engine.begin() as connection:
        for start in range(0, ASSETS, 10_000):
            connection.execute(insert(Asset), rows[start : start + 10_000])


def time_viewports(client: httpx.Client, width: float, height: float, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    times, sizes = [], []
    for _ in range(REQUESTS):
        west = rng.uniform(WEST, EAST - width) if width < EAST - WEST else WEST
        south = rng.uniform(SOUTH, NORTH - height) if height < NORTH - SOUTH else SOUTH
        bbox = f"{west:.5f},{south:.5f},{west + width:.5f},{south + height:.5f}"
        started = time.perf_counter()
        response = client.get("/assets/map.geojson", params={"bbox": bbox})
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        sizes.append(len(response.json()["features"]))
    ms = np.asarray(times)
    return {
        "p50_ms": round(float(np.percentile(ms, 50)), 1),
        "p95_ms": round(float(np.percentile(ms, 95)), 1),
        "max_ms": round(float(ms.max()), 1),
        "mean_points": round(float(np.mean(sizes)), 1),
    }


def run() -> dict[str, Any]:
    import uvicorn

    from healthassets.app import create_app
    from healthassets.store.database import make_engine, upgrade

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'map.db'}")
        upgrade(engine)
        started = time.perf_counter()
        fill(engine)
        setup = time.perf_counter() - started
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(engine, secret_key="bench"), port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        figures: dict[str, Any] = {"assets": ASSETS, "insert_seconds": round(setup, 1)}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            client.get("/assets/map.geojson", params={"bbox": "-2.3,53.4,-2.2,53.5"})  # warm up
            for seed, (scale, (width, height)) in enumerate(SCALES.items()):
                figures[scale] = time_viewports(client, width, height, seed)
                print(f"{scale:>13}: {figures[scale]}", flush=True)
        server.should_exit = True
        thread.join(10)
        engine.dispose()
    worst = max(figures[s]["p95_ms"] for s in ("neighbourhood", "district"))
    figures["viewport_p95_ms"] = worst
    figures["viewport_p95_pass"] = worst <= TARGET_P95_MS
    print(f"map viewport p95 {worst} ms (target ≤ {TARGET_P95_MS:.0f} ms)")
    return figures
