"""Use case: load every bundled source, in order — the one list ``healthassets load`` and the tests run.

Each :class:`Step` reads, validates and writes one source (all-or-nothing per source, see
:mod:`healthassets.services.loading`) and returns a :class:`StepOutcome`: the import reports of the
values it wrote, lines for the person running the load, and a frame of rejected records for the
report CSV. A new bundled source is one more step in :data:`STEPS`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from healthassets.io.values import ImportReport
from healthassets.store import Engine

__all__ = ["STEPS", "Step", "StepOutcome", "load_bundled"]


@dataclass
class StepOutcome:
    """What one step wrote: import reports (counted in the totals), lines to print, rejected rows."""

    reports: list[tuple[str, ImportReport]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    rejected: list[pd.DataFrame] = field(default_factory=list)
    #: the step's own report object, for a caller that prints it in full (the asset register's)
    detail: object | None = None


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    run: Callable[[Engine, Path], StepOutcome]


def _geography(engine: Engine, data_dir: Path) -> StepOutcome:
    from healthassets.services.loading import load_geography

    counts = load_geography(engine, data_dir)
    summary = ", ".join(f"{n:,} {t}" for t, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    return StepOutcome(lines=[f"Areas: {sum(counts.values()):,} loaded ({summary})"])


def _fingertips(engine: Engine, data_dir: Path) -> StepOutcome:
    from healthassets.services.indicator_corrections import load_outcome
    from healthassets.services.loading import load_fingertips_next

    report = load_fingertips_next(engine, data_dir / "fingertips", skip_invalid=True)
    return StepOutcome(
        reports=[("Fingertips values (fingertips/healthdata.csv)", report)], detail=load_outcome(engine)
    )


def _needs(engine: Engine, data_dir: Path) -> StepOutcome:
    from healthassets.services.loading import load_needs

    reports = load_needs(engine, data_dir / "geography", skip_invalid=True)
    return StepOutcome(reports=[(f"Needs data ({r.source})", r) for r in reports])


def _ons_local(engine: Engine, data_dir: Path) -> StepOutcome:
    from healthassets.services.ons_local import load_ons_local

    loaded = load_ons_local(engine, data_dir / "ons_local", data_dir / "geography")
    return StepOutcome(
        reports=[(f"ONS local statistics ({r.source})", r) for r in loaded.reports], lines=loaded.lines()
    )


def _small_areas(engine: Engine, data_dir: Path) -> StepOutcome:
    from healthassets.services.small_areas import aggregate_lsoa_values, load_parks_access, load_population

    reports = [
        load_population(engine, data_dir / "geography"),
        load_parks_access(engine, data_dir),
        aggregate_lsoa_values(engine, data_dir),
    ]
    return StepOutcome(reports=[(f"Small-area indicators ({r.source})", r) for r in reports])


def _assets(engine: Engine, data_dir: Path) -> StepOutcome:
    if not (data_dir / "assets" / "classification.csv").exists():
        return StepOutcome()
    from healthassets.services.assets import load_assets

    loaded = load_assets(engine, data_dir)
    found = loaded.layers.to_frame()
    rejected = found.assign(reason=found["reason"] + " (" + found["outcome"] + ")").drop(columns="outcome")
    return StepOutcome(
        reports=[(f"Asset indicators ({r.source})", r) for r in loaded.indicator_reports],
        rejected=[rejected],
        detail=loaded,
    )


def _example_plan(engine: Engine, data_dir: Path) -> StepOutcome:
    from healthassets.services.plan_example import seed_example_plan

    plan_id = seed_example_plan(engine, data_dir)
    return StepOutcome(lines=[] if plan_id is None else [f"Example plan: /plans/{plan_id}"])


def _profiles(engine: Engine, data_dir: Path) -> StepOutcome:
    from healthassets.services.profiles import ensure_profiles

    ensure_profiles(engine)
    return StepOutcome()


def _derived(engine: Engine, data_dir: Path) -> StepOutcome:
    from healthassets.services.derived import rebuild_derived

    derived = rebuild_derived(engine)
    return StepOutcome(
        lines=[
            f"Derived tables: {sum(derived.rows.values()):,} rows in {derived.seconds:.1f} s "
            f"({derived.cpu_seconds:.1f} s CPU)"
        ]
    )


def _inequality(engine: Engine, data_dir: Path) -> StepOutcome:
    from healthassets.services.inequality_defaults import store_default_inequalities

    started = time.perf_counter()
    stored = store_default_inequalities(engine, data_dir=data_dir)
    return StepOutcome(
        lines=[f"Inequality sections: {stored} authorities in {time.perf_counter() - started:.1f} s"]
    )


def _indices(engine: Engine, data_dir: Path) -> StepOutcome:
    from healthassets.services.indices import compute_sensitivity

    started = time.perf_counter()
    stored = compute_sensitivity(engine)
    return StepOutcome(
        lines=[f"Index sensitivity (Sobol'): {stored} index levels in {time.perf_counter() - started:.1f} s"]
    )


#: every bundled source in load order; derived tables last (docs/adr/0044)
STEPS: list[Step] = [
    Step("geography", "Loading areas and their hierarchy", _geography),
    Step("fingertips", "Loading Fingertips indicators and values", _fingertips),
    Step("needs", "Loading small-area needs data (IMD 2025, Census 2021)", _needs),
    Step(
        "ons-local",
        "Loading ONS local statistics and the National Survey for Wales (protective factors, needs)",
        _ons_local,
    ),
    Step(
        "small-areas",
        "Loading population and parks access; aggregating small-area indicators to MSOAs, wards, "
        "authorities and countries",
        _small_areas,
    ),
    Step("assets", "Loading community assets, placing them in areas, writing their indicators", _assets),
    Step("example-plan", "Seeding the worked example place plan", _example_plan),
    Step("profiles", "Installing the profiles", _profiles),
    Step("derived", "Deriving benchmarks, trends, spines and region values", _derived),
    Step("inequality", "Computing each authority's inequality by deprivation decile (SII)", _inequality),
    Step("indices", "Computing the composite indices' sensitivity to their choices", _indices),
]


def load_bundled(
    engine: Engine,
    data_dir: Path,
    *,
    skip: Iterable[str] = (),
    on_step: Callable[[Step], None] | None = None,
    on_outcome: Callable[[Step, StepOutcome], None] | None = None,
) -> list[StepOutcome]:
    """Run every step of :data:`STEPS` not named in ``skip``; each step's outcome, in order."""
    skipped = set(skip)
    outcomes = []
    for step in STEPS:
        if step.key in skipped:
            continue
        if on_step:
            on_step(step)
        outcome = step.run(engine, Path(data_dir))
        if on_outcome:
            on_outcome(step, outcome)
        outcomes.append(outcome)
    return outcomes
