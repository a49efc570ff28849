"""Queries over the asset register (the only module that reads or writes assets with SQL).

Writing is bulk and keyed by ``(source, source_id)``: re-importing a source updates its records in
place (ids, stories and history survive) and soft-deletes the records it no longer has.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, and_, bindparam, delete, func, insert, or_, select, update

from healthassets.assets.records import AssetTable
from healthassets.assets.vocabulary import AssetType
from healthassets.store.models import (
    Asset,
    AssetArea,
    AssetDimension,
    AssetFiveWays,
    AssetServedArea,
    AssetStatusChange,
    AuditEntry,
    CoverageArea,
    Story,
)

CHUNK = 5_000
ASSET_FIELDS = [c.name for c in Asset.__table__.columns if c.name not in {"id", "created_at"}]
#: moderators' decisions a re-import must not undo
KEPT_ON_UPDATE = {"status", "deleted_at", "last_verified_at", "last_verified_by", "created_by", "updated_at"}


@dataclass
class SaveReport:
    """What :func:`save_assets` did; ``ids`` maps each source row to its asset id."""

    inserted: int = 0
    updated: int = 0
    removed: int = 0
    ids: dict[int, str] = field(default_factory=dict)


def now() -> datetime:
    return datetime.now(UTC)


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _records(frame: pd.DataFrame, columns: Iterable[str]) -> list[dict[str, Any]]:
    present = [c for c in columns if c in frame]
    out = frame[present].astype(object)
    return list(out.where(out.notna(), None).to_dict("records"))


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
    """Record one change in the audit log (who, when, what, before and after)."""
    connection.execute(
        insert(AuditEntry).values(
            at=now(),
            user_id=user_id,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=_jsonable(before),
            after=_jsonable(after),
        )
    )


def _jsonable(record: dict[str, Any] | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in record.items()}


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
    existing: dict[tuple[str, str], str] = {}
    for part in _chunks(sources):
        rows = connection.execute(
            select(Asset.source, Asset.source_id, Asset.id).where(Asset.source.in_(part))
        )
        existing.update({(str(s), str(i)): ident for s, i, ident in rows if i is not None})
    keys = list(zip(assets["source"].fillna(""), assets["source_id"].fillna(""), strict=True))
    known = [existing.get((s, i)) if i else None for s, i in keys]
    assets["id"] = [k or str(uuid.uuid4()) for k in known]
    is_new = pd.Series([k is None for k in known], index=assets.index)
    stamp = now()
    new, old = assets[is_new], assets[~is_new]
    if len(new):
        for part in _chunks(_records(new, ["id", *ASSET_FIELDS])):
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
        for part in _chunks(history):
            connection.execute(insert(AssetStatusChange), list(part))
    if len(old):
        values = old.assign(b_id=old["id"], updated_at=stamp)
        columns = [c for c in ASSET_FIELDS if c in values and c not in KEPT_ON_UPDATE] + ["updated_at"]
        statement = (
            update(Asset)
            .where(Asset.id == bindparam("b_id"))
            .values({c: bindparam(c) for c in dict.fromkeys(columns)})
        )
        for part in _chunks(_records(values, ["b_id", *dict.fromkeys(columns)])):
            connection.execute(statement, list(part))
        for model in (AssetDimension, AssetFiveWays, AssetServedArea):
            for ids in _chunks(old["id"].tolist()):
                connection.execute(delete(model).where(model.asset_id.in_(ids)))
    row_id = assets.set_index("row")["id"]
    for model, frame, column in (
        (AssetDimension, table.dimensions, "dimension"),
        (AssetFiveWays, table.five_ways, "way"),
        (AssetServedArea, table.served_areas, "area_code"),
    ):
        links = pd.DataFrame({"asset_id": frame["row"].map(row_id), column: frame[column]}).dropna()
        for part in _chunks(_records(links.drop_duplicates(), ["asset_id", column])):
            connection.execute(insert(model), list(part))
    if replace_sources and sources:
        kept = set(assets["id"])
        gone = [
            ident
            for part in _chunks(sources)
            for ident in connection.scalars(
                select(Asset.id).where(Asset.source.in_(part), Asset.deleted_at.is_(None))
            )
            if ident not in kept
        ]
        for ids in _chunks(gone):
            connection.execute(update(Asset).where(Asset.id.in_(ids)).values(deleted_at=stamp))
        report.removed = len(gone)
    report.inserted, report.updated = int(is_new.sum()), int((~is_new).sum())
    report.ids = {int(r): str(i) for r, i in row_id.items()}
    if not log:
        return report
    audit(
        connection,
        "import",
        "assets",
        "bulk",
        user_id=user_id,
        after={
            "sources": sources,
            "inserted": report.inserted,
            "updated": report.updated,
            "removed": report.removed,
        },
    )
    return report


def located_assets(
    bind: Engine | Connection, statuses: Sequence[str] = ("published",), *, with_links: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Live assets of the given statuses: (assets[id, asset_type, latitude, longitude],
    dimensions[asset_id, dimension], five_ways[asset_id, way])."""
    live = and_(Asset.status.in_(statuses), Asset.deleted_at.is_(None))
    query = select(Asset.id, Asset.asset_type, Asset.latitude, Asset.longitude).where(live)
    dims = select(AssetDimension.asset_id, AssetDimension.dimension).join(Asset).where(live)
    ways = select(AssetFiveWays.asset_id, AssetFiveWays.way).join(Asset).where(live)
    with _connect(bind) as connection:
        assets = pd.read_sql(query, connection)
        if not with_links:
            return (
                assets,
                pd.DataFrame(columns=["asset_id", "dimension"]),
                pd.DataFrame(columns=["asset_id", "way"]),
            )
        return assets, pd.read_sql(dims, connection), pd.read_sql(ways, connection)


class _connect:
    """``with _connect(engine_or_connection)``: a connection (opened and closed only for an engine)."""

    def __init__(self, bind: Engine | Connection) -> None:
        self.bind = bind
        self.opened: Connection | None = None

    def __enter__(self) -> Connection:
        if isinstance(self.bind, Connection):
            return self.bind
        self.opened = self.bind.connect()
        return self.opened

    def __exit__(self, *args: object) -> None:
        if self.opened is not None:
            self.opened.close()


def replace_asset_areas(
    connection: Connection, links: pd.DataFrame, asset_ids: Sequence[str] | None = None
) -> int:
    """Replace the contained-in areas of ``asset_ids`` (all assets when None) with ``links``
    (columns asset_id, area_code); return the number of links written."""
    if asset_ids is None:
        connection.execute(delete(AssetArea))
    else:
        for ids in _chunks(list(asset_ids)):
            connection.execute(delete(AssetArea).where(AssetArea.asset_id.in_(ids)))
    records = _records(links[["asset_id", "area_code"]].drop_duplicates(), ["asset_id", "area_code"])
    for part in _chunks(records):
        connection.execute(insert(AssetArea), list(part))
    return len(records)


def asset_areas(bind: Engine | Connection) -> pd.DataFrame:
    """Every (asset_id, area_code) containment link."""
    with _connect(bind) as connection:
        return pd.read_sql(select(AssetArea.asset_id, AssetArea.area_code), connection)


def replace_coverage(connection: Connection, codes: Iterable[str], note: str | None = None) -> int:
    """Declare the areas the register is mapped for (replacing the previous declaration)."""
    unique = sorted(set(codes))
    connection.execute(delete(CoverageArea))
    for part in _chunks(unique):
        connection.execute(insert(CoverageArea), [{"area_code": c, "note": note} for c in part])
    return len(unique)


def coverage_codes(bind: Engine | Connection) -> set[str]:
    with _connect(bind) as connection:
        return set(connection.scalars(select(CoverageArea.area_code)))


@dataclass
class AssetFilter:
    """Which assets to list; empty means 'any'. ``bbox`` = (west, south, east, north) in WGS84."""

    statuses: list[str] = field(default_factory=lambda: ["published"])
    asset_types: list[str] = field(default_factory=list)
    dimensions: list[str] = field(default_factory=list)
    five_ways: list[str] = field(default_factory=list)
    area: str | None = None
    text: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    source: str | None = None
    created_by: int | None = None
    include_deleted: bool = False
    #: people listed as assets (``is_person`` or type *individual*): "any", "none" or "only"
    people: str = "any"


def _filtered(query: Any, f: AssetFilter) -> Any:
    if f.statuses:
        query = query.where(Asset.status.in_(f.statuses))
    if not f.include_deleted:
        query = query.where(Asset.deleted_at.is_(None))
    if f.asset_types:
        query = query.where(Asset.asset_type.in_(f.asset_types))
    if f.dimensions:
        query = query.where(
            Asset.id.in_(select(AssetDimension.asset_id).where(AssetDimension.dimension.in_(f.dimensions)))
        )
    if f.five_ways:
        query = query.where(
            Asset.id.in_(select(AssetFiveWays.asset_id).where(AssetFiveWays.way.in_(f.five_ways)))
        )
    if f.area:
        query = query.where(
            or_(
                Asset.id.in_(select(AssetArea.asset_id).where(AssetArea.area_code == f.area)),
                Asset.id.in_(select(AssetServedArea.asset_id).where(AssetServedArea.area_code == f.area)),
            )
        )
    if f.text:
        pattern = "%" + f.text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                func.lower(Asset.name).like(pattern, escape="\\"),
                func.lower(Asset.description).like(pattern, escape="\\"),
            )
        )
    if f.bbox:
        west, south, east, north = f.bbox
        query = query.where(Asset.longitude.between(west, east), Asset.latitude.between(south, north))
    if f.source:
        query = query.where(Asset.source == f.source)
    if f.created_by is not None:
        query = query.where(Asset.created_by == f.created_by)
    if f.people != "any":
        person = or_(Asset.is_person.is_(True), Asset.asset_type == AssetType.INDIVIDUAL.value)
        query = query.where(person if f.people == "only" else ~person)
    return query


def count_assets(bind: Engine | Connection, asset_filter: AssetFilter) -> int:
    with _connect(bind) as connection:
        return int(connection.scalar(_filtered(select(func.count(Asset.id)), asset_filter)) or 0)


def list_assets(
    bind: Engine | Connection,
    asset_filter: AssetFilter,
    *,
    offset: int = 0,
    limit: int | None = None,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Assets matching the filter, ordered by name then id, with ``dimensions`` and ``five_ways``
    as ';'-joined text (``columns`` limits the asset columns read)."""
    wanted = [getattr(Asset, c) for c in (columns or ["id", *ASSET_FIELDS, "created_at"])]
    if Asset.id not in wanted:
        wanted.insert(0, Asset.id)
    query = _filtered(select(*wanted), asset_filter).order_by(Asset.name, Asset.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    with _connect(bind) as connection:
        frame = pd.read_sql(query, connection)
        ids = frame["id"].tolist()
        for model, column, out in (
            (AssetDimension, "dimension", "dimensions"),
            (AssetFiveWays, "way", "five_ways"),
            (AssetServedArea, "area_code", "served_areas"),
        ):
            links = pd.concat(
                [
                    pd.read_sql(
                        select(model.asset_id, getattr(model, column)).where(model.asset_id.in_(part)),
                        connection,
                    )
                    for part in _chunks(ids)
                ]
                or [pd.DataFrame(columns=["asset_id", column])]
            )
            joined = links.sort_values(column).groupby("asset_id")[column].agg(";".join)
            frame[out] = frame["id"].map(joined).astype(object).fillna("")
    return frame


def get_asset_row(connection: Connection, asset_id: str) -> dict[str, Any] | None:
    """One asset's columns as a dict (None when it does not exist)."""
    row = connection.execute(select(Asset.__table__).where(Asset.id == asset_id)).mappings().first()
    return dict(row) if row else None


def asset_links(connection: Connection, asset_id: str) -> dict[str, list[str]]:
    out = {}
    for model, column, name in (
        (AssetDimension, "dimension", "dimensions"),
        (AssetFiveWays, "way", "five_ways"),
        (AssetServedArea, "area_code", "served_areas"),
        (AssetArea, "area_code", "areas"),
    ):
        out[name] = sorted(
            connection.scalars(select(getattr(model, column)).where(model.asset_id == asset_id))
        )
    return out


def set_links(connection: Connection, asset_id: str, links: dict[str, Sequence[str]]) -> None:
    """Replace an asset's dimensions / five_ways / served_areas with the given lists."""
    for name, model, column in (
        ("dimensions", AssetDimension, "dimension"),
        ("five_ways", AssetFiveWays, "way"),
        ("served_areas", AssetServedArea, "area_code"),
    ):
        if name not in links:
            continue
        connection.execute(delete(model).where(model.asset_id == asset_id))
        values = [{"asset_id": asset_id, column: v} for v in dict.fromkeys(links[name])]
        if values:
            connection.execute(insert(model), values)


def status_history(connection: Connection, asset_id: str) -> list[dict[str, Any]]:
    query = (
        select(AssetStatusChange.__table__)
        .where(AssetStatusChange.asset_id == asset_id)
        .order_by(AssetStatusChange.at, AssetStatusChange.id)
    )
    return [dict(r) for r in connection.execute(query).mappings()]


def stories_of(
    connection: Connection, asset_id: str, statuses: Sequence[str] = ("published",)
) -> list[dict[str, Any]]:
    query = (
        select(
            Story.id,
            Story.title,
            Story.body,
            Story.author_name,
            Story.photo_path,
            Story.photo_type,
            Story.status,
            Story.created_at,
        )
        .where(Story.asset_id == asset_id, Story.status.in_(statuses), Story.deleted_at.is_(None))
        .order_by(Story.created_at, Story.id)
    )
    return [dict(r) for r in connection.execute(query).mappings()]


def add_user(
    connection: Connection,
    email: str,
    password_hash: str,
    role: str = "contributor",
    *,
    by: int | None = None,
) -> int:
    """A new account (the caller hashes the password: services.accounts.create_account); returns its
    id. Audited as done by account ``by``."""
    from healthassets.store.models import User

    user_id = connection.execute(
        insert(User)
        .values(
            email=email.strip().lower(), password_hash=password_hash, role=role, active=True, created_at=now()
        )
        .returning(User.id)
    ).scalar_one()
    audit(
        connection,
        "create",
        "user",
        str(user_id),
        user_id=by,
        after={"email": email.strip().lower(), "role": role},
    )
    return int(user_id)


def batch_values(connection: Connection, source: str) -> tuple[int | None, pd.DataFrame]:
    """(batch id, its values: id, indicator_id, area_code, period, value, count, denominator) of
    ``source``; (None, empty) when the source has no batch."""
    from healthassets.store.models import ImportBatch, IndicatorValue

    batch_id = connection.scalar(select(ImportBatch.id).where(ImportBatch.source == source))
    columns = ["id", "indicator_id", "area_code", "period", "value", "count", "denominator"]
    if batch_id is None:
        return None, pd.DataFrame(columns=columns)
    query = select(*[getattr(IndicatorValue, c) for c in columns]).where(IndicatorValue.batch_id == batch_id)
    return int(batch_id), pd.read_sql(query, connection)


def delete_values(connection: Connection, ids: Sequence[int]) -> None:
    """Delete indicator values by id (used to rewrite only the values that changed)."""
    from healthassets.store.models import IndicatorValue

    for part in _chunks(list(ids)):
        connection.execute(delete(IndicatorValue).where(IndicatorValue.id.in_(part)))
