"""One source's batch of indicator values, read and pruned so a recomputation rewrites only the rows
that changed (the asset indicators after a moderation step)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Connection, delete, select

from healthassets.store.models import ImportBatch, IndicatorValue
from healthassets.store.rows import chunks

BATCH_COLUMNS = ["id", "indicator_id", "area_code", "period", "value", "count", "denominator"]


def batch_values(connection: Connection, source: str) -> tuple[int | None, pd.DataFrame]:
    """(batch id, its values: id, indicator_id, area_code, period, value, count, denominator) of
    ``source``; (None, empty) when the source has no batch."""
    batch_id = connection.scalar(select(ImportBatch.id).where(ImportBatch.source == source))
    if batch_id is None:
        return None, pd.DataFrame(columns=BATCH_COLUMNS)
    columns = [getattr(IndicatorValue, c) for c in BATCH_COLUMNS]
    query = select(*columns).where(IndicatorValue.batch_id == batch_id)
    return int(batch_id), pd.read_sql(query, connection)


def delete_values(connection: Connection, ids: Sequence[int]) -> None:
    """Delete indicator values by id (used to rewrite only the values that changed)."""
    for part in chunks(list(ids)):
        connection.execute(delete(IndicatorValue).where(IndicatorValue.id.in_(part)))
