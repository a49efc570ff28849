"""Pending edits of published assets (docs/adr/0036): proposed by contributors, decided by moderators.

One pending revision per asset: a newer proposal replaces the older one (it was made from the same
published record, and holds every change its author still wants)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from healthassets.store.audit import audit, jsonable, now
from healthassets.store.models import Asset, AssetRevision, User

PENDING = "pending"


def propose(engine: Engine, asset_id: str, changes: dict[str, Any], *, user_id: int | None) -> int:
    """Store ``changes`` as the asset's pending revision (replacing an earlier pending one, which is
    marked superseded), audited; returns the revision id."""
    with engine.begin() as connection:
        stamp = now()
        connection.execute(
            update(AssetRevision)
            .where(AssetRevision.asset_id == asset_id, AssetRevision.status == PENDING)
            .values(status="superseded", decided_at=stamp)
        )
        revision_id = connection.execute(
            insert(AssetRevision)
            .values(
                asset_id=asset_id,
                changes=jsonable(changes),
                status=PENDING,
                created_by=user_id,
                created_at=stamp,
            )
            .returning(AssetRevision.id)
        ).scalar_one()
        audit(
            connection,
            "propose",
            "asset",
            asset_id,
            user_id=user_id,
            after={"revision": int(revision_id), **changes},
        )
    return int(revision_id)


def get_revision(connection: Connection, revision_id: int) -> dict[str, Any] | None:
    row = connection.execute(
        select(AssetRevision.__table__).where(AssetRevision.id == revision_id)
    ).mappings()
    found = row.first()
    return dict(found) if found else None


def pending_of(connection: Connection, asset_id: str) -> dict[str, Any] | None:
    """The asset's pending revision, or None."""
    query = select(AssetRevision.__table__).where(
        AssetRevision.asset_id == asset_id, AssetRevision.status == PENDING
    )
    found = connection.execute(query.order_by(AssetRevision.id.desc())).mappings().first()
    return dict(found) if found else None


def decide(
    connection: Connection, revision_id: int, status: str, *, user_id: int | None, reason: str | None
) -> None:
    """Mark a revision approved or rejected (the caller applies an approved one), audited."""
    connection.execute(
        update(AssetRevision)
        .where(AssetRevision.id == revision_id)
        .values(status=status, decided_by=user_id, decided_at=now(), reason=reason)
    )
    asset_id = connection.scalar(select(AssetRevision.asset_id).where(AssetRevision.id == revision_id))
    after = {"revision": revision_id, "status": status, "reason": reason}
    audit(connection, "revision", "asset", str(asset_id), user_id=user_id, after=after)


def pending_revisions(engine: Engine, limit: int = 200) -> list[dict[str, Any]]:
    """Pending revisions of live assets, oldest first, with the asset's name and the author's email."""
    query = (
        select(AssetRevision.id, AssetRevision.asset_id, AssetRevision.changes, AssetRevision.created_at,
               Asset.name, User.email)
        .join(Asset, Asset.id == AssetRevision.asset_id)
        .outerjoin(User, User.id == AssetRevision.created_by)
        .where(AssetRevision.status == PENDING, Asset.deleted_at.is_(None))
        .order_by(AssetRevision.created_at, AssetRevision.id)
        .limit(limit)
    )  # fmt: skip
    with engine.connect() as connection:
        return [dict(r) for r in connection.execute(query).mappings()]
