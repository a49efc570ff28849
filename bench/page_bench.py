"""Every page type's first, uncached visit against a single-area lookup in the JSON API (issue 9, part 2;
docs/adr/0044).

Set-up (not timed): ``healthassets load`` into a fresh SQLite file (the bundled real data, which also
builds the derived tables: the load's own report gives that time), then ``healthassets serve`` on a
free loopback port in a subprocess with ``HEALTHASSETS_BENCH_UNCACHED=1``, so that requests carrying
``X-Healthassets-Uncached: 1`` skip the response cache and the memoised page data. One request to the
home page starts the process up (templates compiled, modules imported); nothing measured is warmed.

Timed, per URL, in this order: the uncached request (with the header: the first visit's cost), then
two plain requests — the first stores the response, the second is the cached time. Pages: the area
profile of 20 areas of each type that have values (every region where there are fewer: England has 9),
20 indicator pages, 20 compare pages (two districts each), 20 asset-list pages (a covered area each,
or a page of the whole list), the assets-and-needs page of five large authorities by LSOA and ward and
six composite-index pages (every authority; a large authority's small areas);
the reference is ``/api/v1/areas/{code}`` (uncached) for the same areas. With
``HEALTHASSETS_BENCH_DATABASE`` set to a loaded database's URL the load is skipped and that one served.
Reported per page type: median uncached, median cached, median uncached lookup, and their ratio with
the target ≤ 20× (``<type>_pass``). Figures: standard output and bench/out/page_bench.json.
"""

from __future__ import annotations

import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bench.web_bench import free_port, wait_until_up

HEALTHASSETS = [sys.executable, "-m", "healthassets.cli"]
UNCACHED = {"X-Healthassets-Uncached": "1"}
PER_TYPE = 20
TARGET_RATIO = 20.0
#: page type → the area types it covers (Fingertips' groups: county/UA is the upper tier)
AREA_CLASSES = {
    "region": ("region",),
    "county_ua": ("county", "unitary"),
    "district": ("district", "metropolitan", "london-borough"),
    "msoa": ("msoa",),
    "lsoa": ("lsoa",),
}


def timed(url: str, headers: dict[str, str] | None = None) -> tuple[int, float]:
    """HTTP status and milliseconds of one GET (body read in full)."""
    request = urllib.request.Request(url, headers=headers or {})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            status = int(response.status)
    except urllib.error.HTTPError as error:
        error.read()
        status = int(error.code)
    return status, (time.perf_counter() - started) * 1000


def spread(codes: list[str], count: int) -> list[str]:
    """``count`` codes spread evenly over the sorted list (all of them when fewer)."""
    codes = sorted(codes)
    if len(codes) <= count:
        return codes
    step = len(codes) / count
    return [codes[int(i * step)] for i in range(count)]


def choose(database: str) -> dict[str, list[str]]:
    """The paths to request, per page type, and the areas for the API reference."""
    from sqlalchemy import text

    from healthassets.store.database import make_engine

    engine = make_engine(database)
    with engine.connect() as connection:
        valued = connection.execute(
            text(
                "SELECT a.code, a.area_type FROM areas a WHERE EXISTS "
                "(SELECT 1 FROM indicator_values v WHERE v.area_code = a.code)"
            )
        ).all()
        regions = list(connection.scalars(text("SELECT code FROM areas WHERE area_type = 'region'")))
        # an indicator page lists local authorities, else (small areas only) the LSOAs/MSOAs of a parent;
        # indicators of GP practices alone need a practice's parent and are left out
        kinds = connection.execute(
            text(
                "SELECT v.indicator_id, "
                "SUM(CASE WHEN a.area_type IN ('district', 'metropolitan', 'london-borough', 'unitary', "
                "'county') THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN a.area_type IN ('lsoa', 'msoa') THEN 0 ELSE 1 END) "
                "FROM indicator_values v JOIN areas a ON a.code = v.area_code GROUP BY v.indicator_id"
            )
        ).all()
        indicators = [i for i, authorities, other in kinds if authorities or not other]
        small_area_only = {i for i, authorities, other in kinds if not other}
        covered = list(connection.scalars(text("SELECT area_code FROM coverage ORDER BY area_code")))
    engine.dispose()
    covered_district = next((c for c in covered if c.startswith("E08")), "E08000003")
    paths: dict[str, list[str]] = {}
    areas: list[str] = []
    for name, types in AREA_CLASSES.items():
        pool = regions if name == "region" else [c for c, t in valued if t in types]
        chosen = spread(pool, PER_TYPE)
        areas += chosen
        paths[f"area_{name}"] = [f"/areas/{code}" for code in chosen]
    small = {str(i) for i in small_area_only}
    paths["indicator"] = [
        f"/indicators/{i}" + (f"?parent={covered_district}" if i in small else "")
        for i in spread([str(i) for i in indicators], PER_TYPE)
    ]
    authorities = spread(
        [c for c, t in valued if t in (*AREA_CLASSES["district"], *AREA_CLASSES["county_ua"])], 40
    )
    pairs = list(itertools.pairwise(authorities))[:PER_TYPE]
    paths["compare"] = [f"/compare?areas={a}&areas={b}" for a, b in pairs]
    listed = [f"/assets?area={code}" for code in spread(covered, PER_TYPE - 5)]
    paths["assets"] = listed + [f"/assets?page={n}" for n in range(1, 1 + PER_TYPE - len(listed))]
    # assets beside needs for the largest authorities (Birmingham's 640 LSOAs, Leeds, Cornwall…)
    large = ("E08000025", "E08000035", "E06000052", "E08000003", "W06000015")
    paths["assets_and_needs"] = [f"/areas/{a}/assets-and-needs" for a in large] + [
        f"/areas/{a}/assets-and-needs?level=ward" for a in large
    ]
    # the composite indices (docs/adr/0063): every authority, and the small areas of a large one
    paths["index"] = [
        "/indices/phw-domains",
        "/indices/warm?country=W",
        "/indices/phw-domains?d.community=0",
        "/indices/imd2025?parent=E08000025",
        "/indices/community-assets?parent=E08000025",
        "/indices/community-assets?level=ward&parent=E06000052",
    ]
    paths["api_lookup"] = [f"/api/v1/areas/{code}" for code in areas]
    return paths


def measure(root: str, paths: list[str]) -> dict[str, Any]:
    uncached, cached, statuses = [], [], []
    for path in paths:
        status, first = timed(root + path, UNCACHED)
        timed(root + path)  # stores the response
        _, second = timed(root + path)
        uncached.append(first)
        cached.append(second)
        statuses.append(status)
    return {
        "urls": len(paths),
        "non_200": sum(s != 200 for s in statuses),
        "uncached_median_ms": round(statistics.median(uncached), 1),
        "uncached_max_ms": round(max(uncached), 1),
        "cached_median_ms": round(statistics.median(cached), 1),
        "examples": paths[:3],
    }


def run() -> dict[str, object]:
    reuse = os.environ.get("HEALTHASSETS_BENCH_DATABASE")
    if reuse:  # an already loaded database (while working on a page: the load is not re-timed)
        return measure_site(reuse)
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{Path(folder) / 'pages.db'}"
        started = time.perf_counter()
        subprocess.run([*HEALTHASSETS, "load", "--database", database, "--report", os.devnull], check=True)
        load_seconds = round(time.perf_counter() - started, 1)
        print(f"loaded the bundled data (with the derived tables) in {load_seconds} s", flush=True)
        return {"load_seconds": load_seconds, **measure_site(database)}


def measure_site(database: str) -> dict[str, Any]:
    """Serve ``database`` and time every page type against the lookup (see the module docstring)."""
    figures: dict[str, Any] = {"cpus": os.cpu_count(), "target_ratio": TARGET_RATIO}
    paths = choose(database)
    port = free_port()
    root = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*HEALTHASSETS, "serve", "--database", database, "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HEALTHASSETS_BENCH_UNCACHED": "1"},
    )
    try:
        wait_until_up(f"{root}/openapi.json", server)
        timed(f"{root}/")  # process start-up (imports, templates), not a measured page
        results = {name: measure(root, group) for name, group in paths.items()}
    finally:
        server.terminate()
        server.wait(timeout=30)
    lookup = results.pop("api_lookup")
    figures["api_lookup"] = lookup
    print(
        f"reference /api/v1/areas/{{code}}: uncached median {lookup['uncached_median_ms']} ms "
        f"over {lookup['urls']} areas",
        flush=True,
    )
    for name, found in results.items():
        ratio = found["uncached_median_ms"] / max(lookup["uncached_median_ms"], 1e-3)
        found["ratio_to_lookup"] = round(ratio, 1)
        figures[name] = found
        figures[f"{name}_pass"] = bool(found["non_200"] == 0 and ratio <= TARGET_RATIO)
        print(
            f"{name}: {found['urls']} URLs, uncached median {found['uncached_median_ms']} ms "
            f"(max {found['uncached_max_ms']}), cached median {found['cached_median_ms']} ms, "
            f"{found['ratio_to_lookup']}× the lookup (target ≤ {TARGET_RATIO:.0f}×), "
            f"non-200 {found['non_200']}",
            flush=True,
        )
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    return figures


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
