"""Where assets are: the areas containing each asset's point, and the areas the register covers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, select

from healthassets.store.models import Asset, AssetArea, CoverageArea
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
    (columns asset_id, area_code); return the number of links written."""
    if asset_ids is None:
        connection.execute(delete(AssetArea))
    else:
        for ids in chunks(list(asset_ids)):
            connection.execute(delete(AssetArea).where(AssetArea.asset_id.in_(ids)))
    rows = records(links[["asset_id", "area_code"]].drop_duplicates(), ["asset_id", "area_code"])
    for part in chunks(rows):
        connection.execute(insert(AssetArea), list(part))
    return len(rows)


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
