"""Settings for one bulk load on a connection (SQLite PRAGMAs; nothing needed for PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

#: SQLite page cache during a bulk load, in KiB (negative PRAGMA cache_size = KiB)
SQLITE_CACHE_KIB = 256 * 1024


@contextmanager
def bulk_load(connection: Connection) -> Iterator[None]:
    """Within the transaction: a large SQLite page cache and in-memory temporary b-trees, so the
    unique-key index of a million-row insert stays in memory; restored afterwards.

    Durability is unchanged (the engine's WAL journal with synchronous=NORMAL): the load is still
    one transaction, committed or rolled back as a whole.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    connection.exec_driver_sql("PRAGMA temp_store=MEMORY")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={before}")
