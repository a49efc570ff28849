"""Change counters (table ``change_counters``; docs/adr/0076): ``register`` is raised in the same
transaction as every audited change (store.audit), so each process's response cache, which keys on
it, misses from the next request on — whichever process made the change."""

from __future__ import annotations

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
