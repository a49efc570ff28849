"""The audit log: who changed what, when, with the record before and after (JSON)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, and_, insert, select, update

from healthassets.store.changes import bump
from healthassets.store.models import AuditEntry, User

AUDIT_COLUMNS = ["id", "at", "action", "entity", "entity_id", "before", "after", "email"]


def now() -> datetime:
    return datetime.now(UTC)


def audit(
    connection: Connection,
    action: str,
    entity: str,
    entity_id: str,
    *,
    user_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Record one change in the audit log (who, when, what, before and after), raising the register's
    change counter in the same transaction (cached pages of every process expire; store.changes)."""
    bump(connection)
    connection.execute(
        insert(AuditEntry).values(
            at=now(),
            user_id=user_id,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=jsonable(before),
            after=jsonable(after),
        )
    )


def jsonable(record: dict[str, Any] | None) -> dict[str, Any] | None:
    """A record with its datetimes as ISO 8601 text (JSON columns hold no datetimes)."""
    if record is None:
        return None
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in record.items()}


def scrub_audit(connection: Connection, entity: str, ids: Sequence[str]) -> None:
    """Blank the before/after records of ``entity``'s entries for ``ids`` (an erasure keeps only the
    fact that something changed)."""
    if ids:
        connection.execute(
            update(AuditEntry)
            .where(and_(AuditEntry.entity == entity, AuditEntry.entity_id.in_(list(ids))))
            .values(before=None, after=None)
        )


def audit_entries(
    engine: Engine, *, entity: str | None = None, entity_id: str | None = None, limit: int = 200
) -> pd.DataFrame:
    """The newest audit entries (optionally of one entity), with the acting account's email."""
    query = (
        select(AuditEntry.id, AuditEntry.at, AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id,
               AuditEntry.before, AuditEntry.after, User.email)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )  # fmt: skip
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if entity_id:
        query = query.where(AuditEntry.entity_id == entity_id)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return pd.DataFrame(rows, columns=AUDIT_COLUMNS)
