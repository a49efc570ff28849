"""The import batches repository (table ``import_batches``): one batch per source, replaced whole.

A batch's values cascade with it, so deleting the previous batch of a source and writing the new
one in the same transaction replaces that source atomically.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, update

from healthassets.store.models import ImportBatch


def start_batch(connection: Connection, source: str, kind: str, file_name: str | None) -> int:
    """Delete the previous batch of ``source`` (its values cascade) and open a new one."""
    connection.execute(delete(ImportBatch).where(ImportBatch.source == source))
    batch_id = connection.execute(
        insert(ImportBatch)
        .values(source=source, kind=kind, file_name=file_name, rows_loaded=0, rows_rejected=0)
        .returning(ImportBatch.id)
    ).scalar_one()
    return int(batch_id)


def finish_batch(connection: Connection, batch_id: int, loaded: int, rejected: int) -> None:
    """Record how many rows the batch loaded and rejected."""
    connection.execute(
        update(ImportBatch)
        .where(ImportBatch.id == batch_id)
        .values(rows_loaded=loaded, rows_rejected=rejected)
    )
