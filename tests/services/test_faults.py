"""Nothing lost under faults: ``healthassets load``, a Fingertips CSV import, a bulk asset import and
moderation decisions killed with SIGKILL at seeded moments, then the database checked and the
operation run again (docs/adr/0079).

Each operation runs as its own process against the test's database (SQLite file, or the worker's
PostgreSQL database on the PostgreSQL pass) and is killed after a delay drawn with
``numpy.random.default_rng(SEED)`` over its measured duration; :data:`RUNS` kills per operation.
After each kill: every import batch is complete with all its values and no value is without its
batch; assets come with their status history, areas and import audit entry, or not at all; each
moderation decision's status, history and audit entry are all there or none is. Then the operation
runs to completion and the store holds what a clean run leaves.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, func, select, text

from healthassets.assets.vocabulary import Status
from healthassets.services.assets import import_asset_file
from healthassets.services.loading import load_geography
from healthassets.store.accounts import add_user
from healthassets.store.backup import row_counts
from healthassets.store.database import upgrade
from healthassets.store.models import (
    Asset,
    AssetArea,
    AssetStatusChange,
    AuditEntry,
    ImportBatch,
    Indicator,
    IndicatorValue,
    Plan,
)
from tests.reduced_data import build, lsoa_codes

pytestmark = pytest.mark.db

REPO = Path(__file__).resolve().parents[2]
SEED = 20261203
#: kills per operation (bounded: the suite's budget)
RUNS = 3
ASSET_COUNT = 1_000
CLI = [sys.executable, "-m", "healthassets.cli"]


@dataclass
class Ran:
    killed: bool
    seconds: float


def run_killed(command: list[str], after: float | None) -> Ran:
    """Run ``command``; SIGKILL it ``after`` seconds in (None: let it finish, which it must)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("HEALTHASSETS_DATABASE_URL", None)  # every command names its database
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        process.wait(timeout=after if after is not None else 600)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return Ran(True, time.perf_counter() - started)
    stderr = process.stderr.read().decode() if process.stderr else ""
    assert process.returncode == 0, stderr[-2000:]
    return Ran(False, time.perf_counter() - started)


def delays(seconds: float, salt: int) -> list[float]:
    """Seeded kill moments over an operation lasting about ``seconds`` (its start-up included)."""
    rng = np.random.default_rng([SEED, salt])
    return sorted(float(d) for d in rng.uniform(0.15 * seconds, 0.95 * seconds, RUNS))


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def reduced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("reduced") / "data")


def fresh(engine: Engine) -> Engine:
    """``engine``'s database emptied and migrated again (between a clean run and the killed ones)."""
    engine.dispose()
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{engine.url.database}{suffix}").unlink(missing_ok=True)
    upgrade(engine)
    return engine


# --- invariants -------------------------------------------------------------------------------------


def check_batches(engine: Engine) -> None:
    """Every batch complete, holding exactly the values it counts; no value without its batch;
    every value's indicator stored."""
    with engine.connect() as connection:
        counted = dict(
            connection.execute(
                select(IndicatorValue.batch_id, func.count()).group_by(IndicatorValue.batch_id)
            ).all()
        )
        batches = connection.execute(
            select(ImportBatch.id, ImportBatch.source, ImportBatch.status, ImportBatch.rows_loaded)
        ).all()
        orphans = connection.scalar(
            select(func.count())
            .select_from(IndicatorValue)
            .where(~IndicatorValue.batch_id.in_(select(ImportBatch.id)))
        )
        no_indicator = connection.scalar(
            select(func.count())
            .select_from(IndicatorValue)
            .where(~IndicatorValue.indicator_id.in_(select(Indicator.id)))
        )
    for batch_id, source, status, loaded in batches:
        assert status == "complete", source
        assert counted.get(batch_id, 0) == loaded, (source, counted.get(batch_id, 0), loaded)
    assert orphans == 0 and no_indicator == 0


def import_indicators_without_values(engine: Engine, source: str) -> int:
    """Indicators a Fingertips CSV import created that hold no value (a half-written import)."""
    with engine.connect() as connection:
        return int(
            connection.scalar(
                select(func.count())
                .select_from(Indicator)
                .where(
                    Indicator.source == source,
                    ~Indicator.id.in_(select(IndicatorValue.indicator_id).distinct()),
                )
            )
        )


def asset_state(engine: Engine) -> pd.DataFrame:
    """Per asset: status, history entries, last status in the history, status audit entries, areas."""
    with engine.connect() as connection:
        assets = pd.DataFrame(
            connection.execute(select(Asset.id, Asset.name, Asset.status, Asset.last_verified_at)).all(),
            columns=["id", "name", "status", "verified"],
        )
        history = pd.DataFrame(
            connection.execute(
                select(AssetStatusChange.asset_id, AssetStatusChange.id, AssetStatusChange.to_status)
            ).all(),
            columns=["id", "change", "to_status"],
        )
        audits = pd.DataFrame(
            connection.execute(
                select(AuditEntry.entity_id).where(
                    AuditEntry.entity == "asset", AuditEntry.action == "status"
                )
            ).all(),
            columns=["id"],
        )
        areas = pd.DataFrame(connection.execute(select(AssetArea.asset_id)).all(), columns=["id"])
    last = history.sort_values("change").groupby("id")["to_status"].last()
    return (
        assets.set_index("id")
        .assign(
            changes=history.groupby("id").size(),
            last_change=last,
            status_audits=audits.groupby("id").size(),
            areas=areas.groupby("id").size(),
        )
        .fillna({"changes": 0, "status_audits": 0, "areas": 0})
    )


def import_audits(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as connection:
        return [
            dict(a)
            for a in connection.scalars(
                select(AuditEntry.after).where(AuditEntry.action == "import").order_by(AuditEntry.id)
            )
        ]


# --- healthassets load ------------------------------------------------------------------------------


def load_command(url: str, data_dir: Path, report: Path) -> list[str]:
    return [
        *CLI,
        "load",
        "--database",
        url,
        "--data-dir",
        str(data_dir),
        "--skip-sensitivity",
        "--report",
        str(report),
    ]


def test_load_killed_at_seeded_moments_leaves_whole_batches_and_reloads(
    engine: Engine, reduced: Path, tmp_path: Path
) -> None:
    url = url_of(engine)
    engine.dispose()
    clean = run_killed(load_command(url, reduced, tmp_path / "rejected.csv"), None)
    expected = row_counts(engine)
    assert expected["indicator_values"] > 10_000 and expected["areas"] > 3_000
    fresh(engine)
    for after in delays(clean.seconds, 1):
        ran = run_killed(load_command(url, reduced, tmp_path / "rejected.csv"), after)
        check_batches(engine)
        areas = row_counts(engine)["areas"]
        assert areas in (0, expected["areas"])  # the geography is one transaction
        engine.dispose()
        if not ran.killed:
            break
    run_killed(load_command(url, reduced, tmp_path / "rejected.csv"), None)  # the next load succeeds
    check_batches(engine)
    check_plans(engine)
    # a reload replaces the example plan, keeping the old one deleted with its audit entries
    assert drop_history(row_counts(engine)) == drop_history(expected)


def drop_history(counts: dict[str, int]) -> dict[str, int]:
    return {table: n for table, n in counts.items() if table not in HISTORY}


#: tables a reload adds to rather than replaces: the example plan is replaced by a new one, the old
#: kept as deleted, each change audited
HISTORY = {"plans", "audit_log"}


def check_plans(engine: Engine) -> None:
    """One live example plan; every plan has its 'create' audit entry, every deleted one its 'delete'."""
    with engine.connect() as connection:
        plans = connection.execute(select(Plan.id, Plan.deleted_at)).all()
        audited = set(
            connection.execute(
                select(AuditEntry.entity_id, AuditEntry.action).where(AuditEntry.entity == "plan")
            ).all()
        )
    assert sum(deleted is None for _, deleted in plans) == 1
    for plan_id, deleted in plans:
        assert (plan_id, "create") in audited
        assert ((plan_id, "delete") in audited) == (deleted is not None)


# --- healthassets import (a Fingertips CSV) ---------------------------------------------------------

HEADER = (
    "Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,"
    "Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,"
    "Lower CI 99.8 limit,Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,"
    "Compared to England value or percentiles,Time period Sortable"
)


def fingertips_csv(path: Path, lsoas: list[str], indicators: int = 10, years: int = 8) -> int:
    rows = [
        f"{9_500_000 + i},Fault test {i},E08000004,Oldham,{code},{code},LSOA,{sex},All ages,,,"
        f"{2008 + y},12.5,10.1,14.9,,,125,1000,,,,"
        for i in range(indicators)
        for code in lsoas
        for y in range(years)
        for sex in ("Persons", "Male", "Female")
    ]
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return len(rows)


def with_geography(engine: Engine, data_dir: Path) -> Engine:
    """``engine``'s database emptied, holding the reduced geography (Oldham's small areas) and a
    moderator's account."""
    fresh(engine)
    load_geography(engine, data_dir)
    with engine.begin() as connection:
        add_user(connection, "moderator@example.org", "argon2-hash", "moderator")
    engine.dispose()
    return engine


def test_fingertips_import_killed_keeps_the_old_batch_or_the_new(
    engine: Engine, reduced: Path, tmp_path: Path
) -> None:
    url = url_of(engine)
    csv = tmp_path / "values.csv"
    rows = fingertips_csv(csv, lsoa_codes(reduced))
    command = [*CLI, "import", str(csv), "--database", url, "--source", "fault-test"]
    with_geography(engine, reduced)
    first = run_killed(command, None)  # a clean import, timed; then re-imports (replacing it) killed
    expected = row_counts(engine)
    assert expected["indicator_values"] == rows and expected["indicators"] == 10
    for after in delays(first.seconds, 2):
        ran = run_killed(command, after)
        check_batches(engine)
        assert row_counts(engine) == expected  # the batch replaced whole, or not at all
        engine.dispose()
        if not ran.killed:
            break


def test_a_batch_and_the_indicators_it_introduces_are_written_together(
    engine: Engine, reduced: Path, tmp_path: Path
) -> None:
    """The defect the kill tests found: the import created its new indicators in a transaction of
    their own, so a crash before the values' commit left indicators with no values."""
    from healthassets.services.loading import import_fingertips_csv
    from healthassets.store import values as value_store

    with_geography(engine, reduced)
    csv = tmp_path / "values.csv"
    fingertips_csv(csv, lsoa_codes(reduced)[:2], indicators=2, years=1)

    def crash(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("killed")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(value_store, "insert_values", crash)
        with pytest.raises(RuntimeError):
            import_fingertips_csv(engine, csv, source="fault-test")
    assert import_indicators_without_values(engine, "fault-test") == 0
    counts = row_counts(engine)
    assert counts["indicators"] == 0 and counts["import_batches"] == 0


# --- healthassets assets import ---------------------------------------------------------------------


def assets_csv(path: Path, count: int, status: str = "published") -> None:
    rng = np.random.default_rng(SEED)
    lat, lon = rng.uniform(53.52, 53.56, count), rng.uniform(-2.14, -2.08, count)  # central Oldham
    lines = ["source_id,name,asset_type,dimensions,five_ways,latitude,longitude,status,description"]
    lines += [
        f"f{n:05d},Asset {n},association,lifestyle_activities,connect,{y:.5f},{x:.5f},{status},Test {n}"
        for n, (y, x) in enumerate(zip(lat, lon, strict=True), start=1)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def check_assets(engine: Engine, expected: int, areas: pd.Series | None = None) -> pd.Series:
    """The import's assets are all there with their history and their areas (as many as a clean
    import gave each, ``areas`` by name), with one audit entry per import that completed — or none
    of them is. Returns the areas per asset."""
    state = asset_state(engine)
    audits = import_audits(engine)
    assert len(state) in (0, expected), len(state)
    assert (state["changes"] >= 1).all()
    placed = state.set_index("name")["areas"].sort_index()
    if areas is not None and len(state):
        pd.testing.assert_series_equal(placed, areas)
    if len(state):
        assert audits and audits[0]["inserted"] == expected
        assert all(a["inserted"] == 0 and a["updated"] == expected for a in audits[1:])
    else:
        assert audits == []
    return placed


def test_asset_import_killed_is_all_or_nothing(engine: Engine, reduced: Path, tmp_path: Path) -> None:
    url = url_of(engine)
    csv = tmp_path / "assets.csv"
    assets_csv(csv, ASSET_COUNT)
    command = [*CLI, "assets", "import", str(csv), "--database", url, "--data-dir", str(reduced)]
    command += ["--source", "fault-test"]
    with_geography(engine, reduced)
    clean = run_killed(command, None)  # how long it takes, and where each asset is placed
    areas = check_assets(engine, ASSET_COUNT)
    assert (areas > 0).mean() > 0.9
    with_geography(engine, reduced)
    for after in delays(clean.seconds, 3):
        ran = run_killed(command, after)
        check_assets(engine, ASSET_COUNT, areas)
        engine.dispose()
        if not ran.killed:
            break
    run_killed(command, None)
    check_assets(engine, ASSET_COUNT, areas)
    assert len(asset_state(engine)) == ASSET_COUNT


# --- moderation decisions ---------------------------------------------------------------------------


def check_decisions(engine: Engine) -> pd.DataFrame:
    """Each asset's status is its history's last entry, each decision has its audit entry, each
    published asset is verified."""
    state = asset_state(engine)
    assert (state["status"] == state["last_change"]).all()
    assert (state["status_audits"] == state["changes"] - 1).all()
    assert state.loc[state["status"] == Status.PUBLISHED.value, "verified"].notna().all()
    return state


def submitted(engine: Engine, reduced: Path, csv: Path) -> None:
    """The reduced geography and 300 submitted assets, waiting for decisions."""
    with_geography(engine, reduced)
    import_asset_file(engine, csv, reduced, status=Status.SUBMITTED, source="fault-test")
    engine.dispose()


def test_moderation_killed_keeps_status_history_and_audit_together(
    engine: Engine, reduced: Path, tmp_path: Path
) -> None:
    url = url_of(engine)
    csv = tmp_path / "assets.csv"
    assets_csv(csv, 300, status="submitted")
    command = [sys.executable, "-m", "tests.fault_driver", "moderate", url]
    submitted(engine, reduced, csv)
    clean = run_killed(command, None)  # how long 300 decisions take
    submitted(engine, reduced, csv)
    for after in delays(clean.seconds, 4):
        ran = run_killed(command, after)
        check_decisions(engine)
        engine.dispose()
        if not ran.killed:
            break
    run_killed(command, None)
    state = check_decisions(engine)
    numbers = state["name"].str.split().str[-1].astype(int)
    expected = np.where(numbers % 3 == 0, Status.REJECTED.value, Status.PUBLISHED.value)
    assert (state["status"] == expected).all()
    assert (state["changes"] == 2).all()  # imported, then one decision: none made twice


@pytest.fixture(autouse=True)
def _no_leftover_connections(engine: Engine) -> Iterator[None]:
    yield
    engine.dispose()


def test_assets_and_their_areas_are_written_together(engine: Engine, reduced: Path, tmp_path: Path) -> None:
    """The defect the kill tests found: a bulk import committed its assets, then placed them in
    areas in a second transaction, so a crash in between left assets in no area."""
    from healthassets.services import asset_places

    with_geography(engine, reduced)
    csv = tmp_path / "assets.csv"
    assets_csv(csv, 5)

    def crash(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("killed")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(asset_places, "replace_asset_areas", crash)
        with pytest.raises(RuntimeError):
            import_asset_file(engine, csv, reduced, source="fault-test")
    assert len(asset_state(engine)) == 0 and import_audits(engine) == []


def test_the_example_plan_is_replaced_in_one_transaction(engine: Engine, reduced: Path) -> None:
    """The defect the kill tests found: a reload deleted the example plan and then inserted the new
    one in another transaction, so a crash in between left the site with no example plan."""
    from healthassets.services.plan_example import seed_example_plan
    from healthassets.store import plans as plan_store

    with_geography(engine, reduced)
    seed_example_plan(engine, reduced)

    def crash(*_args: object, **_kwargs: object) -> str:
        raise RuntimeError("killed")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plan_store, "_insert_plan", crash)
        with pytest.raises(RuntimeError):
            seed_example_plan(engine, reduced)
    check_plans(engine)
