"""Shared fixtures.

Database: ``engine`` gives a freshly migrated, empty database. With HEALTHASSETS_DATABASE_URL set
(``make test``'s PostgreSQL pass) each pytest-xdist worker gets its own PostgreSQL database, emptied
between tests; otherwise a temporary SQLite file per test. ``loaded_engine`` is a module-wide
database holding the real bundled data (geography, Fingertips extract, needs data).
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from healthassets.store.database import make_engine, upgrade

# Property tests explore the same examples on every run, so CI cannot pass or fail by chance;
# HYPOTHESIS_PROFILE=explore searches afresh.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parents[1]
PHE_TESTDATA = REPO / "tests" / "data" / "phe"
DATA = REPO / "data"


@pytest.fixture(scope="session")
def phe_testdata() -> Path:
    """Reference outputs of PHEindicatormethods (copied from shared/phe_testdata)."""
    return PHE_TESTDATA


def _postgres_url(worker: str, suffix: str = "") -> str | None:
    base = os.environ.get("HEALTHASSETS_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        return None
    root, _, _name = base.rpartition("/")
    name = f"healthassets_test_{worker}{suffix}"
    admin = create_engine(f"{root}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{root}/{name}"


@pytest.fixture(scope="session")
def worker() -> str:
    """The pytest-xdist worker name ('gw0', …) or 'main' without xdist."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def postgres_url(worker: str) -> str | None:
    """This worker's own PostgreSQL database, or None when testing on SQLite."""
    return _postgres_url(worker)


@pytest.fixture(scope="session")
def database_backend(postgres_url: str | None) -> str:
    return "postgresql" if postgres_url else "sqlite"


@functools.cache
def _head_revision() -> str:
    from alembic.script import ScriptDirectory

    from healthassets.store.database import alembic_config

    head = ScriptDirectory.from_config(alembic_config(make_engine("sqlite://"))).get_current_head()
    return str(head)


def _emptied_in_place(engine: Engine) -> bool:
    """On PostgreSQL, empty every table of a schema already migrated to head (a TRUNCATE takes about
    0.15 s where dropping the schema and running every migration takes 1.5 s, once per test); False
    when the schema is not at head or lacks a table (a test changed it), so it is rebuilt."""
    from sqlalchemy.exc import DBAPIError

    from healthassets.store.models import Base

    names = [table.name for table in Base.metadata.sorted_tables]
    try:
        with engine.begin() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            present = set(
                connection.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
            )
            if version != _head_revision() or not set(names) <= present or len(present) != len(names) + 1:
                return False
            listed = ", ".join(f'"{name}"' for name in names)
            connection.execute(text(f"TRUNCATE {listed} RESTART IDENTITY CASCADE"))
    except DBAPIError:
        return False
    return True


def _empty_engine(postgres_url: str | None, tmp_path: Path) -> Engine:
    if postgres_url:
        engine = make_engine(postgres_url)
        if _emptied_in_place(engine):
            return engine
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    upgrade(engine)
    return engine


def _copy_sqlite(template: Path, target: Path) -> None:
    """Make ``target`` an exact copy of the SQLite database ``template`` (the backup API, so pages
    still in a write-ahead log are copied too)."""
    source, destination = sqlite3.connect(template), sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()


@pytest.fixture(scope="session")
def migrated_template(postgres_url: str | None, tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """On SQLite, one empty database migrated to head, once per worker, that each test's ``engine``
    copies (running every migration again per test costs a fraction of a second each); None on
    PostgreSQL, where ``engine`` migrates its emptied schema for real."""
    if postgres_url:
        return None
    engine = _empty_engine(None, tmp_path_factory.mktemp("migrated"))
    path = Path(str(engine.url.database))
    engine.dispose()
    return path


@pytest.fixture
def engine(postgres_url: str | None, migrated_template: Path | None, tmp_path: Path) -> Iterator[Engine]:
    """An empty, migrated database for one test."""
    if migrated_template is None:
        engine = _empty_engine(postgres_url, tmp_path)
    else:
        _copy_sqlite(migrated_template, tmp_path / "test.db")
        engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the empty, migrated test database (closed, uncommitted work discarded, after)."""
    with Session(engine) as db_session:
        yield db_session


#: steps of services.bundled.STEPS the shared read-only database leaves out (asset tests load their
#: own; the indices' sensitivity is computed below for the two small presets only)
LOADED_ENGINE_SKIPS = ("assets", "indices")
#: the store-fed index presets whose Sobol' indices the shared database holds (a few seconds each)
LOADED_SENSITIVITY = ["phw-domains", "warm"]


@pytest.fixture(scope="session")
def loaded_engine(
    postgres_url: str | None, worker: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """A database with all the bundled real data loaded, once per worker: tests must only read."""
    from healthassets.services.bundled import load_bundled

    url = _postgres_url(worker, "_loaded") if postgres_url else None
    engine = _empty_engine(url, tmp_path_factory.mktemp("loaded"))
    from healthassets.services.indices import compute_sensitivity

    load_bundled(engine, DATA, skip=LOADED_ENGINE_SKIPS)  # as `healthassets load` does, less the register
    compute_sensitivity(engine, LOADED_SENSITIVITY)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def geography_template(
    migrated_template: Path | None, tmp_path_factory: pytest.TempPathFactory
) -> Path | None:
    """On SQLite, a migrated database holding just the bundled geography, loaded once per worker
    (loading it takes seconds) for ``loaded_geography`` and the web tests to copy; None on PostgreSQL."""
    if migrated_template is None:
        return None
    from healthassets.services.loading import load_geography

    path = tmp_path_factory.mktemp("template") / "geography.db"
    _copy_sqlite(migrated_template, path)
    engine = make_engine(f"sqlite:///{path}")
    load_geography(engine, DATA)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_geography(postgres_url: str | None, worker: str) -> Iterator[str | None]:
    """On PostgreSQL, this worker's template database: migrated, holding just the bundled geography
    (loaded once; a real load per test took about ten seconds); None on SQLite."""
    if postgres_url is None:
        yield None
        return
    from healthassets.services.loading import load_geography

    url = _postgres_url(worker, "_geography")
    assert url is not None
    engine = _empty_engine(url, Path("."))
    load_geography(engine, DATA)
    engine.dispose()
    yield url.rpartition("/")[2]


def _recreate_from_template(engine: Engine, template: str) -> None:
    """Replace ``engine``'s PostgreSQL database by a copy of the database ``template`` (the engine's
    pooled connections closed first; it connects to the copy, of the same name, afterwards)."""
    engine.dispose()
    root, _, name = str(engine.url.render_as_string(hide_password=False)).rpartition("/")
    admin = create_engine(f"{root}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()


@pytest.fixture
def loaded_geography(
    engine: Engine, geography_template: Path | None, postgres_geography: str | None
) -> Engine:
    """An empty database holding just the bundled geography (about 46,000 areas): a copy of the
    worker's template — :func:`geography_template` on SQLite, :func:`postgres_geography` on
    PostgreSQL — into this test's ``engine``."""
    if postgres_geography is not None:
        _recreate_from_template(engine, postgres_geography)
    elif geography_template is not None:
        engine.dispose()  # no pooled connection may outlive the file's replacement
        _copy_sqlite(geography_template, Path(str(engine.url.database)))
    return engine


@pytest.fixture(scope="session")
def site(loaded_engine: Engine) -> Iterator[Any]:
    """The web site and API (TestClient) over the real bundled data (read-only)."""
    from fastapi.testclient import TestClient

    from healthassets.app import create_app

    with TestClient(create_app(loaded_engine), raise_server_exceptions=False) as client:
        yield client


# --- the Welsh profile database (issue 10: profiles, comparators, the spider chart) -------------------


@pytest.fixture(scope="session")
def welsh_engine(
    postgres_url: str | None, worker: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """Wales, England and a few districts with a test profile of synthetic indicators
    (tests/welsh_profile.py), once per worker: tests must only read."""
    from tests.welsh_profile import build

    url = _postgres_url(worker, "_welsh") if postgres_url else None
    folder = tmp_path_factory.mktemp("welsh")
    engine = build(_empty_engine(url, folder), DATA, folder)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def welsh_site(welsh_engine: Engine) -> Iterator[Any]:
    """The web site and API (TestClient) over :func:`welsh_engine`."""
    from fastapi.testclient import TestClient

    from healthassets.app import create_app

    with TestClient(create_app(welsh_engine, DATA), raise_server_exceptions=False) as client:
        yield client


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the PostgreSQL pass (``make test``'s second, HEALTHASSETS_DATABASE_URL set) run only the tests
    that touch a database — those using the ``postgres_url`` fixture (every database fixture does) or
    marked ``db``: the others ran unchanged in the SQLite pass and would only repeat it (docs/adr/0064).
    HEALTHASSETS_TEST_EVERYTHING=1 runs them all again."""
    if _postgres_url_base() is None or os.environ.get("HEALTHASSETS_TEST_EVERYTHING") == "1":
        return
    uses = [_touches_database(i) for i in items]
    if not all(uses):
        config.hook.pytest_deselected(items=[i for i, used in zip(items, uses, strict=True) if not used])
        items[:] = [i for i, used in zip(items, uses, strict=True) if used]


def _touches_database(item: pytest.Item) -> bool:
    return "postgres_url" in getattr(item, "fixturenames", ()) or bool(item.get_closest_marker("db"))


def _postgres_url_base() -> str | None:
    base = os.environ.get("HEALTHASSETS_DATABASE_URL", "")
    return base if base.startswith("postgresql") else None
