"""The import batches repository (table ``import_batches``): one batch per source, replaced whole.

A batch's values cascade with it, so deleting the previous batch of a source and writing the new
one in the same transaction replaces that source atomically.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, delete, insert, select, update

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


def finish_batch(
    connection: Connection, batch_id: int, loaded: int, rejected: int, file_name: str | None = None
) -> None:
    """Record how many rows the batch loaded and rejected (and, if given, what it was made from)."""
    values: dict[str, object] = {"rows_loaded": loaded, "rows_rejected": rejected}
    if file_name is not None:
        values["file_name"] = file_name
    connection.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(values))


def batches_like(bind: Engine | Connection, prefix: str) -> dict[str, tuple[str | None, int]]:
    """source → (file_name, rows_loaded) of the batches whose source starts with ``prefix``."""
    query = select(ImportBatch.source, ImportBatch.file_name, ImportBatch.rows_loaded).where(
        ImportBatch.source.startswith(prefix, autoescape=True)
    )
    if isinstance(bind, Connection):
        rows = bind.execute(query).all()
    else:
        with bind.connect() as connection:
            rows = connection.execute(query).all()
    return {str(source): (name, int(loaded)) for source, name, loaded in rows}


def delete_batches(connection: Connection, sources: list[str]) -> None:
    """Delete the batches of ``sources`` (their values cascade)."""
    if sources:
        connection.execute(delete(ImportBatch).where(ImportBatch.source.in_(sources)))
