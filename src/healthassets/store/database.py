"""Database connection: URL, engine, migrations, sessions.

``HEALTHASSETS_DATABASE_URL`` selects the database (e.g.
``postgresql+psycopg://user@127.0.0.1:5432/healthassets``); the default is the embedded SQLite file
``healthassets.db`` in the current directory (another file with ``default_path=`` or
``HEALTHASSETS_DATABASE_PATH``). The schema is created and upgraded by the Alembic
migrations shipped inside the package (:func:`upgrade`), never by ``create_all``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from healthassets import settings
from healthassets.errors import InputError

DEFAULT_PATH = settings.DEFAULT_DATABASE_PATH
DEFAULT_URL = f"sqlite:///{DEFAULT_PATH}"


def database_url(url: str | None = None, *, default_path: str | Path | None = None) -> str:
    """The URL to use (:func:`healthassets.settings.database_url`)."""
    return settings.database_url(url, default_path=default_path)


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for ``url`` (default: :func:`database_url`). SQLite: foreign keys on, WAL journal
    (file databases), a generous busy timeout. PostgreSQL: pooled connections are checked before
    use (a server restarted since is reconnected to, not an error) and connecting gives up after
    10 s (docs/adr/0079)."""
    url = database_url(url)
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"timeout": 30})
    elif url.startswith("postgresql"):
        kwargs.setdefault("pool_pre_ping", True)
        kwargs.setdefault("connect_args", {"connect_timeout": 10})
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


#: the errors :func:`is_unavailable` may say are "the database cannot be reached"
DATABASE_ERRORS: tuple[type[Exception], ...] = (DBAPIError, PoolTimeout)
# SQLite's operational errors that mean "cannot use the file now", not a fault in a statement
_SQLITE_UNAVAILABLE = ("locked", "busy", "unable to open", "disk i/o", "readonly database")


def is_unavailable(error: BaseException) -> bool:
    """Whether ``error`` means the database cannot be reached or used at the moment (the server is
    down or restarting, a connection was lost, the pool is exhausted, the SQLite file is locked or
    gone) — a 503 and "try again", not a bug. A fault in a statement (no such table, a constraint)
    is not."""
    if isinstance(error, PoolTimeout):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    if isinstance(error.orig, sqlite3.Error):
        return any(words in str(error.orig).lower() for words in _SQLITE_UNAVAILABLE)
    return True  # psycopg's OperationalError: connecting failed, or the server went away


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode")
    if str(cursor.fetchone()[0]).lower() != "memory":  # WAL is meaningless for :memory:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration pointing at the packaged migrations and at ``engine``."""
    config = Config()
    location = resources.files("healthassets.store").joinpath("migrations")
    config.set_main_option("script_location", str(location))
    config.attributes["engine"] = engine
    return config


def _engine(engine_or_url: Engine | str | None) -> Engine:
    return engine_or_url if isinstance(engine_or_url, Engine) else make_engine(engine_or_url)


def upgrade(engine_or_url: Engine | str | None = None, revision: str = "head") -> None:
    """Create or migrate the schema to ``revision`` (default: the newest). Takes an engine, a URL,
    or nothing (:func:`database_url`)."""
    engine = _engine(engine_or_url)
    try:
        command.upgrade(alembic_config(engine), revision)
    finally:
        if engine is not engine_or_url:
            engine.dispose()


def downgrade(engine_or_url: Engine | str | None = None, revision: str = "base") -> None:
    """Migrate the schema down to ``revision`` (default: empty)."""
    engine = _engine(engine_or_url)
    try:
        command.downgrade(alembic_config(engine), revision)
    finally:
        if engine is not engine_or_url:
            engine.dispose()


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (None when it has never been migrated)."""
    from alembic.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def session_scope(engine: Engine | str | None = None) -> Iterator[Session]:
    """A session committed on success and rolled back on any error (engine, URL or the default)."""
    bound = _engine(engine)
    session = sessionmaker(bound, expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
        if bound is not engine:
            bound.dispose()


def existing_engine(url: str | None = None) -> Engine:
    """An engine on a database that already holds the healthassets schema (reads never create
    one): a missing SQLite file or schema is an :class:`InputError` saying to load first."""
    parsed = make_url(database_url(url))
    file = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if file not in (None, "", ":memory:") and not Path(str(file)).exists():
        raise InputError(f"no database at {parsed.database}; run 'healthassets load' first")
    engine = make_engine(parsed.render_as_string(hide_password=False))
    if not inspect(engine).has_table("indicator_values"):
        engine.dispose()
        raise InputError("the database has no indicator values yet; run 'healthassets load' first")
    return engine
