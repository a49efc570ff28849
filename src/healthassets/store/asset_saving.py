"""Writing assets in bulk, keyed by ``(source, source_id)``: re-importing a source updates its records in
place (ids, stories and history survive) and soft-deletes the records it no longer has."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, bindparam, delete, insert, select, update

from healthassets.assets.records import AssetTable
from healthassets.store.audit import audit, now
from healthassets.store.models import Asset, AssetDimension, AssetFiveWays, AssetServedArea, AssetStatusChange
from healthassets.store.rows import chunks, records

ASSET_FIELDS = [c.name for c in Asset.__table__.columns if c.name not in {"id", "created_at"}]
#: moderators' decisions a re-import must not undo
KEPT_ON_UPDATE = {"status", "deleted_at", "last_verified_at", "last_verified_by", "created_by", "updated_at"}
LINK_TABLES = (
    (AssetDimension, "dimensions", "dimension"),
    (AssetFiveWays, "five_ways", "way"),
    (AssetServedArea, "served_areas", "area_code"),
)


@dataclass
class SaveReport:
    """What :func:`save_assets` did; ``ids`` maps each source row to its asset id."""

    inserted: int = 0
    updated: int = 0
    removed: int = 0
    ids: dict[int, str] = field(default_factory=dict)


def _stored_ids(connection: Connection, sources: list[str]) -> dict[tuple[str, str], str]:
    """(source, source_id) → asset id of the stored records of ``sources``."""
    existing: dict[tuple[str, str], str] = {}
    for part in chunks(sources):
        rows = connection.execute(
            select(Asset.source, Asset.source_id, Asset.id).where(Asset.source.in_(part))
        )
        existing.update({(str(s), str(i)): ident for s, i, ident in rows if i is not None})
    return existing


def _insert_new(connection: Connection, new: pd.DataFrame, user_id: int | None) -> None:
    """Insert new records, each with its first status-history entry."""
    stamp = now()
    for part in chunks(records(new, ["id", *ASSET_FIELDS])):
        connection.execute(insert(Asset), list(part))
    history = [
        {
            "asset_id": i,
            "user_id": user_id,
            "at": stamp,
            "from_status": None,
            "to_status": s,
            "reason": f"imported from {src}" if src else "created",
        }
        for i, s, src in zip(new["id"], new["status"], new["source"].fillna(""), strict=True)
    ]
    for part in chunks(history):
        connection.execute(insert(AssetStatusChange), list(part))


def _update_old(connection: Connection, old: pd.DataFrame) -> None:
    """Give stored records their source's new content (not the moderators' decisions); drop their links."""
    values = old.assign(b_id=old["id"], updated_at=now())
    columns = [c for c in ASSET_FIELDS if c in values and c not in KEPT_ON_UPDATE] + ["updated_at"]
    statement = (
        update(Asset)
        .where(Asset.id == bindparam("b_id"))
        .values({c: bindparam(c) for c in dict.fromkeys(columns)})
    )
    for part in chunks(records(values, ["b_id", *dict.fromkeys(columns)])):
        connection.execute(statement, list(part))
    for model, _name, _column in LINK_TABLES:
        for ids in chunks(old["id"].tolist()):
            connection.execute(delete(model).where(model.asset_id.in_(ids)))


def _insert_links(connection: Connection, table: AssetTable, row_id: pd.Series) -> None:
    for model, name, column in LINK_TABLES:
        frame = getattr(table, name)
        links = pd.DataFrame({"asset_id": frame["row"].map(row_id), column: frame[column]}).dropna()
        for part in chunks(records(links.drop_duplicates(), ["asset_id", column])):
            connection.execute(insert(model), list(part))


def _remove_missing(connection: Connection, sources: list[str], kept: set[str]) -> int:
    """Soft-delete the live records of ``sources`` not in ``kept``; return how many."""
    gone = [
        ident
        for part in chunks(sources)
        for ident in connection.scalars(
            select(Asset.id).where(Asset.source.in_(part), Asset.deleted_at.is_(None))
        )
        if ident not in kept
    ]
    stamp = now()
    for ids in chunks(gone):
        connection.execute(update(Asset).where(Asset.id.in_(ids)).values(deleted_at=stamp))
    return len(gone)


def save_assets(
    connection: Connection,
    table: AssetTable,
    *,
    replace_sources: bool = True,
    user_id: int | None = None,
    log: bool = True,
) -> SaveReport:
    """Insert or update ``table``'s assets and their links in the caller's transaction.

    Records with a ``source_id`` already stored for their ``source`` get the source's new content
    but keep their status, deletion and verification (moderators' decisions); others are inserted
    with new UUIDs. With ``replace_sources``, stored records of the same sources
    missing from ``table`` are soft-deleted. Each new record gets its first status-history entry;
    the import is one audit entry (unless ``log`` is False: the caller audits).
    """
    assets = table.assets.copy()
    report = SaveReport()
    sources = sorted(set(assets.get("source", pd.Series(dtype=object)).dropna()))
    existing = _stored_ids(connection, sources)
    keys = list(zip(assets["source"].fillna(""), assets["source_id"].fillna(""), strict=True))
    known = [existing.get((s, i)) if i else None for s, i in keys]
    assets["id"] = [k or str(uuid.uuid4()) for k in known]
    is_new = pd.Series([k is None for k in known], index=assets.index)
    if is_new.any():
        _insert_new(connection, assets[is_new], user_id)
    if (~is_new).any():
        _update_old(connection, assets[~is_new])
    row_id = assets.set_index("row")["id"]
    _insert_links(connection, table, row_id)
    if replace_sources and sources:
        report.removed = _remove_missing(connection, sources, set(assets["id"]))
    report.inserted, report.updated = int(is_new.sum()), int((~is_new).sum())
    report.ids = {int(r): str(i) for r, i in row_id.items()}
    if log:
        summary = {"sources": sources, "inserted": report.inserted, "updated": report.updated}
        audit(
            connection,
            "import",
            "assets",
            "bulk",
            user_id=user_id,
            after={**summary, "removed": report.removed},
        )
    return report
