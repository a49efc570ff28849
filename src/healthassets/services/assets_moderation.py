"""Use cases of contributing and moderating assets: create, read, submit, approve or reject with a
reason, archive, verify, soft delete and restore, erase for real. Edits are
:mod:`healthassets.services.asset_edits`; stories :mod:`healthassets.services.stories`.

Every change writes the audit log (who, when, before/after) in the same transaction; status
changes also write the asset's status history. Status rules are
:data:`healthassets.assets.vocabulary.TRANSITIONS`. Erasing (a person's request) deletes the asset,
its stories and photos, and blanks the before/after records of its audit entries — only the fact
that an erasure happened remains.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from healthassets.assets.privacy import SMALL_AREA_PREFIXES, is_person, public_record
from healthassets.assets.vocabulary import Status, can_transition
from healthassets.errors import InputError, NotFoundError
from healthassets.services.asset_places import assign_areas
from healthassets.services.asset_records import validated
from healthassets.store import Engine
from healthassets.store import assets as asset_store
from healthassets.store.asset_saving import asset_sources_of, save_assets
from healthassets.store.audit import audit
from healthassets.store.stories import stories_of


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
    table = validated({**fields, "status": status.value}, engine, status.value)
    table.assets["created_by"] = user_id
    with engine.begin() as connection:
        report = save_assets(connection, table, replace_sources=False, user_id=user_id, log=False)
        asset_id = report.ids[1]
        after = asset_store.get_asset_row(connection, asset_id)
        audit(connection, "create", "asset", asset_id, user_id=user_id, after=after)
    if data_dir is not None:
        assign_areas(engine, data_dir, [asset_id])
    return asset_id


def get_asset(engine: Engine, asset_id: str, *, public: bool = True) -> dict[str, Any]:
    """One asset with its links, published stories, the other sources' records merged into it
    (``also_listed``, docs/adr/0051) and (not public) status history.

    Public views of a deleted or unpublished asset are NotFoundError; a person's contact details,
    exact point and small areas are never public (docs/adr/0035)."""
    with engine.connect() as connection:
        row = asset_store.get_asset_row(connection, asset_id)
        if row is None or (public and (row["deleted_at"] is not None or row["status"] != Status.PUBLISHED)):
            raise NotFoundError(f"no asset {asset_id}")
        row.update(asset_store.asset_links(connection, asset_id))
        row["stories"] = stories_of(connection, asset_id)
        row["also_listed"] = asset_sources_of(connection, asset_id)
        if not public:
            row["history"] = asset_store.status_history(connection, asset_id)
    if public and is_person(row):
        row = public_record(row)
        row["areas"] = [c for c in row["areas"] if not c.startswith(SMALL_AREA_PREFIXES)]
    return row


def change_status(
    engine: Engine, asset_id: str, target: Status, *, user_id: int | None, reason: str | None = None
) -> None:
    """One moderation step (submit, approve, reject, archive, restore to draft…). Rejecting needs a
    reason. Steps not in TRANSITIONS are an InputError naming both statuses."""
    reason = (reason or "").strip() or None
    if target == Status.REJECTED and not reason:
        raise InputError("give a reason for rejecting", column="reason")
    with engine.begin() as connection:
        before = asset_store.get_asset_row(connection, asset_id)
        if before is None or before["deleted_at"] is not None:
            raise NotFoundError(f"no asset {asset_id}")
        current = Status(before["status"])
        if not can_transition(current, target):
            raise InputError(f"an asset cannot go from {current.value} to {target.value}", column="status")
        asset_store.set_status(
            connection, asset_id, current.value, target.value, user_id=user_id, reason=reason
        )


def mark_verified(engine: Engine, asset_id: str, *, user_id: int | None) -> None:
    """Record that someone checked the asset is still there and right."""
    if not asset_store.set_verified(engine, asset_id, user_id=user_id):
        raise NotFoundError(f"no asset {asset_id}")


def stale_assets(engine: Engine, *, older_than: timedelta = timedelta(days=365)) -> pd.DataFrame:
    """Published, live assets not verified within ``older_than`` (never verified counts as stale)
    — the review cycle's queue, oldest first."""
    return asset_store.stale_assets(engine, datetime.now(UTC) - older_than)


def soft_delete(engine: Engine, asset_id: str, *, user_id: int | None, restore: bool = False) -> None:
    """Hide an asset everywhere (or, with ``restore``, bring it back); reversible, audited."""
    if not asset_store.set_deleted(engine, asset_id, user_id=user_id, restore=restore):
        raise NotFoundError(f"no asset {asset_id}")


def erase_asset(engine: Engine, asset_id: str, *, user_id: int | None) -> None:
    """Erase an asset for real (a person's request): the record, its links, stories and photos go,
    and earlier audit entries keep only that something was changed."""
    if not asset_store.erase(engine, asset_id, user_id=user_id):
        raise NotFoundError(f"no asset {asset_id}")


def submitted_assets(engine: Engine, limit: int = 200) -> pd.DataFrame:
    """Live assets waiting for a moderator (the moderation queue), by name."""
    return asset_store.list_assets(
        engine, asset_store.AssetFilter(statuses=[Status.SUBMITTED.value]), limit=limit
    )
