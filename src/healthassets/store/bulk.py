"""Bulk writing on one connection: SQLite settings for a large load, and COPY on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
from sqlalchemy import Connection, insert

from healthassets.store.models import Base

#: SQLite page cache during a bulk load, in KiB (negative PRAGMA cache_size = KiB)
SQLITE_CACHE_KIB = 256 * 1024


@contextmanager
def bulk_load(connection: Connection) -> Iterator[None]:
    """Within the transaction: a large SQLite page cache and in-memory temporary b-trees, so the
    unique-key index of a million-row insert stays in memory; restored afterwards (nothing needed
    on PostgreSQL).

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


def bulk_insert(connection: Connection, model: type[Base], rows: pd.DataFrame) -> None:
    """Insert ``rows`` (columns named as the table's): COPY on PostgreSQL, executemany elsewhere."""
    if rows.empty:
        return
    if connection.dialect.name == "postgresql":
        columns = ", ".join(rows.columns)
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        # CSV: an unquoted empty field is NULL (e.g. missing Welsh names); texts are never empty
        with cursor.copy(f"COPY {model.__tablename__} ({columns}) FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write(rows.to_csv(index=False, header=False))
        return
    connection.execute(insert(model), rows.to_dict("records"))
