"""The asset step of ``healthassets load`` on the real bundled layers (docs/adr/0051): Greater
Manchester and the national GP practice, pharmacy, dentist and library layers of England and Wales —
read and merge 36,522 records, save 34,996 assets, place them (STRtree point in polygon), write
counts and access (k-d trees, 2SFCA) for every area of England and Wales — then the same load again,
which finds nothing changed. Timed stage by stage, wall clock and CPU, on a temporary SQLite file
holding the bundled geography. Targets: first load ≤ 60 s, reload ≤ 30 s (wall).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from healthassets.services.assets import load_assets
from healthassets.services.loading import load_geography
from healthassets.store.database import make_engine, upgrade

DATA = Path(__file__).resolve().parents[1] / "data"
FIRST_TARGET_S, RELOAD_TARGET_S = 60.0, 30.0


def _timed(engine: Any) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    report = load_assets(engine, DATA, period="2026")
    return time.perf_counter() - wall, time.process_time() - cpu, report


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(engine)
        load_geography(engine, DATA)
        first_s, first_cpu, first = _timed(engine)
        again_s, again_cpu, again = _timed(engine)
        engine.dispose()
    layers = first.layers.layers.set_index("layer")
    figures: dict[str, Any] = {
        "records": int(first.layers.rows_kept),
        "merged": int(layers["merged"].sum()),
        "assets": int(first.saved.inserted),
        "placement": first.placement,
        "values": sum(r.rows_loaded for r in first.indicator_reports),
        "first_load_s": round(first_s, 1),
        "first_load_cpu_s": round(first_cpu, 1),
        "first_stages_s": {k: round(v, 1) for k, v in first.seconds.items()},
        "reload_s": round(again_s, 1),
        "reload_cpu_s": round(again_cpu, 1),
        "reload_stages_s": {k: round(v, 1) for k, v in again.seconds.items()},
        "reload_unchanged": again.saved.unchanged == again.saved.updated == first.saved.inserted,
        "first_load_pass": first_s <= FIRST_TARGET_S,
        "reload_pass": again_s <= RELOAD_TARGET_S,
    }
    for key, value in figures.items():
        print(f"{key:>20}: {value}")
    return figures


if __name__ == "__main__":
    run()
