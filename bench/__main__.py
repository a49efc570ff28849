"""Run every benchmark module in bench/ that defines ``run()`` and print a summary.

``python -m bench`` runs them all; ``python -m bench calc_bench stats_bench`` runs some: a name
stands for its module, ``<name>_bench``, or the one module it starts (``indices`` →
``indices_bench``, ``national`` → ``national_assets_bench``; ``make bench ONLY=dask``). Each
section prints its wall time; figures go to standard output and to bench/out/<module>.json.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def section(name: str, found: list[str]) -> str:
    """The module ``name`` selects: itself, ``<name>_bench``, or the only module it starts."""
    for candidate in (name, f"{name}_bench"):
        if candidate in found:
            return candidate
    starting = [module for module in found if module.startswith(name)]
    if len(starting) != 1:
        known = ", ".join(m.removesuffix("_bench") for m in found if m != "__main__")
        raise SystemExit(f"no single benchmark section {name!r} (sections: {known})")
    return starting[0]


def main(names: list[str]) -> int:
    OUT.mkdir(exist_ok=True)
    found = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]))
    modules = [section(name, found) for name in names] or found
    summary = {}
    for name in modules:
        module = importlib.import_module(f"bench.{name}")
        if not hasattr(module, "run"):
            continue
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        figures = module.run()
        figures["wall_seconds"] = round(time.perf_counter() - started, 2)
        print(f"=== {name}: {figures['wall_seconds']:.1f} s wall ===", flush=True)
        (OUT / f"{name}.json").write_text(json.dumps(figures, indent=2, default=str))
        summary[name] = figures
    print("\n=== summary ===")
    for name, figures in summary.items():
        verdicts = {k: v for k, v in figures.items() if k.endswith("_pass")}
        print(f"{name} ({figures['wall_seconds']:.1f} s): {verdicts or 'done'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
