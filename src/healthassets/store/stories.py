"""Queries over stories (narratives about an asset, with an optional photo)."""

from __future__ import annotations

from sqlalchemy import Engine, select

from healthassets.assets.vocabulary import Status
from healthassets.store.models import Story


def published_photo(engine: Engine, story_id: str) -> tuple[bytes, str] | None:
    """(photo bytes, media type) of a published, live story with a photo; None otherwise."""
    with engine.connect() as connection:
        row = connection.execute(
            select(Story.photo, Story.photo_type, Story.status, Story.deleted_at).where(Story.id == story_id)
        ).first()
    if row is None or row.photo is None or row.status != Status.PUBLISHED.value or row.deleted_at is not None:
        return None
    return bytes(row.photo), row.photo_type or "image/jpeg"
