"""Inline chart SVG: the direct renderer (healthassets.web.svg) against vl-convert, per chart kind.

Set-up (not timed): each chart's spec is built by healthassets.web.charts, as the pages build it,
from seeded synthetic rows shaped like the bundled data's — a profile domain's spine (12
indicators), the radar (5 domains, area and England), the indicator page's bar chart for a region's
35 districts and for all 296 English districts, its trend (12 periods with CI), and a tartan rug
(8 areas × 20 indicators).
Timed, in one run: ``inline_svg(spec)`` — vl-convert, its spec cache cleared before every call so
each call pays what an uncached page pays (the old path) — and the matching ``healthassets.web.svg``
function (the new path); medians over ``VL_REPEATS`` and ``SVG_REPEATS`` calls, the ratio, and a
profile page's chart total (4 spines + the radar). Target: every kind ≤ ``TARGET_MS`` per chart by
the direct renderer, judged on CPU time (``time.process_time``: vl-convert's engine threads count
too), as wall time on a shared machine grows with other processes' load (recorded).
Figures: standard output and bench/out/svg_bench.json.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

VL_REPEATS = 5
SVG_REPEATS = 200
#: "a few ms per chart": a single-area JSON lookup is ~10 ms and a page may cost ≤ 20 × that
TARGET_MS = 5.0
WORDS = [
    "adults",
    "children",
    "smoking",
    "obesity",
    "prevalence",
    "aged",
    "years",
    "over",
    "under",
    "deprivation",
    "income",
    "families",
    "mortality",
    "rate",
    "admissions",
    "hospital",
    "physical",
    "activity",
    "healthy",
    "life",
    "expectancy",
    "birth",
    "persons",
    "employment",
    "carers",
    "loneliness",
    "alcohol",
    "related",
    "emergency",
]
PLACES = ["Oldham", "Ynys Môn", "St. Helens & Knowsley", "Blackburn with Darwen", "Westmorland and Furness"]


def names(rng: np.random.Generator, n: int, words: int) -> list[str]:
    return [" ".join(rng.choice(WORDS, words)).capitalize() + f" {i}" for i in range(n)]


def specs() -> dict[str, dict[str, Any]]:
    from healthassets.web import charts
    from healthassets.web.colours import colour_table

    rng = np.random.default_rng(9)
    colours = {label: colour for label, (colour, _text) in colour_table("fingertips").items()}
    labels = ("Better", "Similar", "Worse", "Not compared")
    spine = [
        {
            "label": label[:60],
            "lowest_pos": 0.0,
            "highest_pos": 1.0,
            "q25_pos": float(rng.uniform(0.2, 0.5)),
            "q75_pos": float(rng.uniform(0.5, 0.8)),
            "marker_pos": float(rng.uniform()),
            "benchmark": labels[i % 4],
            "value_text": "12.3",
            "benchmark_text": labels[i % 4],
        }
        for i, label in enumerate(names(rng, 12, 7))
    ]
    domains = ["Wider determinants", "Healthy behaviours", "Protection", "Outcomes", "Community assets"]
    radar = [
        {"domain": d, "series": s, "score": float(rng.uniform(0, 100))}
        for d in domains
        for s in ("Oldham", "England")
    ]

    def bar(n: int) -> dict[str, Any]:
        values = np.sort(rng.uniform(10, 40, n))[::-1]
        rows = [
            {
                "area_name": PLACES[i % 5] + f" {i}",
                "value": float(v),
                "lower": float(v - 2),
                "upper": float(v + 2),
                "benchmark": labels[i % 3],
                "value_text": f"{v:.1f}",
                "ci_text": "",
                "benchmark_text": labels[i % 3],
            }
            for i, v in enumerate(values)
        ]
        return charts.bar_chart(rows, colours, {"value": "%"}, 22.6, "Oldham 3")

    periods = [f"{2010 + i}/{11 + i}" for i in range(12)]
    trend = [
        row
        for p in periods
        for row in (
            {"period": p, "series": "Oldham", "v": float(rng.uniform(20, 30)), "lower": 18.0, "upper": 32.0},
            {"period": p, "series": "England", "v": float(rng.uniform(20, 25))},
        )
    ]
    rug = [
        {"indicator": ind, "area_name": PLACES[j % 5] + f" {j}", "benchmark": labels[(i + j) % 4],
         "value_text": "12.3", "text_colour": "#0b0c0c"}
        for i, ind in enumerate(names(rng, 20, 6)) for j in range(8)
    ]  # fmt: skip
    area = {"area": "Oldham", "comparator": "England"}
    return {
        "spine": charts.spine_chart(spine, colours, {}),
        "radar": charts.radar_chart(radar, area),
        "bar_35": bar(35),
        "bar_296": bar(296),
        "trend": charts.trend_chart(trend, area),
        "rug": charts.rug_chart(rug, colours, {"benchmark": "Benchmark"}),
    }


def medians(
    draw: Callable[[dict[str, Any]], object],
    spec: dict[str, Any],
    repeats: int,
    before: Callable[[], None] = lambda: None,
) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``draw(spec)`` (``before`` runs untimed before each)."""
    wall, cpu = [], []
    for _ in range(repeats):
        before()
        started, started_cpu = time.perf_counter(), time.process_time()
        draw(spec)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def run() -> dict[str, Any]:
    from healthassets.web import chart_images as render
    from healthassets.web import svg

    direct: dict[str, Callable[[dict[str, Any]], str]] = {
        "spine": svg.spine,
        "radar": svg.radar,
        "bar_35": svg.bar,
        "bar_296": svg.bar,
        "trend": svg.trend,
        "rug": svg.rug,
    }
    figures: dict[str, Any] = {"target_ms": TARGET_MS, "load_average_1min": round(os.getloadavg()[0], 2)}
    for kind, spec in specs().items():
        render.inline_svg(spec)  # vl-convert's first call starts its JavaScript engine: not counted
        old, old_cpu = medians(render.inline_svg, spec, VL_REPEATS, render._render.cache_clear)
        new, new_cpu = medians(direct[kind], spec, SVG_REPEATS)
        figures[kind] = {
            "vl_convert_ms": round(old, 2),
            "direct_ms": round(new, 3),
            "speed_up": round(old / new, 1),
            "vl_convert_cpu_ms": round(old_cpu, 2),
            "direct_cpu_ms": round(new_cpu, 3),
        }
        print(f"{kind:>8}: {figures[kind]}", flush=True)
    page = {
        key: round(4 * figures["spine"][key] + figures["radar"][key], 2)
        for key in ("vl_convert_ms", "direct_ms")
    }
    figures["profile_charts"] = page
    print(f"profile (4 spines + radar): {page}", flush=True)
    print(f"load average (1 min): {figures['load_average_1min']}", flush=True)
    figures["svg_pass"] = all(figures[k]["direct_cpu_ms"] <= TARGET_MS for k in direct)
    return figures
