"""``healthassets calc`` on inputs larger than it should hold: a 50-million-row grouped rate on
``--engine dask`` (Parquet), and the default engine streaming an ungrouped rate over a
50-million-row CSV. Each runs as a subprocess; its wall time and the peak resident memory of the
subprocess tree (polled every 50 ms) are reported. Target: peak ≤ 2 GB for both.

The inputs are generated in chunks of a million rows, so the generator stays small too.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

ROWS = 50_000_000
CHUNK = 1_000_000
AREAS = 35_672  # as many as England's LSOAs
PEAK_TARGET_BYTES = 2 * 1024**3


def _chunk(rng: np.random.Generator, rows: int, codes: np.ndarray) -> pa.Table:
    denominator = rng.integers(50, 5_000, rows)
    return pa.table(
        {
            "area": pa.array(codes[rng.integers(0, codes.size, rows)]),
            "sex": pa.array(np.array(["Male", "Female"])[rng.integers(0, 2, rows)]),
            "numerator": rng.binomial(denominator, 0.03).astype(np.float64),
            "denominator": denominator.astype(np.float64),
        }
    )


def make_parquet(path: Path, rows: int = ROWS, seed: int = 1) -> None:
    """``rows`` rows of area, sex, numerator, denominator in row groups of a million."""
    rng = np.random.default_rng(seed)
    codes = np.array([f"E01{i:06d}" for i in range(AREAS)])
    writer = None
    for start in range(0, rows, CHUNK):
        table = _chunk(rng, min(CHUNK, rows - start), codes)
        writer = writer or pq.ParquetWriter(str(path), table.schema)
        writer.write_table(table, row_group_size=CHUNK)
    if writer is not None:
        writer.close()


def make_csv(path: Path, rows: int = ROWS, seed: int = 2) -> None:
    """``rows`` rows of numerator, denominator written a million at a time."""
    rng = np.random.default_rng(seed)
    with path.open("wb") as sink:
        for start in range(0, rows, CHUNK):
            table = _chunk(rng, min(CHUNK, rows - start), np.array(["x"])).select(
                ["numerator", "denominator"]
            )
            pa_csv.write_csv(table, sink, pa_csv.WriteOptions(include_header=start == 0))


def measured(args: list[str]) -> tuple[float, int]:
    """Run ``healthassets …args`` and return (wall seconds, peak RSS in bytes of its process tree)."""
    started = time.perf_counter()
    process = psutil.Popen([sys.executable, "-m", "healthassets.cli", *args])
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, args)
    return time.perf_counter() - started, peak


def _report(figures: dict[str, object], name: str, seconds: float, peak: int, rows: int) -> None:
    figures[f"{name}_s"] = round(seconds, 1)
    figures[f"{name}_peak_gb"] = round(peak / 1024**3, 3)
    figures[f"{name}_rows_per_s"] = round(rows / seconds)
    figures[f"{name}_pass"] = peak <= PEAK_TARGET_BYTES
    print(
        f"{name}: {rows:,} rows in {seconds:.1f} s, peak {peak / 1024**3:.2f} GB (target ≤ 2 GB)", flush=True
    )


def run(rows: int = ROWS) -> dict[str, object]:
    figures: dict[str, object] = {"rows": rows}
    columns = ["--numerator", "numerator", "--denominator", "denominator"]
    with tempfile.TemporaryDirectory() as folder:
        parquet, csv, out = (
            Path(folder) / "grouped.parquet",
            Path(folder) / "rows.csv",
            Path(folder) / "out.csv",
        )
        started = time.perf_counter()
        make_parquet(parquet, rows)
        print(
            f"generated {rows:,} grouped rows as Parquet in {time.perf_counter() - started:.1f} s", flush=True
        )
        grouped = ["calc", "rate", str(parquet), *columns, "--group-by", "area", "--group-by", "sex"]
        seconds, peak = measured([*grouped, "--engine", "dask", "-o", str(out)])
        figures["dask_groups"] = sum(1 for _ in out.open()) - 1
        _report(figures, "dask_grouped_rate", seconds, peak, rows)
        parquet.unlink()
        started = time.perf_counter()
        make_csv(csv, rows)
        print(f"generated {rows:,} rows as CSV in {time.perf_counter() - started:.1f} s", flush=True)
        seconds, peak = measured(["calc", "rate", str(csv), *columns, "-o", str(out)])
        _report(figures, "streamed_rate", seconds, peak, rows)
    return figures


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else ROWS)
