"""Writing assets in bulk, keyed by ``(source, source_id)``: re-importing a source updates its records in
place (ids, stories and history survive) and soft-deletes the records it no longer has."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    DateTime,
    Double,
    Integer,
    bindparam,
    delete,
    insert,
    select,
    update,
)

from healthassets.assets.records import AssetTable
from healthassets.store.audit import audit, now
from healthassets.store.models import (
    Asset,
    AssetDimension,
    AssetFiveWays,
    AssetServedArea,
    AssetSource,
    AssetStatusChange,
)
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
    #: records already stored (matched by source and source id), of which ``unchanged`` were
    #: left as they were (same content and links)
    updated: int = 0
    unchanged: int = 0
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
    columns = [*_content_columns(values), "updated_at"]
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


def _content_columns(frame: pd.DataFrame) -> list[str]:
    """The columns a re-import may change (not the moderators' decisions)."""
    return [c for c in ASSET_FIELDS if c in frame and c not in KEPT_ON_UPDATE]


def _canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as comparable text, by the column's type in the table (what was imported and what the
    database returns then compare equal): missing → '', booleans as 0/1, numbers as floats,
    datetimes in UTC, JSON as JSON text."""
    out = {}
    for name in frame.columns:
        kind = type(Asset.__table__.columns[name].type)
        cells = frame[name]
        missing = cells.isna().to_numpy() if kind is not JSON else cells.map(lambda v: v is None).to_numpy()
        if kind is Boolean:
            text = cells.astype(object).where(~missing, False).astype(bool).astype(int).astype(str)
        elif kind in (Double, Integer):
            text = pd.to_numeric(cells, errors="coerce").astype(float).astype(str)
        elif kind is DateTime:
            text = pd.to_datetime(cells, utc=True, errors="coerce").astype(str)
        elif kind is JSON:
            text = cells.map(lambda v: json.dumps(v, ensure_ascii=False))
        else:
            text = cells.astype(object).astype(str)
        out[name] = np.where(missing, "", text.to_numpy(dtype=object))
    return pd.DataFrame(out, index=frame.index)


def _fingerprints(assets: pd.DataFrame, links: dict[str, pd.DataFrame], columns: list[str]) -> pd.Series:
    """One hash per asset (``id``) of its content columns and its link lists (order-free sums of
    the links' hashes)."""
    content = _canonical(assets[columns]).set_index(assets["id"].to_numpy())
    hashes = pd.Series(pd.util.hash_pandas_object(content, index=False).to_numpy(), index=content.index)
    for number, (_name, frame) in enumerate(links.items(), start=1):
        pairs = frame.astype({"asset_id": str, "value": str}).assign(table=str(number))
        each = pd.Series(
            pd.util.hash_pandas_object(pairs, index=False).to_numpy(), index=pairs["asset_id"].to_numpy()
        )
        summed = each.groupby(level=0).sum()  # uint64 sums wrap: still order-free
        hashes = hashes + summed.reindex(hashes.index, fill_value=0).to_numpy()
    return hashes


def _stored_content(connection: Connection, ids: list[str], columns: list[str]) -> tuple[pd.DataFrame, dict]:
    """The stored content columns and link lists of the assets ``ids``."""
    wanted = pd.Index(ids)
    sources = sorted(
        {
            str(s)
            for part in chunks(ids)
            for s in connection.scalars(select(Asset.source).where(Asset.id.in_(part)).distinct())
            if s
        }
    )
    of_sources = Asset.source.in_(sources)
    rows = connection.execute(select(*(getattr(Asset, c) for c in ["id", *columns])).where(of_sources))
    stored = pd.DataFrame([tuple(r) for r in rows], columns=["id", *columns])
    stored = stored[stored["id"].isin(wanted)]
    links = {}
    for model, name, column in LINK_TABLES:
        found = connection.execute(
            select(model.asset_id, getattr(model, column)).join(Asset).where(of_sources)
        )
        frame = pd.DataFrame([tuple(r) for r in found], columns=["asset_id", "value"])
        links[name] = frame[frame["asset_id"].isin(wanted)]
    return stored, links


def _changed(connection: Connection, old: pd.DataFrame, table: AssetTable) -> np.ndarray:
    """Which of the matched records ``old`` differ from what is stored (content or links)."""
    columns = _content_columns(old)
    stored, stored_links = _stored_content(connection, old["id"].tolist(), columns)
    before = _fingerprints(stored, stored_links, columns)
    row_id = old.set_index("row")["id"]
    incoming = {}
    for _model, name, column in LINK_TABLES:
        frame = getattr(table, name)
        pairs = pd.DataFrame({"asset_id": frame["row"].map(row_id), "value": frame[column]})
        incoming[name] = pairs.dropna().drop_duplicates()
    after = _fingerprints(old, incoming, columns)
    return np.asarray(after.to_numpy() != before.reindex(after.index).to_numpy(), dtype=bool)


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
    old = assets[~is_new]
    changed = _changed(connection, old, table) if len(old) else np.zeros(0, dtype=bool)
    if changed.any():
        _update_old(connection, old[changed])
    row_id = assets.set_index("row")["id"]
    rewritten = set(assets.loc[is_new, "id"]) | set(old.loc[changed, "id"])
    _insert_links(connection, table, row_id[row_id.isin(rewritten)])
    if replace_sources and sources:
        report.removed = _remove_missing(connection, sources, set(assets["id"]))
    report.inserted, report.updated = int(is_new.sum()), int((~is_new).sum())
    report.unchanged = int((~changed).sum())
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


def replace_asset_sources(connection: Connection, merged: pd.DataFrame, sources: list[str]) -> int:
    """Make the merged source records (source, source_id, asset_id, licence, attribution) of
    ``sources`` exactly ``merged`` (docs/adr/0051); return how many were written."""
    for part in chunks(sources):
        connection.execute(delete(AssetSource).where(AssetSource.source.in_(part)))
    rows = records(merged, ["source", "source_id", "asset_id", "licence", "attribution"])
    for part in chunks(rows):
        connection.execute(insert(AssetSource), list(part))
    return len(rows)


def asset_sources_of(connection: Connection, asset_id: str) -> list[dict[str, str | None]]:
    """The other sources' records merged into one asset (source, source_id, licence, attribution)."""
    query = (
        select(AssetSource.source, AssetSource.source_id, AssetSource.licence, AssetSource.attribution)
        .where(AssetSource.asset_id == asset_id)
        .order_by(AssetSource.source, AssetSource.source_id)
    )
    return [dict(row) for row in connection.execute(query).mappings()]
