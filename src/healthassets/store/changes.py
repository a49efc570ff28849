"""Change counters (table ``change_counters``; docs/adr/0076): ``register`` is raised in the same
transaction as every audited change (store.audit), so each process's response cache, which keys on
it, misses from the next request on — whichever process made the change."""

from __future__ import annotations

from contextlib import suppress
from threading import Lock

from sqlalchemy import Connection, Engine, bindparam, select, update

from healthassets.store.models import ChangeCounter
from healthassets.store.shared_rows import insert_if_absent

REGISTER = "register"


def bump(connection: Connection, name: str = REGISTER) -> None:
    """Raise ``name`` by one inside the caller's transaction (an ``UPDATE … + 1``: concurrent
    transactions queue on the row, so the counter follows commit order)."""
    insert_if_absent(connection, ChangeCounter, {"name": name, "value": 0})
    connection.execute(
        update(ChangeCounter).where(ChangeCounter.name == name).values(value=ChangeCounter.value + 1)
    )


def bump_now(engine: Engine, name: str = REGISTER) -> None:
    with engine.begin() as connection:
        bump(connection, name)


#: built once: the response cache reads it on every request
_CURRENT = select(ChangeCounter.value).where(ChangeCounter.name == bindparam("name"))


def current(engine: Engine, name: str = REGISTER) -> int:
    """The counter's value (0 before the first change)."""
    with engine.connect() as connection:
        value = connection.execute(_CURRENT, {"name": name}).scalar()
    return int(value or 0)


class CounterReader:
    """Reads ``name`` on one connection kept open in autocommit mode — each read its own
    transaction, so it sees every commit, without a pool checkout and reset per read (the response
    cache asks on every request). A connection that fails is dropped and the read tried once more on
    a new one; a second failure is raised (the site answers 503)."""

    def __init__(self, engine: Engine, name: str = REGISTER) -> None:
        self.engine = engine
        self.name = name
        self.connection: Connection | None = None
        self.lock = Lock()

    def _read(self) -> int:
        if self.connection is None:
            self.connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        return int(self.connection.execute(_CURRENT, {"name": self.name}).scalar() or 0)

    def _drop(self) -> None:
        if self.connection is not None:
            with suppress(Exception):
                self.connection.invalidate()
                self.connection.close()
        self.connection = None

    def __call__(self) -> int:
        with self.lock:
            try:
                return self._read()
            except Exception:  # a lost or invalidated connection: one more try on a new one
                self._drop()
            try:
                return self._read()
            except Exception:
                self._drop()
                raise

    def close(self) -> None:
        with self.lock:
            if self.connection is not None:
                self.connection.close()
            self.connection = None
