"""Use cases of contributing and moderating: create, edit, submit, approve or reject with a
reason, archive, verify, soft delete and restore, erase for real, and stories.

Every change writes the audit log (who, when, before/after) in the same transaction; status
changes also write the asset's status history. Status rules are
:data:`healthassets.assets.vocabulary.TRANSITIONS`. Erasing (a person's request) deletes the asset,
its stories and photos, and blanks the before/after records of its audit entries — only the fact
that an erasure happened remains.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, and_, delete, insert, or_, select, update

from healthassets.assets.records import ASSET_COLUMNS, validate_assets
from healthassets.assets.vocabulary import Status, can_transition
from healthassets.errors import ImportValidationError, InputError, NotFoundError, RowProblem
from healthassets.store.areas import known_area_codes
from healthassets.store.assets import (
    asset_links,
    audit,
    get_asset_row,
    save_assets,
    set_links,
    status_history,
    stories_of,
)
from healthassets.store.models import Asset, AssetStatusChange, AuditEntry, Story

#: fields never shown publicly for an asset that is a person
PERSONAL_FIELDS = ("email", "phone", "address", "postcode")
LIST_FIELDS = ("dimensions", "five_ways", "served_areas")
STORY_TITLE_MAX = 300
STORY_BODY_MAX = 20_000


def _now() -> datetime:
    return datetime.now(UTC)


def _as_text(record: dict[str, Any]) -> dict[str, str]:
    """A form-like record (lists, bools, numbers) as the text cells validation reads."""
    out = {}
    for key, value in record.items():
        if value is None:
            out[key] = ""
        elif isinstance(value, list | tuple):
            out[key] = ";".join(str(v) for v in value)
        elif isinstance(value, bool):
            out[key] = "yes" if value else "no"
        elif isinstance(value, datetime):
            out[key] = value.isoformat()
        else:
            out[key] = str(value)
    return out


def _validated(record: dict[str, Any], engine: Engine, status: str) -> Any:
    frame = pd.DataFrame([{k: v for k, v in _as_text(record).items() if k in ASSET_COLUMNS}])
    table = validate_assets(frame, None, default_status=Status(status), known_areas=known_area_codes(engine))
    if table.problems:
        raise ImportValidationError(table.problems)
    return table


def create_asset(
    engine: Engine,
    fields: dict[str, Any],
    *,
    user_id: int | None = None,
    status: Status = Status.SUBMITTED,
    data_dir: Path | None = None,
) -> str:
    """Add one asset (a suggestion is ``submitted``; a contributor's draft is ``draft``) and return
    its id. Bad fields raise ImportValidationError whose problems name each field (row 1)."""
    record = {**fields, "status": status.value}
    table = _validated(record, engine, status.value)
    table.assets["created_by"] = user_id
    with engine.begin() as connection:
        report = save_assets(connection, table, replace_sources=False, user_id=user_id, log=False)
        asset_id = report.ids[1]
        audit(
            connection,
            "create",
            "asset",
            asset_id,
            user_id=user_id,
            after=get_asset_row(connection, asset_id),
        )
    if data_dir is not None:
        from healthassets.services.assets import assign_areas

        assign_areas(engine, data_dir, [asset_id])
    return asset_id


def get_asset(engine: Engine, asset_id: str, *, public: bool = True) -> dict[str, Any]:
    """One asset with its links, published stories and (not public) status history.

    Public views of a deleted or unpublished asset are NotFoundError; a person's contact details are
    never public."""
    with engine.connect() as connection:
        row = get_asset_row(connection, asset_id)
        if row is None or (public and (row["deleted_at"] is not None or row["status"] != Status.PUBLISHED)):
            raise NotFoundError(f"no asset {asset_id}")
        row.update(asset_links(connection, asset_id))
        row["stories"] = stories_of(connection, asset_id)
        if not public:
            row["history"] = status_history(connection, asset_id)
    if public and row["is_person"]:
        for name in PERSONAL_FIELDS:
            row[name] = None
    return row


def update_asset(
    engine: Engine,
    asset_id: str,
    changes: dict[str, Any],
    *,
    user_id: int | None,
    data_dir: Path | None = None,
) -> dict[str, Any]:
    """Edit an asset's fields (not its status: see :func:`change_status`); returns the new row."""
    if "status" in changes:
        raise InputError("change the status with a moderation step, not an edit", column="status")
    with engine.connect() as connection:
        before = get_asset_row(connection, asset_id)
        if before is None:
            raise NotFoundError(f"no asset {asset_id}")
        links = asset_links(connection, asset_id)
    merged = {**before, **{k: ";".join(v) for k, v in links.items() if k in LIST_FIELDS}, **changes}
    table = _validated(merged, engine, before["status"])
    values = table.assets.iloc[0].to_dict()
    columns = {c.name for c in Asset.__table__.columns} - {
        "id",
        "created_at",
        "created_by",
        "status",
        "source",
    }
    update_values = {k: _plain(v) for k, v in values.items() if k in columns}
    update_values["updated_at"] = _now()
    new_links = {
        "dimensions": table.dimensions["dimension"].tolist(),
        "five_ways": table.five_ways["way"].tolist(),
        "served_areas": table.served_areas["area_code"].tolist(),
    }
    with engine.begin() as connection:
        connection.execute(update(Asset).where(Asset.id == asset_id).values(update_values))
        set_links(connection, asset_id, new_links)
        after = get_asset_row(connection, asset_id)
        audit(
            connection,
            "update",
            "asset",
            asset_id,
            user_id=user_id,
            before={**before, **links},
            after={**(after or {}), **new_links},
        )
    after = after or {}
    moved = (before["latitude"], before["longitude"]) != (after.get("latitude"), after.get("longitude"))
    if data_dir is not None and moved:
        from healthassets.services.assets import assign_areas

        assign_areas(engine, data_dir, [asset_id])
    return after


def _plain(value: Any) -> Any:
    """A cell as a plain Python value for the database (NaN/NaT/NA → None, NumPy scalars unwrapped)."""
    if isinstance(value, list):
        return value
    if value is None or value is pd.NaT or (not isinstance(value, str) and bool(pd.isna(value))):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def change_status(
    engine: Engine, asset_id: str, target: Status, *, user_id: int | None, reason: str | None = None
) -> None:
    """One moderation step (submit, approve, reject, archive, restore to draft…). Rejecting needs a
    reason. Steps not in TRANSITIONS are an InputError naming both statuses."""
    reason = (reason or "").strip() or None
    if target == Status.REJECTED and not reason:
        raise InputError("give a reason for rejecting", column="reason")
    with engine.begin() as connection:
        before = get_asset_row(connection, asset_id)
        if before is None or before["deleted_at"] is not None:
            raise NotFoundError(f"no asset {asset_id}")
        current = Status(before["status"])
        if not can_transition(current, target):
            raise InputError(f"an asset cannot go from {current.value} to {target.value}", column="status")
        stamp = _now()
        values: dict[str, Any] = {"status": target.value, "updated_at": stamp}
        if target == Status.PUBLISHED:
            values.update(last_verified_at=stamp, last_verified_by=user_id)
        connection.execute(update(Asset).where(Asset.id == asset_id).values(values))
        connection.execute(
            insert(AssetStatusChange).values(
                asset_id=asset_id,
                user_id=user_id,
                at=stamp,
                from_status=current.value,
                to_status=target.value,
                reason=reason,
            )
        )
        audit(
            connection,
            "status",
            "asset",
            asset_id,
            user_id=user_id,
            before={"status": current.value},
            after={"status": target.value, "reason": reason},
        )


def mark_verified(engine: Engine, asset_id: str, *, user_id: int | None) -> None:
    """Record that someone checked the asset is still there and right."""
    with engine.begin() as connection:
        stamp = _now()
        done = connection.execute(
            update(Asset).where(Asset.id == asset_id).values(last_verified_at=stamp, last_verified_by=user_id)
        )
        if not done.rowcount:
            raise NotFoundError(f"no asset {asset_id}")
        audit(connection, "verify", "asset", asset_id, user_id=user_id, after={"last_verified_at": stamp})


def stale_assets(engine: Engine, *, older_than: timedelta = timedelta(days=365)) -> pd.DataFrame:
    """Published, live assets not verified within ``older_than`` (never verified counts as stale)
    — the review cycle's queue, oldest first."""
    cutoff = _now() - older_than
    query = (
        select(Asset.id, Asset.name, Asset.last_verified_at, Asset.source, Asset.created_at)
        .where(Asset.status == Status.PUBLISHED, Asset.deleted_at.is_(None))
        .where(or_(Asset.last_verified_at.is_(None), Asset.last_verified_at < cutoff))
        .order_by(Asset.last_verified_at.is_not(None), Asset.last_verified_at, Asset.name)
    )
    with engine.connect() as connection:
        return pd.read_sql(query, connection)


def soft_delete(engine: Engine, asset_id: str, *, user_id: int | None, restore: bool = False) -> None:
    """Hide an asset everywhere (or, with ``restore``, bring it back); reversible, audited."""
    with engine.begin() as connection:
        row = get_asset_row(connection, asset_id)
        if row is None:
            raise NotFoundError(f"no asset {asset_id}")
        stamp = None if restore else _now()
        connection.execute(update(Asset).where(Asset.id == asset_id).values(deleted_at=stamp))
        audit(
            connection,
            "restore" if restore else "delete",
            "asset",
            asset_id,
            user_id=user_id,
            before={"deleted_at": row["deleted_at"]},
            after={"deleted_at": stamp},
        )


def erase_asset(engine: Engine, asset_id: str, *, user_id: int | None) -> None:
    """Erase an asset for real (a person's request): the record, its links, stories and photos go,
    and earlier audit entries keep only that something was changed."""
    with engine.begin() as connection:
        if get_asset_row(connection, asset_id) is None:
            raise NotFoundError(f"no asset {asset_id}")
        story_ids = list(connection.scalars(select(Story.id).where(Story.asset_id == asset_id)))
        _scrub_audit(connection, "asset", [asset_id])
        _scrub_audit(connection, "story", story_ids)
        connection.execute(delete(Asset).where(Asset.id == asset_id))  # links, stories, history cascade
        audit(
            connection, "erase", "asset", asset_id, user_id=user_id, after={"stories_erased": len(story_ids)}
        )


def _scrub_audit(connection: Any, entity: str, ids: list[str]) -> None:
    if ids:
        connection.execute(
            update(AuditEntry)
            .where(and_(AuditEntry.entity == entity, AuditEntry.entity_id.in_(ids)))
            .values(before=None, after=None)
        )


@dataclass
class StoryInput:
    title: str
    body: str
    author_name: str | None = None
    photo: bytes | None = None
    photo_type: str | None = None
    photo_path: str | None = None


def story_problems(story: StoryInput) -> list[RowProblem]:
    """What is wrong with a story's text: a title and a body, each within its length."""
    problems = []
    title, body = story.title.strip(), story.body.strip()
    for column, text, limit in (("title", title, STORY_TITLE_MAX), ("body", body, STORY_BODY_MAX)):
        if not text:
            problems.append(RowProblem(1, column, f"{column} is missing"))
        elif len(text) > limit:
            problems.append(RowProblem(1, column, f"{column} is longer than {limit:,} characters"))
    return problems


def add_story(
    engine: Engine,
    asset_id: str,
    story: StoryInput,
    *,
    user_id: int | None = None,
    status: Status = Status.SUBMITTED,
) -> str:
    """Attach a story (moderated like assets: ``submitted`` until approved). The caller checks and
    strips photos (size, type, metadata) before they reach here."""
    problems = story_problems(story)
    if problems:
        raise ImportValidationError(problems)
    title, body = story.title.strip(), story.body.strip()
    with engine.begin() as connection:
        if get_asset_row(connection, asset_id) is None:
            raise NotFoundError(f"no asset {asset_id}")
        from healthassets.store.models.assets import new_id

        story_id = new_id()
        values = {
            "id": story_id,
            "asset_id": asset_id,
            "title": title,
            "body": body,
            "author_name": (story.author_name or "").strip() or None,
            "photo": story.photo,
            "photo_type": story.photo_type,
            "photo_path": story.photo_path,
            "status": status.value,
            "created_by": user_id,
            "created_at": _now(),
        }
        connection.execute(insert(Story).values(values))
        audit(
            connection,
            "create",
            "story",
            story_id,
            user_id=user_id,
            after={k: v for k, v in values.items() if k != "photo"},
        )
    return story_id


def change_story_status(engine: Engine, story_id: str, target: Status, *, user_id: int | None) -> None:
    with engine.begin() as connection:
        before = connection.scalar(select(Story.status).where(Story.id == story_id))
        if before is None:
            raise NotFoundError(f"no story {story_id}")
        connection.execute(update(Story).where(Story.id == story_id).values(status=target.value))
        audit(
            connection,
            "status",
            "story",
            story_id,
            user_id=user_id,
            before={"status": before},
            after={"status": target.value},
        )


def erase_story(engine: Engine, story_id: str, *, user_id: int | None) -> None:
    """Delete a story and its photo for real; its audit entries keep no content."""
    with engine.begin() as connection:
        if connection.scalar(select(Story.id).where(Story.id == story_id)) is None:
            raise NotFoundError(f"no story {story_id}")
        _scrub_audit(connection, "story", [story_id])
        connection.execute(delete(Story).where(Story.id == story_id))
        audit(connection, "erase", "story", story_id, user_id=user_id)
