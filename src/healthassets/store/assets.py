"""Queries over asset records: filtered lists and counts, one asset with its links, moderation steps
(status with history, verification, soft delete, erasure) and the published register with its links.

Bulk writing is :mod:`healthassets.store.asset_saving`; containing areas and coverage
:mod:`healthassets.store.asset_areas`; the map's points :mod:`healthassets.store.asset_points`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, and_, delete, func, insert, or_, select, update

from healthassets.assets.search import AssetFilter
from healthassets.assets.vocabulary import AssetType, Status
from healthassets.store.asset_saving import ASSET_FIELDS, LINK_TABLES
from healthassets.store.audit import audit, now, scrub_audit
from healthassets.store.models import (
    Asset,
    AssetArea,
    AssetDimension,
    AssetFiveWays,
    AssetServedArea,
    AssetStatusChange,
    Story,
)
from healthassets.store.rows import chunks, connect

#: columns an edit may change (not the id, creation, status or source)
EDITABLE = [c for c in ASSET_FIELDS if c not in {"created_by", "status", "source"}]


def _in_links(model: Any, column: str, values: Sequence[str]) -> Any:
    return Asset.id.in_(select(model.asset_id).where(getattr(model, column).in_(values)))


def _text_match(text: str) -> Any:
    pattern = "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(
        func.lower(Asset.name).like(pattern, escape="\\"),
        func.lower(Asset.description).like(pattern, escape="\\"),
    )


def filtered(query: Any, f: AssetFilter) -> Any:
    """``query`` (over assets) restricted to the assets ``f`` chooses."""
    conditions: list[Any] = []
    if f.statuses:
        conditions.append(Asset.status.in_(f.statuses))
    if not f.include_deleted:
        conditions.append(Asset.deleted_at.is_(None))
    if f.asset_types:
        conditions.append(Asset.asset_type.in_(f.asset_types))
    if f.dimensions:
        conditions.append(_in_links(AssetDimension, "dimension", f.dimensions))
    if f.five_ways:
        conditions.append(_in_links(AssetFiveWays, "way", f.five_ways))
    if f.area:
        conditions.append(
            or_(
                _in_links(AssetArea, "area_code", [f.area]), _in_links(AssetServedArea, "area_code", [f.area])
            )
        )
    if f.text:
        conditions.append(_text_match(f.text))
    if f.bbox:
        west, south, east, north = f.bbox
        conditions += [Asset.longitude.between(west, east), Asset.latitude.between(south, north)]
    if f.source:
        conditions.append(Asset.source == f.source)
    if f.created_by is not None:
        conditions.append(Asset.created_by == f.created_by)
    if f.people != "any":
        person = or_(Asset.is_person.is_(True), Asset.asset_type == AssetType.INDIVIDUAL.value)
        conditions.append(person if f.people == "only" else ~person)
    return query.where(*conditions) if conditions else query


def count_assets(bind: Engine | Connection, asset_filter: AssetFilter) -> int:
    with connect(bind) as connection:
        return int(connection.scalar(filtered(select(func.count(Asset.id)), asset_filter)) or 0)


def _joined_links(connection: Connection, ids: list[str], model: Any, column: str) -> pd.Series:
    """asset id → its ``column`` values ';'-joined (sorted)."""
    links = pd.concat(
        [
            pd.read_sql(
                select(model.asset_id, getattr(model, column)).where(model.asset_id.in_(part)), connection
            )
            for part in chunks(ids)
        ]
        or [pd.DataFrame(columns=["asset_id", column])]
    )
    return links.sort_values(column).groupby("asset_id")[column].agg(";".join)


def list_assets(
    bind: Engine | Connection,
    asset_filter: AssetFilter,
    *,
    offset: int = 0,
    limit: int | None = None,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Assets matching the filter, ordered by name then id, with ``dimensions``, ``five_ways`` and
    ``served_areas`` as ';'-joined text (``columns`` limits the asset columns read)."""
    wanted = [getattr(Asset, c) for c in (columns or ["id", *ASSET_FIELDS, "created_at"])]
    if Asset.id not in wanted:
        wanted.insert(0, Asset.id)
    query = filtered(select(*wanted), asset_filter).order_by(Asset.name, Asset.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    with connect(bind) as connection:
        frame = pd.read_sql(query, connection)
        ids = frame["id"].tolist()
        for model, out, column in LINK_TABLES:
            joined = _joined_links(connection, ids, model, column)
            frame[out] = frame["id"].map(joined).astype(object).fillna("")
    return frame


def located_assets(
    bind: Engine | Connection, statuses: Sequence[str] = ("published",), *, with_links: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Live assets of the given statuses: (assets[id, asset_type, is_person, latitude, longitude],
    dimensions[asset_id, dimension], five_ways[asset_id, way])."""
    live = and_(Asset.status.in_(statuses), Asset.deleted_at.is_(None))
    columns = (Asset.id, Asset.asset_type, Asset.is_person, Asset.latitude, Asset.longitude)
    query = select(*columns).where(live)
    dims = select(AssetDimension.asset_id, AssetDimension.dimension).join(Asset).where(live)
    ways = select(AssetFiveWays.asset_id, AssetFiveWays.way).join(Asset).where(live)
    with connect(bind) as connection:
        assets = pd.read_sql(query, connection)
        if not with_links:
            empty = (
                pd.DataFrame(columns=["asset_id", "dimension"]),
                pd.DataFrame(columns=["asset_id", "way"]),
            )
            return assets, *empty
        return assets, pd.read_sql(dims, connection), pd.read_sql(ways, connection)


def get_asset_row(connection: Connection, asset_id: str) -> dict[str, Any] | None:
    """One asset's columns as a dict (None when it does not exist)."""
    row = connection.execute(select(Asset.__table__).where(Asset.id == asset_id)).mappings().first()
    return dict(row) if row else None


def asset_links(connection: Connection, asset_id: str) -> dict[str, list[str]]:
    """An asset's dimensions, five_ways, served_areas and (containing) areas, each sorted."""
    out = {}
    for model, name, column in (*LINK_TABLES, (AssetArea, "areas", "area_code")):
        out[name] = sorted(
            connection.scalars(select(getattr(model, column)).where(model.asset_id == asset_id))
        )
    return out


def set_links(connection: Connection, asset_id: str, links: Mapping[str, Sequence[str]]) -> None:
    """Replace an asset's dimensions / five_ways / served_areas with the given lists."""
    for model, name, column in LINK_TABLES:
        if name not in links:
            continue
        connection.execute(delete(model).where(model.asset_id == asset_id))
        values = [{"asset_id": asset_id, column: v} for v in dict.fromkeys(links[name])]
        if values:
            connection.execute(insert(model), values)


def update_asset_row(connection: Connection, asset_id: str, values: dict[str, Any]) -> None:
    """Write an edit: the :data:`EDITABLE` columns in ``values`` and a new ``updated_at``."""
    chosen = {k: v for k, v in values.items() if k in EDITABLE}
    connection.execute(update(Asset).where(Asset.id == asset_id).values({**chosen, "updated_at": now()}))


def set_status(
    connection: Connection,
    asset_id: str,
    current: str,
    target: str,
    *,
    user_id: int | None,
    reason: str | None,
) -> None:
    """Move an asset to ``target`` (publishing verifies it), with its status-history entry and audit."""
    stamp = now()
    values: dict[str, Any] = {"status": target, "updated_at": stamp}
    if target == Status.PUBLISHED:
        values.update(last_verified_at=stamp, last_verified_by=user_id)
    connection.execute(update(Asset).where(Asset.id == asset_id).values(values))
    connection.execute(
        insert(AssetStatusChange).values(
            asset_id=asset_id, user_id=user_id, at=stamp, from_status=current, to_status=target, reason=reason
        )
    )
    audit(
        connection,
        "status",
        "asset",
        asset_id,
        user_id=user_id,
        before={"status": current},
        after={"status": target, "reason": reason},
    )


def set_verified(engine: Engine, asset_id: str, *, user_id: int | None) -> bool:
    """Record that someone checked the asset (audited); False when there is no such asset."""
    with engine.begin() as connection:
        stamp = now()
        done = connection.execute(
            update(Asset).where(Asset.id == asset_id).values(last_verified_at=stamp, last_verified_by=user_id)
        )
        if done.rowcount:
            audit(connection, "verify", "asset", asset_id, user_id=user_id, after={"last_verified_at": stamp})
    return bool(done.rowcount)


def set_deleted(engine: Engine, asset_id: str, *, user_id: int | None, restore: bool) -> bool:
    """Soft-delete (or restore) an asset, audited; False when there is no such asset."""
    with engine.begin() as connection:
        row = get_asset_row(connection, asset_id)
        if row is None:
            return False
        stamp: datetime | None = None if restore else now()
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
    return True


def erase(engine: Engine, asset_id: str, *, user_id: int | None) -> bool:
    """Delete an asset for real with its links, stories, history and pending edits; blank the records
    of the earlier audit entries of it and its stories. False when there is no such asset."""
    with engine.begin() as connection:
        if get_asset_row(connection, asset_id) is None:
            return False
        story_ids = list(connection.scalars(select(Story.id).where(Story.asset_id == asset_id)))
        scrub_audit(connection, "asset", [asset_id])
        scrub_audit(connection, "story", story_ids)
        connection.execute(delete(Asset).where(Asset.id == asset_id))  # the rest cascades
        after = {"stories_erased": len(story_ids)}
        audit(connection, "erase", "asset", asset_id, user_id=user_id, after=after)
    return True


def stale_assets(engine: Engine, cutoff: datetime) -> pd.DataFrame:
    """Published, live assets not verified since ``cutoff`` (never verified counts), oldest first."""
    query = (
        select(Asset.id, Asset.name, Asset.last_verified_at, Asset.source, Asset.created_at)
        .where(Asset.status == Status.PUBLISHED, Asset.deleted_at.is_(None))
        .where(or_(Asset.last_verified_at.is_(None), Asset.last_verified_at < cutoff))
        .order_by(Asset.last_verified_at.is_not(None), Asset.last_verified_at, Asset.name)
    )
    with engine.connect() as connection:
        return pd.read_sql(query, connection)


def status_history(connection: Connection, asset_id: str) -> list[dict[str, Any]]:
    query = (
        select(AssetStatusChange.__table__)
        .where(AssetStatusChange.asset_id == asset_id)
        .order_by(AssetStatusChange.at, AssetStatusChange.id)
    )
    return [dict(r) for r in connection.execute(query).mappings()]


def _published() -> Any:
    return and_(Asset.status == Status.PUBLISHED.value, Asset.deleted_at.is_(None))


def published_assets(
    engine: Engine, columns: Sequence[str], ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """Published, live assets (all, or those of ``ids``) ordered by name then id: ``columns`` and
    ``dimensions``, ``five_ways``, ``served_areas`` and ``tags`` as lists."""
    live = _published() if ids is None else and_(_published(), Asset.id.in_(list(ids)))
    query = select(*(getattr(Asset, c) for c in columns)).where(live).order_by(Asset.name, Asset.id)
    with engine.connect() as connection:
        frame = pd.read_sql(query, connection)
        for model, out, column in LINK_TABLES:
            links = pd.read_sql(
                select(model.asset_id, getattr(model, column)).join(Asset).where(live), connection
            )
            grouped = links.sort_values(column).groupby("asset_id")[column].agg(list)
            frame[out] = frame["id"].map(grouped).map(lambda v: v if isinstance(v, list) else [])
    if "tags" in frame:
        frame["tags"] = frame["tags"].map(tag_list)
    return frame


def tag_list(value: object) -> list[str]:
    """A stored tags value (a JSON list, or text holding one) as a list of strings."""
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str) and value.strip():
        try:
            loaded = json.loads(value)
        except ValueError:
            return [value]
        return [str(v) for v in loaded] if isinstance(loaded, list) else [str(loaded)]
    return []


def published_ids(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [str(i) for i in connection.scalars(select(Asset.id).where(_published()))]


def published_tags(engine: Engine) -> list[str]:
    """Every tag of a published, live asset (repeats included)."""
    with engine.connect() as connection:
        values = connection.scalars(select(Asset.tags).where(_published(), Asset.tags.is_not(None)))
        return [t for value in values for t in tag_list(value)]
