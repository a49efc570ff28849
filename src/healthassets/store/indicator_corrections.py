"""What each load did with its indicator-metadata corrections, kept in the audit log.

One audit entry per load of a source (``entity`` "indicator corrections", ``entity_id`` the
source, ``after`` {"corrections": [one object per correction with its status]}), so the history of
corrections stays and the newest entry per source says what the stored indicators carry now — a
load with no corrections writes an empty list, so an old correction never lingers
(docs/adr/0040-indicator-metadata-corrections.md).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Engine, func, insert, select

from healthassets.store.models import AuditEntry

ENTITY = "indicator corrections"
ACTION = "load"
COLUMNS = [
    "indicator_id",
    "field",
    "published_value",
    "corrected_value",
    "extract_value",
    "status",
    "source",
    "reason",
]


def record_corrections(engine: Engine, source: str, outcome: pd.DataFrame) -> None:
    """Append what a load of ``source`` did with each correction (``outcome``: one row each)."""
    rows = outcome.reindex(columns=COLUMNS).astype(object)
    records: list[dict[str, Any]] = rows.where(rows.notna(), None).to_dict("records")
    for record in records:
        record["indicator_id"] = int(record["indicator_id"])
    with engine.begin() as connection:
        connection.execute(
            insert(AuditEntry).values(
                action=ACTION, entity=ENTITY, entity_id=source, after={"corrections": records}
            )
        )


def latest_corrections(engine: Engine) -> pd.DataFrame:
    """The corrections of the newest load of every source, with a ``load_source`` column."""
    newest = select(func.max(AuditEntry.id)).where(AuditEntry.entity == ENTITY).group_by(AuditEntry.entity_id)
    query = select(AuditEntry.entity_id, AuditEntry.after).where(AuditEntry.id.in_(newest))
    with engine.connect() as connection:
        entries = connection.execute(query).all()
    frames = [
        pd.DataFrame((after or {}).get("corrections", []), columns=COLUMNS).assign(load_source=source)
        for source, after in entries
    ]
    if not frames:
        return pd.DataFrame(columns=[*COLUMNS, "load_source"])
    return pd.concat(frames, ignore_index=True)
