"""Insert-if-absent for the small tables of shared state (store.rate_limits, store.leases,
store.changes, store.site_keys), on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase


def insert_if_absent(connection: Connection, model: type[DeclarativeBase], values: dict[str, Any]) -> bool:
    """Insert ``values`` unless a row with the same primary key exists; True when inserted. A write
    statement, so on SQLite it also takes the database's write lock for the rest of the
    transaction (what makes read-then-update under it atomic there)."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model).values(values).on_conflict_do_nothing()
    return bool(connection.execute(statement).rowcount)
