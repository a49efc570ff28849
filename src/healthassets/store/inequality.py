"""Queries of the within-area inequality views (services/inequality.py): which indicators hold
small-area values. The values themselves come through :func:`healthassets.store.values.fetch_values`."""

from __future__ import annotations

from sqlalchemy import Engine, select

from healthassets.store.models import DerivedIndicatorType


def indicators_with_values(engine: Engine, area_type: str) -> list[int]:
    """Ids of the indicators with a value for some area of ``area_type``, ascending (from the
    derived per-type counts, docs/adr/0044)."""
    query = (
        select(DerivedIndicatorType.indicator_id)
        .where(DerivedIndicatorType.area_type == area_type, DerivedIndicatorType.areas > 0)
        .order_by(DerivedIndicatorType.indicator_id)
    )
    with engine.connect() as connection:
        return [int(i) for i in connection.scalars(query)]
