"""Queries over stories (narratives about an asset in the community's own words, with an optional
photo), moderated like assets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from healthassets.assets.vocabulary import Status
from healthassets.store.audit import audit, scrub_audit
from healthassets.store.models import Asset, Story
from healthassets.store.models.assets import new_id

SHOWN = (
    Story.id, Story.title, Story.body, Story.author_name, Story.photo_type, Story.status,
    Story.created_at,
)  # fmt: skip


def stories_of(
    connection: Connection, asset_id: str, statuses: Sequence[str] = ("published",)
) -> list[dict[str, Any]]:
    """An asset's live stories of the given statuses, oldest first (without the photo bytes)."""
    query = (
        select(*SHOWN)
        .where(Story.asset_id == asset_id, Story.status.in_(statuses), Story.deleted_at.is_(None))
        .order_by(Story.created_at, Story.id)
    )
    return [dict(r) for r in connection.execute(query).mappings()]


def published_stories_of_assets(
    connection: Connection, asset_ids: Sequence[str], limit: int
) -> list[dict[str, Any]]:
    """Up to ``limit`` published, live stories of any of ``asset_ids``, newest first: id, asset_id,
    title and body (no teller's name or photo: for reports)."""
    if not asset_ids:
        return []
    query = (
        select(Story.id, Story.asset_id, Story.title, Story.body)
        .where(Story.asset_id.in_(list(asset_ids)), Story.status == "published", Story.deleted_at.is_(None))
        .order_by(Story.created_at.desc(), Story.id)
        .limit(limit)
    )
    return [dict(r) for r in connection.execute(query).mappings()]


def insert_story(engine: Engine, values: dict[str, Any], *, user_id: int | None) -> str | None:
    """Store a story (``values``: asset_id, title, body, author_name, photo…, status, created_at) with
    a new id, audited without the photo; None when its asset does not exist."""
    with engine.begin() as connection:
        if connection.scalar(select(Asset.id).where(Asset.id == values["asset_id"])) is None:
            return None
        story_id = new_id()
        row = {**values, "id": story_id, "created_by": user_id}
        connection.execute(insert(Story).values(row))
        shown = {k: v for k, v in row.items() if k != "photo"}
        audit(connection, "create", "story", story_id, user_id=user_id, after=shown)
    return story_id


def set_story_status(engine: Engine, story_id: str, target: str, *, user_id: int | None) -> bool:
    """Move a story to ``target`` (audited); False when there is no such story."""
    with engine.begin() as connection:
        before = connection.scalar(select(Story.status).where(Story.id == story_id))
        if before is None:
            return False
        connection.execute(update(Story).where(Story.id == story_id).values(status=target))
        audit(
            connection,
            "status",
            "story",
            story_id,
            user_id=user_id,
            before={"status": before},
            after={"status": target},
        )
    return True


def erase_story(engine: Engine, story_id: str, *, user_id: int | None) -> bool:
    """Delete a story and its photo for real; its audit entries keep no content. False when absent."""
    with engine.begin() as connection:
        if connection.scalar(select(Story.id).where(Story.id == story_id)) is None:
            return False
        scrub_audit(connection, "story", [story_id])
        connection.execute(delete(Story).where(Story.id == story_id))
        audit(connection, "erase", "story", story_id, user_id=user_id)
    return True


def submitted_stories(engine: Engine, limit: int = 200) -> list[dict[str, Any]]:
    """Live stories waiting for a moderator, oldest first."""
    query = (
        select(Story.id, Story.asset_id, Story.title, Story.body, Story.author_name, Story.created_at,
               Story.photo_type)
        .where(Story.status == Status.SUBMITTED.value, Story.deleted_at.is_(None))
        .order_by(Story.created_at)
        .limit(limit)
    )  # fmt: skip
    with engine.connect() as connection:
        return [dict(r) for r in connection.execute(query).mappings()]


def published_photo(engine: Engine, story_id: str) -> tuple[bytes, str] | None:
    """(photo bytes, media type) of a published, live story with a photo; None otherwise."""
    with engine.connect() as connection:
        row = connection.execute(
            select(Story.photo, Story.photo_type, Story.status, Story.deleted_at).where(Story.id == story_id)
        ).first()
    if row is None or row.photo is None or row.status != Status.PUBLISHED.value or row.deleted_at is not None:
        return None
    return bytes(row.photo), row.photo_type or "image/jpeg"
