"""Queries over place plans (one JSON document per plan, audited, versioned) and their one-time
stakeholder invitations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, or_, select, update

from healthassets.store.audit import audit, now
from healthassets.store.models import Plan, PlanInvitation
from healthassets.store.models.assets import new_id


class InvitationSpent(Exception):
    """The one-time invitation was used (by another request) before this save."""


LISTED = (
    Plan.id, Plan.title, Plan.area_code, Plan.visibility, Plan.example, Plan.created_by, Plan.updated_at,
)  # fmt: skip


def plan_row(engine: Engine, plan_id: str) -> dict[str, Any] | None:
    """The live plan ``plan_id`` (every column), or None."""
    with engine.connect() as connection:
        row = (
            connection.execute(
                select(*Plan.__table__.columns).where(Plan.id == plan_id, Plan.deleted_at.is_(None))
            )
            .mappings()
            .first()
        )
    return None if row is None else dict(row)


def plans_seen_by(engine: Engine, user_id: int | None, *, everything: bool = False) -> list[dict[str, Any]]:
    """Live plans the reader may list: public ones, their own, or all (``everything``); examples
    first, then by title."""
    query = select(*LISTED).where(Plan.deleted_at.is_(None))
    if not everything:
        query = query.where(or_(Plan.visibility == "public", Plan.created_by == user_id))
    query = query.order_by(Plan.example.desc(), Plan.title, Plan.id)
    with engine.connect() as connection:
        return [dict(r) for r in connection.execute(query).mappings()]


def insert_plan(
    engine: Engine, document: dict[str, Any], *, user_id: int | None, visibility: str = "private"
) -> str:
    """Store a new (already checked) plan document; audited. Returns its id."""
    with engine.begin() as connection:
        return _insert_plan(connection, document, user_id=user_id, visibility=visibility)


def replace_example_plans(engine: Engine, document: dict[str, Any]) -> str:
    """Mark the live example plans deleted and store ``document`` as the public example, in one
    transaction (a crash leaves the old example or the new one, never none: docs/adr/0079)."""
    with engine.begin() as connection:
        old = list(connection.scalars(select(Plan.id).where(Plan.example, Plan.deleted_at.is_(None))))
        for plan_id in old:
            _delete_plan(connection, plan_id, user_id=None)
        return _insert_plan(connection, document, user_id=None, visibility="public")


def _insert_plan(
    connection: Connection, document: dict[str, Any], *, user_id: int | None, visibility: str
) -> str:
    plan_id = new_id()
    connection.execute(
        insert(Plan).values(
            id=plan_id,
            title=document["title"],
            area_code=document["area"]["code"],
            document=document,
            version=1,
            visibility=visibility,
            example=bool(document.get("example")),
            created_by=user_id,
            created_at=now(),
            updated_at=now(),
        )
    )
    audit(connection, "create", "plan", plan_id, user_id=user_id, after=document)
    return plan_id


def save_plan(
    engine: Engine,
    plan_id: str,
    document: dict[str, Any],
    version: int,
    *,
    user_id: int | None,
    invitation_hash: str | None = None,
) -> bool:
    """Replace the document of plan ``plan_id`` if it is still at ``version`` (then version + 1);
    audited with the document before and after. False when someone saved in between. With
    ``invitation_hash``, the same transaction spends that one-time invitation; the save is undone
    (InvitationSpent) when it was spent already."""
    try:
        _save(engine, plan_id, document, version, user_id, invitation_hash)
    except _Stale:
        return False
    return True


class _Stale(Exception):
    pass


def _save(
    engine: Engine,
    plan_id: str,
    document: dict[str, Any],
    version: int,
    user_id: int | None,
    invitation_hash: str | None,
) -> None:
    with engine.begin() as connection:
        if invitation_hash is not None:
            spent = connection.execute(
                update(PlanInvitation)
                .where(PlanInvitation.token_hash == invitation_hash, PlanInvitation.used_at.is_(None))
                .values(used_at=now())
            )
            if not spent.rowcount:
                raise InvitationSpent(invitation_hash)
        before = connection.scalar(
            select(Plan.document).where(
                Plan.id == plan_id, Plan.version == version, Plan.deleted_at.is_(None)
            )
        )
        if before is None:
            raise _Stale  # leaves the transaction, undoing a spent invitation
        saved = connection.execute(
            update(Plan)
            .where(Plan.id == plan_id, Plan.version == version)
            .values(
                document=document,
                title=document["title"],
                area_code=document["area"]["code"],
                version=version + 1,
                updated_at=now(),
            )
        )
        if not saved.rowcount:
            raise _Stale
        audit(connection, "update", "plan", plan_id, user_id=user_id, before=before, after=document)


def set_plan_sharing(
    engine: Engine, plan_id: str, visibility: str, token: str | None, *, user_id: int | None
) -> None:
    """Set who may read plan ``plan_id`` (private, link, public) and its read-only link token."""
    with engine.begin() as connection:
        before = connection.execute(select(Plan.visibility).where(Plan.id == plan_id)).scalar()
        connection.execute(
            update(Plan).where(Plan.id == plan_id).values(visibility=visibility, share_token=token)
        )
        audit(
            connection, "sharing", "plan", plan_id, user_id=user_id,
            before={"visibility": before}, after={"visibility": visibility, "link": token is not None},
        )  # fmt: skip


def delete_plan(engine: Engine, plan_id: str, *, user_id: int | None) -> None:
    """Mark plan ``plan_id`` deleted (kept for the audit trail) and drop its invitations."""
    with engine.begin() as connection:
        _delete_plan(connection, plan_id, user_id=user_id)


def _delete_plan(connection: Connection, plan_id: str, *, user_id: int | None) -> None:
    connection.execute(update(Plan).where(Plan.id == plan_id).values(deleted_at=now(), share_token=None))
    connection.execute(delete(PlanInvitation).where(PlanInvitation.plan_id == plan_id))
    audit(connection, "delete", "plan", plan_id, user_id=user_id)


def insert_invitation(
    engine: Engine, token_hash: str, plan_id: str, stakeholder: str, expires_at: int
) -> None:
    with engine.begin() as connection:
        connection.execute(
            insert(PlanInvitation).values(
                token_hash=token_hash, plan_id=plan_id, stakeholder=stakeholder, expires_at=expires_at
            )
        )


def invitation(engine: Engine, token_hash: str) -> dict[str, Any] | None:
    """The unused invitation with this token hash (plan_id, stakeholder, expires_at), or None."""
    with engine.connect() as connection:
        row = (
            connection.execute(
                select(PlanInvitation.plan_id, PlanInvitation.stakeholder, PlanInvitation.expires_at).where(
                    PlanInvitation.token_hash == token_hash, PlanInvitation.used_at.is_(None)
                )
            )
            .mappings()
            .first()
        )
    return None if row is None else dict(row)
