"""The map's query: published asset points in a viewport, without their link tables (fast)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from healthassets.assets.search import AssetFilter
from healthassets.store.assets import filtered
from healthassets.store.models import Asset


def asset_points(engine: Engine, asset_filter: AssetFilter, limit: int) -> pd.DataFrame:
    """id, name, asset_type, is_person, latitude, longitude of located assets matching the filter
    (bbox included), at most ``limit`` rows."""
    columns = (Asset.id, Asset.name, Asset.asset_type, Asset.is_person, Asset.latitude, Asset.longitude)
    located = select(*columns).where(Asset.latitude.is_not(None), Asset.longitude.is_not(None))
    query = filtered(located, asset_filter).limit(limit)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return pd.DataFrame(rows, columns=["id", "name", "asset_type", "is_person", "latitude", "longitude"])
