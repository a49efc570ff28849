"""``healthassets backup FILE`` / ``restore FILE``: a round trip that compares every table, the
refusals (a database holding data without --force, a file that exists, the other kind of backup, a
file that is no backup) and an SQLite backup taken while another connection is writing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, Table, select, text

from healthassets.services.assets import import_asset_file
from healthassets.services.bundled import STEPS as BUNDLED
from healthassets.services.bundled import load_bundled
from healthassets.store.accounts import add_user
from healthassets.store.database import make_engine
from healthassets.store.models import Base, User
from tests.cli.conftest import Outcome
from tests.conftest import _postgres_url
from tests.reduced_data import build

pytestmark = pytest.mark.db

Run = Callable[..., Outcome]
#: the load steps the round trip's data set runs (areas, values, needs, the example plan, profiles)
STEPS = ("geography", "fingertips", "needs", "example-plan", "profiles")
ASSETS = (
    "source_id,name,asset_type,dimensions,five_ways,latitude,longitude,description\n"
    "a1,Walking group,association,lifestyle_activities,be_active;connect,53.54,-2.11,Tuesdays 10am\n"
    'a2,Seed library,association,natural_environment,keep_learning,53.55,-2.10,"Free, seeds"\n'
)


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def reduced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("reduced") / "data")


@pytest.fixture
def loaded(engine: Engine, reduced: Path, tmp_path: Path) -> Engine:
    """A small data set in every kind of table: areas, indicators, values, batches, the example
    plan, profiles, assets with their links and history, an account, the audit log."""
    load_bundled(engine, reduced, skip=[step.key for step in BUNDLED if step.key not in STEPS])
    csv = tmp_path / "assets.csv"
    csv.write_text(ASSETS, encoding="utf-8")
    import_asset_file(engine, csv, reduced, source="backup-test")
    with engine.begin() as connection:
        add_user(connection, "someone@example.org", "argon2-hash", "moderator")
    return engine


@pytest.fixture
def empty(postgres_url: str | None, worker: str, tmp_path: Path) -> Iterator[Engine]:
    """A second database with nothing in it (no schema): where a backup is restored."""
    url = _postgres_url(worker, "_restored") if postgres_url else f"sqlite:///{tmp_path / 'restored.db'}"
    engine = make_engine(url)
    yield engine
    engine.dispose()


def every_table(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Each table of the schema (and Alembic's version), its rows ordered by primary key."""
    tables = [*Base.metadata.sorted_tables, Table("alembic_version", MetaData(), autoload_with=engine)]
    rows = {}
    with engine.connect() as connection:
        for table in tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows[table.name] = [tuple(r) for r in connection.execute(select(table).order_by(*order))]
    return rows


def test_round_trip_restores_every_table(run_cli: Run, loaded: Engine, empty: Engine, tmp_path: Path) -> None:
    before = every_table(loaded)
    assert all(before[t] for t in ("areas", "indicator_values", "assets", "asset_areas", "plans", "users"))
    file = tmp_path / "healthassets.backup"
    backed_up = run_cli("backup", str(file), "--database", url_of(loaded))
    assert backed_up.code == 0, backed_up.err
    assert "Backed up" in backed_up.out and file.exists()
    restored = run_cli("restore", str(file), "--database", url_of(empty))
    assert restored.code == 0, restored.err
    after = every_table(empty)
    assert after.keys() == before.keys()
    for table, rows in before.items():
        assert after[table] == rows, table


def test_restore_refuses_a_database_holding_data_without_force(
    run_cli: Run, engine: Engine, tmp_path: Path
) -> None:
    loaded = engine
    with loaded.begin() as connection:
        add_user(connection, "someone@example.org", "argon2-hash", "moderator")
    file = tmp_path / "backup"
    assert run_cli("backup", str(file), "--database", url_of(loaded)).code == 0
    with loaded.begin() as connection:
        connection.execute(text("DELETE FROM users"))
    refused = run_cli("restore", str(file), "--database", url_of(loaded))
    assert refused.code == 2 and "not empty" in refused.err and "--force" in refused.err
    again = run_cli("backup", str(file), "--database", url_of(loaded))
    assert again.code == 2 and "exists already" in again.err
    forced = run_cli("restore", str(file), "--force", "--database", url_of(loaded))
    assert forced.code == 0, forced.err
    with loaded.connect() as connection:  # the account deleted after the backup is back
        assert connection.scalar(select(User.email)) == "someone@example.org"


def test_restore_names_what_is_wrong_with_the_file(run_cli: Run, engine: Engine, tmp_path: Path) -> None:
    missing = run_cli("restore", str(tmp_path / "nope"), "--database", url_of(engine))
    assert missing.code == 2 and "file not found" in missing.err
    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello", encoding="utf-8")
    wrong = run_cli("restore", str(text_file), "--database", url_of(engine))
    assert wrong.code == 2 and "not a healthassets backup" in wrong.err
    other = tmp_path / "other"
    other_kind = "SQLite" if engine.dialect.name == "postgresql" else "PostgreSQL"
    other.write_bytes(b"SQLite format 3\x00" if other_kind == "SQLite" else b"PGDMP\x01\x0e")
    mismatch = run_cli("restore", str(other), "--database", url_of(engine))
    assert mismatch.code == 2 and f"a {other_kind} backup cannot be restored" in mismatch.err
    nothing = run_cli("backup", str(tmp_path / "b"), "--database", f"sqlite:///{tmp_path / 'none.db'}")
    assert nothing.code == 2 and "no database" in nothing.err


def test_sqlite_backup_is_taken_while_another_connection_writes(
    run_cli: Run, engine: Engine, database_backend: str, tmp_path: Path
) -> None:
    if database_backend != "sqlite":
        pytest.skip("pg_dump's snapshot is PostgreSQL's own")
    with engine.begin() as connection:
        add_user(connection, "first@example.org", "argon2-hash", "moderator")
    writer = engine.connect()
    transaction = writer.begin()
    add_user(writer, "second@example.org", "argon2-hash", "moderator")  # not committed yet
    file = tmp_path / "online.db"
    outcome = run_cli("backup", str(file), "--database", url_of(engine))
    transaction.commit()
    writer.close()
    assert outcome.code == 0, outcome.err
    copy = make_engine(f"sqlite:///{file}")
    with copy.connect() as connection:
        assert list(connection.scalars(select(User.email))) == ["first@example.org"]
    copy.dispose()


def test_a_database_that_cannot_be_reached_is_one_line_and_exit_3(run_cli: Run, tmp_path: Path) -> None:
    from tests.web.test_database_unavailable import free_port

    url = f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none"
    archive = tmp_path / "archive"
    archive.write_bytes(b"PGDMP\x01\x0e")
    for outcome in (
        run_cli("backup", str(tmp_path / "b"), "--database", url),
        run_cli("restore", str(archive), "--database", url),
        run_cli("export", "--database", url),
    ):
        assert outcome.code == 3 and outcome.err.startswith("error: cannot reach the database")
        assert "Traceback" not in outcome.err
