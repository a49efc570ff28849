"""healthassets.stats against PHStatsMethods (the Python peer) on the same 100,000 rows, in-process.

Targets: proportion and rate ≥ 1000× faster. Other methods: ratio reported. When the peer would take
over a minute on all rows, it runs on a slice and its time is scaled linearly (said in the output).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from healthassets import stats

ROWS = 100_000
PEER_BUDGET_SECONDS = 60.0


def make_data(rows: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    denominator = rng.integers(100, 100_000, rows)
    bands = np.tile(np.arange(19), rows // 19 + 1)[:rows]
    return pd.DataFrame(
        {
            "area": np.repeat(np.arange(rows // 19 + 1), 19)[:rows].astype(str),
            "band": bands,
            "numerator": rng.binomial(denominator, 0.05),
            "denominator": denominator,
            "values": rng.normal(50, 10, rows),
            "std": np.tile(stats.esp2013().to_numpy(), rows // 19 + 1)[:rows],
            "ref_count": rng.integers(1000, 5000, rows),
            "ref_pop": rng.integers(100_000, 500_000, rows),
        }
    )


def best_of(function: Callable[[], Any], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def peer_time(function: Callable[[pd.DataFrame], Any], data: pd.DataFrame) -> tuple[float, str]:
    """Time the peer on all rows, or on a slice scaled up when that would exceed the budget."""
    probe = data.iloc[: len(data) // 100]
    started = time.perf_counter()
    function(probe)
    probe_seconds = time.perf_counter() - started
    if probe_seconds * 100 <= PEER_BUDGET_SECONDS:
        started = time.perf_counter()
        function(data)
        return time.perf_counter() - started, "all rows"
    slice_rows = len(data) // 10
    started = time.perf_counter()
    function(data.iloc[:slice_rows])
    return (time.perf_counter() - started) * len(data) / slice_rows, f"{slice_rows:,} rows, scaled ×10"


def run() -> dict[str, object]:
    import PHStatsMethods as peer

    data = make_data(ROWS)
    grouped = data[
        ["area", "band", "numerator", "denominator", "values", "std", "ref_count", "ref_pop"]
    ].assign(area_decile_group=(np.arange(ROWS) // 1000).astype(str))
    cases: dict[str, tuple[Callable[[], Any], Callable[[pd.DataFrame], Any]]] = {
        "proportion": (
            lambda: stats.proportion(data, "numerator", "denominator"),
            lambda d: peer.ph_proportion(d, "numerator", "denominator"),
        ),
        "rate": (
            lambda: stats.rate(data, "numerator", "denominator"),
            lambda d: peer.ph_rate(d, "numerator", "denominator"),
        ),
        "mean (grouped)": (
            lambda: stats.mean(data, "values", group_by="area"),
            lambda d: peer.ph_mean(d, "values", group_cols="area"),
        ),
        "dsr (grouped, 19 bands)": (
            lambda: stats.dsr(
                grouped, "numerator", "denominator", standard_population="std", group_by="area"
            ),
            lambda d: peer.ph_dsr(
                d, "numerator", "denominator", "std", group_cols="area", euro_standard_pops=False
            ),
        ),
        "quantiles (grouped)": (
            lambda: stats.quantiles(
                grouped, "values", invert=True, quantiles=10, group_by="area_decile_group"
            ),
            lambda d: peer.ph_quantile(
                d, "values", group_cols="area_decile_group", nquantiles=10, invert=True
            ),
        ),
        "isr (grouped)": (
            lambda: stats.isr(grouped, "numerator", "denominator", "ref_count", "ref_pop", group_by="area"),
            lambda d: peer.ph_ISRate(
                d, "numerator", "denominator", "ref_count", "ref_pop", group_cols="area"
            ),
        ),
    }
    figures: dict[str, object] = {"rows": ROWS}
    for name, (ours, theirs) in cases.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            our_seconds = best_of(ours)
            try:
                their_seconds, how = peer_time(theirs, data if "grouped" not in name else grouped)
            except Exception as error:  # the peer's own failures are reported, not fatal
                print(f"{name:28s} ours {our_seconds * 1000:9.1f} ms   peer failed: {error!r:.80}")
                continue
        ratio = their_seconds / our_seconds
        key = name.split(" ")[0]
        figures[f"{key}_ours_ms"] = round(our_seconds * 1000, 2)
        figures[f"{key}_peer_s"] = round(their_seconds, 2)
        figures[f"{key}_speedup"] = round(ratio, 1)
        if key in ("proportion", "rate"):
            figures[f"{key}_pass"] = ratio >= 1000
        print(
            f"{name:28s} ours {our_seconds * 1000:9.1f} ms   peer {their_seconds:8.2f} s ({how})   "
            f"{ratio:10,.0f}× faster" + ("   target ≥ 1000×" if key in ("proportion", "rate") else "")
        )
    return figures
