"""``healthassets calc proportion|rate`` on a generated 1,000,000-row CSV against the I/O floor.

The floor is pandas reading the same CSV and writing it back (C parser, default float format) —
what any tool must at least do. Target: calc ≤ 2× the floor. Measured in-process (the CLI's own
function) and as a subprocess (the real command, interpreter start-up included).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.cli import main

ROWS = 1_000_000


def make_csv(path: Path, rows: int = ROWS, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    denominator = rng.integers(50, 200_000, rows)
    pd.DataFrame(
        {
            "area": np.char.add("E0", rng.integers(1_000_000, 9_999_999, rows).astype(str)),
            "numerator": rng.binomial(denominator, 0.07),
            "denominator": denominator,
        }
    ).to_csv(path, index=False)


def floor(source: Path, target: Path) -> float:
    started = time.perf_counter()
    pd.read_csv(source, low_memory=False).to_csv(target, index=False)
    return time.perf_counter() - started


def calc_args(method: str, source: Path, target: Path) -> list[str]:
    """The command line after ``healthassets``."""
    columns = ["--numerator", "numerator", "--denominator", "denominator"]
    return ["calc", method, str(source), *columns, "-o", str(target)]


def in_process(method: str, source: Path, target: Path) -> float:
    started = time.perf_counter()
    try:
        main(calc_args(method, source, target))
    except SystemExit as stop:
        if stop.code:
            raise
    return time.perf_counter() - started


def as_subprocess(method: str, source: Path, target: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "healthassets.cli", *calc_args(method, source, target)], check=True)
    return time.perf_counter() - started


def run() -> dict[str, object]:
    figures: dict[str, object] = {"rows": ROWS}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "input.csv"
        target = Path(folder) / "output.csv"
        make_csv(source)
        floor_seconds = min(floor(source, target) for _ in range(2))
        figures["floor_s"] = round(floor_seconds, 3)
        print(f"I/O floor (pandas read + write {ROWS:,} rows): {floor_seconds:.2f} s")
        for method in ("proportion", "rate"):
            inside = min(in_process(method, source, target) for _ in range(2))
            outside = as_subprocess(method, source, target)
            ratio = inside / floor_seconds
            figures[f"{method}_s"] = round(inside, 3)
            figures[f"{method}_subprocess_s"] = round(outside, 3)
            figures[f"{method}_ratio"] = round(ratio, 2)
            figures[f"{method}_pass"] = ratio <= 2
            print(
                f"calc {method:10s} {inside:6.2f} s in-process ({ratio:.2f}× the floor; target ≤ 2×), "
                f"{outside:6.2f} s as a command ({outside / floor_seconds:.2f}×)"
            )
    return figures
