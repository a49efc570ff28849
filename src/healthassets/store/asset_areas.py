"""Where assets are: the areas containing each asset's point, the areas the register covers, and
the kinds of asset a layer maps over declared areas (docs/adr/0051)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
from sqlalchemy import Connection, Engine, and_, delete, insert, select, union

from healthassets.store.models import (
    Asset,
    AssetArea,
    AssetKind,
    AssetSource,
    AssetStatusChange,
    CoverageArea,
)
from healthassets.store.rows import chunks, connect, records


def points_to_place(bind: Engine | Connection, asset_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """id, asset_type, is_person, latitude, longitude of the assets with a point (all, or those of
    ``asset_ids``)."""
    columns = (Asset.id, Asset.asset_type, Asset.is_person, Asset.latitude, Asset.longitude)
    query = select(*columns).where(Asset.latitude.is_not(None))
    if asset_ids is not None:
        query = query.where(Asset.id.in_(list(asset_ids)))
    with connect(bind) as connection:
        return pd.read_sql(query, connection)


def replace_asset_areas(
    connection: Connection, links: pd.DataFrame, asset_ids: Sequence[str] | None = None
) -> int:
    """Replace the contained-in areas of ``asset_ids`` (all assets when None) with ``links``
    (columns asset_id, area_code), deleting and inserting only the links that differ; return the
    number of links the assets now have."""
    new = links[["asset_id", "area_code"]].drop_duplicates()
    if asset_ids is None:
        stored = asset_areas(connection)
    else:
        parts = [
            pd.DataFrame(
                connection.execute(
                    select(AssetArea.asset_id, AssetArea.area_code).where(AssetArea.asset_id.in_(ids))
                ).all(),
                columns=["asset_id", "area_code"],
            )
            for ids in chunks(list(asset_ids))
        ]
        stored = (
            pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["asset_id", "area_code"])
        )
    both = new.merge(stored, on=["asset_id", "area_code"], how="outer", indicator=True)
    # an asset that lost a link has all its links rewritten; others only gain the new ones
    rewritten = both.loc[both["_merge"] == "right_only", "asset_id"].unique().tolist()
    for ids in chunks(rewritten):
        connection.execute(delete(AssetArea).where(AssetArea.asset_id.in_(ids)))
    again = both["asset_id"].isin(rewritten) & (both["_merge"] != "right_only")
    added = both.loc[(both["_merge"] == "left_only") | again, ["asset_id", "area_code"]]
    for part in chunks(records(added, ["asset_id", "area_code"])):
        connection.execute(insert(AssetArea), list(part))
    return len(new)


def asset_areas(bind: Engine | Connection) -> pd.DataFrame:
    """Every (asset_id, area_code) containment link."""
    with connect(bind) as connection:
        return pd.read_sql(select(AssetArea.asset_id, AssetArea.area_code), connection)


def replace_coverage(connection: Connection, codes: Iterable[str], note: str | None = None) -> int:
    """Declare the areas the register is mapped for (replacing the previous declaration)."""
    unique = sorted(set(codes))
    connection.execute(delete(CoverageArea))
    for part in chunks(unique):
        connection.execute(insert(CoverageArea), [{"area_code": c, "note": note} for c in part])
    return len(unique)


def coverage_codes(bind: Engine | Connection) -> set[str]:
    with connect(bind) as connection:
        return set(connection.scalars(select(CoverageArea.area_code)))


def replace_asset_kinds(connection: Connection, kinds: pd.DataFrame) -> int:
    """Declare the kinds mapped by a layer (kind, title, layer, source, areas, note), replacing the
    previous declaration (docs/adr/0051)."""
    connection.execute(delete(AssetKind))
    rows = records(kinds, ["kind", "title", "layer", "source", "areas", "note"])
    if rows:
        connection.execute(insert(AssetKind), rows)
    return len(rows)


def asset_kinds(bind: Engine | Connection) -> pd.DataFrame:
    """The declared kinds: kind, title, layer, source, areas (list of codes), note."""
    columns = ["kind", "title", "layer", "source", "areas", "note"]
    with connect(bind) as connection:
        rows = connection.execute(select(*(getattr(AssetKind, c) for c in columns)).order_by(AssetKind.kind))
        return pd.DataFrame(rows.all(), columns=columns)


def listed_assets(bind: Engine | Connection, statuses: Sequence[str] = ("published",)) -> pd.DataFrame:
    """(asset_id, kind) of the live assets a declared kind's layer lists: the asset is of that kind
    and comes from the layer's source, or a record of that source was merged into it."""
    live = and_(Asset.status.in_(list(statuses)), Asset.deleted_at.is_(None))
    own = (
        select(Asset.id.label("asset_id"), AssetKind.kind)
        .join(AssetKind, and_(AssetKind.kind == Asset.kind, AssetKind.source == Asset.source))
        .where(live)
    )
    merged = (
        select(Asset.id.label("asset_id"), AssetKind.kind)
        .join(AssetSource, AssetSource.asset_id == Asset.id)
        .join(AssetKind, and_(AssetKind.kind == Asset.kind, AssetKind.source == AssetSource.source))
        .where(live)
    )
    with connect(bind) as connection:
        rows = connection.execute(union(own, merged)).all()
    return pd.DataFrame(rows, columns=["asset_id", "kind"])


def coverage_note(bind: Engine | Connection) -> str | None:
    """What the register's coverage is (its note), None when no coverage is declared."""
    with connect(bind) as connection:
        row = connection.execute(select(CoverageArea.note).limit(1)).first()
    return None if row is None else str(row[0] or "")


def status_history_in_area(bind: Engine | Connection, area_code: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """For the assets placed in ``area_code``: their moderation steps (asset_id, at, from_status,
    to_status) and the assets themselves (id, status, created_at, deleted_at), for counting how
    many were published at any time."""
    in_area = select(AssetArea.asset_id).where(AssetArea.area_code == area_code)
    steps = select(
        AssetStatusChange.asset_id,
        AssetStatusChange.at,
        AssetStatusChange.from_status,
        AssetStatusChange.to_status,
    ).where(AssetStatusChange.asset_id.in_(in_area))
    assets = select(Asset.id, Asset.status, Asset.created_at, Asset.deleted_at).where(Asset.id.in_(in_area))
    with connect(bind) as connection:
        return pd.read_sql(steps, connection), pd.read_sql(assets, connection)
