"""Schema: migrations agree with the models, upgrade/downgrade work, doubles round-trip exactly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, insert, inspect, select
from sqlalchemy.exc import IntegrityError

from healthassets.store.database import (
    alembic_config,
    current_revision,
    database_url,
    downgrade,
    make_engine,
    session_scope,
    upgrade,
)
from healthassets.store.models import Area, AreaType, Base, ImportBatch, Indicator, IndicatorValue

pytestmark = pytest.mark.db


def _head(engine: Engine) -> str | None:
    """The newest migration (the tests must not name it: every new migration would break them)."""
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def test_runs_on_the_requested_backend(engine: Engine) -> None:
    wanted = (
        "postgresql" if os.environ.get("HEALTHASSETS_DATABASE_URL", "").startswith("postgresql") else "sqlite"
    )
    assert engine.dialect.name == wanted


def test_migrations_match_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_downgrade_and_upgrade_again(engine: Engine) -> None:
    downgrade(engine, "base")
    assert "indicator_values" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert {"areas", "indicators", "indicator_values", "import_batches", "profiles", "domains"} <= set(
        inspect(engine).get_table_names()
    )


def test_default_url_is_embedded_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HEALTHASSETS_DATABASE_URL", raising=False)
    assert database_url() == "sqlite:///healthassets.db"
    monkeypatch.setenv("HEALTHASSETS_DATABASE_URL", "postgresql+psycopg://x@127.0.0.1/y")
    assert database_url().startswith("postgresql")
    assert database_url("sqlite:///other.db") == "sqlite:///other.db"


@pytest.mark.parametrize("number", [0.1, 1 / 3, 1e-300, 1.7976931348623157e308, 123456789.12345679, -0.0])
def test_doubles_round_trip_exactly(engine: Engine, number: float) -> None:
    with engine.begin() as connection:
        connection.execute(insert(AreaType).values(code="country", name="Country", level=0, hierarchy="a"))
        connection.execute(insert(Area).values(code="E92000001", name="England", area_type="country"))
        connection.execute(insert(Indicator).values(id=1, name="x", has_full_metadata=False))
        batch = connection.execute(
            insert(ImportBatch)
            .values(source="s", kind="k", rows_loaded=0, rows_rejected=0)
            .returning(ImportBatch.id)
        ).scalar_one()
        connection.execute(
            insert(IndicatorValue).values(
                batch_id=batch,
                indicator_id=1,
                area_code="E92000001",
                period="2020",
                period_sortable=20200000,
                sex="Persons",
                age="All ages",
                category_type="",
                category="",
                value=number,
            )
        )
    with engine.connect() as connection:
        stored = connection.scalar(select(IndicatorValue.value))
    assert stored == number


def test_deleting_a_batch_deletes_its_values(engine: Engine) -> None:
    test_doubles_round_trip_exactly(engine, 1.5)
    with engine.begin() as connection:
        connection.execute(ImportBatch.__table__.delete())
    with engine.connect() as connection:
        assert connection.scalar(select(IndicatorValue.id)) is None


def test_default_sqlite_path_is_configurable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HEALTHASSETS_DATABASE_URL", raising=False)
    monkeypatch.setenv("HEALTHASSETS_DATABASE_PATH", str(tmp_path / "env.db"))
    assert database_url() == f"sqlite:///{tmp_path / 'env.db'}"
    assert database_url(default_path=tmp_path / "arg.db") == f"sqlite:///{tmp_path / 'arg.db'}"


def test_upgrade_by_url_and_session_scope(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'by_url.db'}"
    upgrade(url)
    engine = make_engine(url)
    assert current_revision(engine) == _head(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    with session_scope(url) as session:
        session.add(AreaType(code="country", name="Country", level=0, hierarchy="administrative"))
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        session.add(AreaType(code="region", name="Region", level=1, hierarchy="administrative"))
        session.flush()
        raise RuntimeError("roll back")
    with session_scope(engine) as session:
        assert session.scalars(select(AreaType.code)).all() == ["country"]
    engine.dispose()


def test_in_memory_sqlite_works() -> None:
    engine = make_engine("sqlite://")
    upgrade(engine)
    assert "areas" in inspect(engine).get_table_names()


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(insert(Area).values(code="E92000001", name="England", area_type="no-such-type"))


def test_batch_status_defaults_after_upgrade_from_0001(engine: Engine) -> None:
    downgrade(engine, "0001")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO import_batches (source, kind, rows_loaded, rows_rejected) VALUES ('s', 'k', 0, 0)"
        )
    upgrade(engine)
    assert current_revision(engine) == _head(engine)
    with engine.connect() as connection:
        assert connection.scalar(select(ImportBatch.status)) == "complete"
