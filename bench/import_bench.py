"""Import of a generated 1,000,000-row Fingertips CSV into a fresh SQLite file.

Set-up (not timed): a SQLite database holding the bundled geography (about 46,000 areas), and a
Fingertips data-download CSV of 1,000,000 valid rows over those areas (unique keys, CIs bracketing
their values, every column of a real download). Timed: ``import_fingertips_csv`` on a copy of that
database, in a subprocess so ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` is the import's own peak
memory. Targets: ≤ 20 s and ≤ 1.5 GB.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROWS = 1_000_000
TARGET_SECONDS = 20.0
TARGET_BYTES = 1.5 * 1024**3
DATA = Path(__file__).resolve().parents[1] / "data"

CHILD = """
import json, resource, sys, time
from healthassets.services.loading import import_fingertips_csv
from healthassets.store.database import make_engine
engine = make_engine(sys.argv[1])
started = time.perf_counter()
report = import_fingertips_csv(engine, sys.argv[2])
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
print(json.dumps({"seconds": seconds, "peak_bytes": peak, "loaded": report.rows_loaded,
                  "rejected": report.rows_rejected}))
"""


def make_database(path: Path) -> list[str]:
    """A migrated SQLite file holding the bundled geography; returns the area codes."""
    from sqlalchemy import select

    from healthassets.services.loading import load_geography
    from healthassets.store.database import make_engine, upgrade
    from healthassets.store.models import Area

    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    load_geography(engine, DATA)
    with engine.connect() as connection:
        codes = sorted(connection.scalars(select(Area.code)))
    engine.dispose()
    return codes


def make_csv(path: Path, areas: list[str], rows: int = ROWS, seed: int = 11) -> None:
    """``rows`` valid Fingertips rows: every area × (indicator, year, sex) until ``rows``."""
    rng = np.random.default_rng(seed)
    position = np.arange(rows)
    codes = np.asarray(areas, dtype=object)
    combo = position // len(codes)
    year = 2000 + combo // 6
    sex = np.asarray(["Persons", "Male", "Female"], dtype=object)[combo % 3]
    indicator = 90000 + (combo // 3) % 2
    denominator = rng.integers(100, 100_000, rows)
    count = rng.binomial(denominator, 0.12)
    value = count / denominator * 100
    half = 1.96 * np.sqrt(value * (100 - value) / denominator) + 0.01
    frame = pd.DataFrame(
        {
            "Indicator ID": indicator,
            "Indicator Name": np.where(indicator == 90000, "Bench indicator A", "Bench indicator B"),
            "Parent Code": "E92000001",
            "Parent Name": "England",
            "Area Code": codes[position % len(codes)],
            "Area Name": "Somewhere",
            "Area Type": "LSOA",
            "Sex": sex,
            "Age": "All ages",
            "Category Type": "",
            "Category": "",
            "Time period": year.astype(str),
            "Value": value,
            "Lower CI 95.0 limit": value - half,
            "Upper CI 95.0 limit": value + half,
            "Lower CI 99.8 limit": value - 1.6 * half,
            "Upper CI 99.8 limit": value + 1.6 * half,
            "Count": count,
            "Denominator": denominator,
            "Value note": "",
            "Recent Trend": "Cannot be calculated",
            "Compared to England value or percentiles": "Similar",
            "Compared to percentiles": "Not compared",
            "Time period Sortable": year * 10000,
            "New data": "",
            "Compared to goal": "",
            "Time period range": "1y",
        }
    )
    frame.to_csv(path, index=False)


def run() -> dict[str, object]:
    figures: dict[str, object] = {"rows": ROWS}
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "template.db"
        areas = make_database(template)
        source = Path(folder) / "fingertips.csv"
        started = time.perf_counter()
        make_csv(source, areas)
        print(f"generated {ROWS:,} rows over {len(areas):,} areas in {time.perf_counter() - started:.1f} s")
        target = Path(folder) / "import.db"
        shutil.copy(template, target)
        result = subprocess.run(
            [sys.executable, "-c", CHILD, f"sqlite:///{target}", str(source)],
            check=True,
            capture_output=True,
            text=True,
        )
        child = json.loads(result.stdout.strip().splitlines()[-1])
    seconds, peak = float(child["seconds"]), int(child["peak_bytes"])
    figures.update(
        import_s=round(seconds, 2),
        peak_memory_mb=round(peak / 1024**2),
        rows_loaded=child["loaded"],
        rows_rejected=child["rejected"],
        import_time_pass=seconds <= TARGET_SECONDS,
        import_memory_pass=peak <= TARGET_BYTES,
    )
    print(
        f"import {ROWS:,} rows into SQLite: {seconds:.2f} s (target ≤ {TARGET_SECONDS:.0f} s), "
        f"peak memory {peak / 1024**2:,.0f} MB (target ≤ {TARGET_BYTES / 1024**2:,.0f} MB); "
        f"{child['loaded']:,} loaded, {child['rejected']:,} rejected"
    )
    return figures


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
