"""Use case: editing an asset's fields (not its status: that is a moderation step).

An edit of a *published* asset by someone who is not a moderator is re-moderated (docs/adr/0036):
it is kept as the asset's pending revision — only the fields it changes — and the published record
stays public, unchanged, until a moderator approves the revision (its changes are then applied, as
a moderator's own edit would be) or rejects it with a reason. Edits of unpublished assets, and
moderators' edits, apply at once; every step is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from healthassets.assets.vocabulary import Status
from healthassets.errors import InputError, NotFoundError
from healthassets.services.asset_places import assign_areas
from healthassets.services.asset_records import LIST_FIELDS, link_lists, row_values, validated
from healthassets.store import Engine, revisions
from healthassets.store import assets as asset_store
from healthassets.store.audit import audit


@dataclass
class Edit:
    """What an edit did: the asset's record as it now stands, and the pending revision it made (None
    when the edit applied at once)."""

    record: dict[str, Any]
    pending_revision: int | None = None


def _current(engine: Engine, asset_id: str) -> tuple[dict[str, Any], dict[str, list[str]]]:
    with engine.connect() as connection:
        before = asset_store.get_asset_row(connection, asset_id)
        if before is None:
            raise NotFoundError(f"no asset {asset_id}")
        links = asset_store.asset_links(connection, asset_id)
    return before, {k: v for k, v in links.items() if k in LIST_FIELDS}


def _comparable(value: Any) -> Any:
    """A value as compared between the stored and the edited record (datetimes in UTC, no zone)."""
    if isinstance(value, datetime):
        moment = value.astimezone(UTC) if value.tzinfo else value
        return moment.replace(tzinfo=None).isoformat()
    if isinstance(value, list):
        return sorted(map(str, value)) if value else None
    return value


def _differences(
    before: dict[str, Any],
    links: dict[str, list[str]],
    values: dict[str, Any],
    new_links: dict[str, list[str]],
) -> dict[str, Any]:
    """The edited fields whose value differs from the stored record."""
    changed = {
        k: v
        for k, v in values.items()
        if k in asset_store.EDITABLE and _comparable(v) != _comparable(before.get(k))
    }
    changed.update({k: v for k, v in new_links.items() if _comparable(v) != _comparable(links.get(k, []))})
    return changed


def _checked(
    engine: Engine, asset_id: str, changes: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]], dict[str, Any], dict[str, list[str]]]:
    """(stored record, its links, the edited record's values, its links), the edit validated whole."""
    if "status" in changes:
        raise InputError("change the status with a moderation step, not an edit", column="status")
    before, links = _current(engine, asset_id)
    merged = {**before, **{k: ";".join(v) for k, v in links.items()}, **changes}
    table = validated(merged, engine, before["status"])
    return before, links, row_values(table), link_lists(table)


def _apply(
    engine: Engine,
    asset_id: str,
    changes: dict[str, Any],
    *,
    user_id: int | None,
    data_dir: Path | None,
    revision_id: int | None = None,
) -> dict[str, Any]:
    """Validate and write an edit (deciding ``revision_id`` approved in the same transaction); audited."""
    before, links, values, new_links = _checked(engine, asset_id, changes)
    with engine.begin() as connection:
        asset_store.update_asset_row(connection, asset_id, values)
        asset_store.set_links(connection, asset_id, new_links)
        after = asset_store.get_asset_row(connection, asset_id) or {}
        if revision_id is not None:
            revisions.decide(connection, revision_id, "approved", user_id=user_id, reason=None)
        audit(
            connection,
            "update",
            "asset",
            asset_id,
            user_id=user_id,
            before={**before, **links},
            after={**after, **new_links},
        )
    moved = (before["latitude"], before["longitude"]) != (after.get("latitude"), after.get("longitude"))
    if data_dir is not None and moved:
        assign_areas(engine, data_dir, [asset_id])
    return after


def update_asset(
    engine: Engine,
    asset_id: str,
    changes: dict[str, Any],
    *,
    user_id: int | None,
    by_moderator: bool = False,
    data_dir: Path | None = None,
) -> Edit:
    """Edit an asset's fields. Bad fields raise ImportValidationError naming each field; a status in
    ``changes`` is an InputError. A published asset edited by a non-moderator keeps its published
    record: the changed fields become its pending revision (an edit changing nothing makes none)."""
    before, links, values, new_links = _checked(engine, asset_id, changes)
    if before["status"] != Status.PUBLISHED or by_moderator:
        return Edit(_apply(engine, asset_id, changes, user_id=user_id, data_dir=data_dir))
    proposed = _differences(before, links, values, new_links)
    if not proposed:
        return Edit(before)
    return Edit(before, revisions.propose(engine, asset_id, proposed, user_id=user_id))


def pending_revision(engine: Engine, asset_id: str) -> dict[str, Any] | None:
    """The asset's pending revision (id, changes, created_by, created_at…), or None."""
    with engine.connect() as connection:
        return revisions.pending_of(connection, asset_id)


def pending_edits(engine: Engine, limit: int = 200) -> list[dict[str, Any]]:
    """Pending revisions of live assets for the moderation queue, oldest first: id, asset_id, name,
    email (of the author), created_at, and ``fields`` — (field, published value, proposed value)."""
    out = []
    for revision in revisions.pending_revisions(engine, limit):
        before, links = _current(engine, revision["asset_id"])
        published = {**before, **links}
        fields = [(k, published.get(k), v) for k, v in sorted(revision["changes"].items())]
        out.append({**revision, "fields": fields})
    return out


def _pending(engine: Engine, revision_id: int) -> dict[str, Any]:
    with engine.connect() as connection:
        revision = revisions.get_revision(connection, revision_id)
    if revision is None or revision["status"] != revisions.PENDING:
        raise NotFoundError(f"no pending edit {revision_id}")
    return revision


def approve_revision(
    engine: Engine, revision_id: int, *, user_id: int | None, data_dir: Path | None = None
) -> dict[str, Any]:
    """Apply a pending revision to its asset (checked again against the record as it now is) and
    mark it approved; returns the asset's new record."""
    revision = _pending(engine, revision_id)
    return _apply(
        engine,
        revision["asset_id"],
        revision["changes"],
        user_id=user_id,
        data_dir=data_dir,
        revision_id=revision_id,
    )


def reject_revision(engine: Engine, revision_id: int, *, user_id: int | None, reason: str | None) -> None:
    """Reject a pending revision with a reason; the published record stays as it is."""
    reason = (reason or "").strip() or None
    if not reason:
        raise InputError("give a reason for rejecting", column="reason")
    _pending(engine, revision_id)
    with engine.begin() as connection:
        revisions.decide(connection, revision_id, "rejected", user_id=user_id, reason=reason)
