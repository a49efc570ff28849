"""The data version: a tuple that changes whenever data changes (cache keys use it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from healthassets.store.models import ImportBatch, IndicatorValue, Profile


def data_version(engine: Engine) -> tuple[Any, ...]:
    """The newest import batch, the batch count, the newest value (indicators rewritten in place get
    new rows) and the profile count."""
    with engine.connect() as connection:
        batch = connection.execute(select(func.max(ImportBatch.id), func.count(ImportBatch.id))).one()
        newest_value = connection.execute(select(func.max(IndicatorValue.id))).scalar_one()
        profiles = connection.execute(select(func.count()).select_from(Profile)).scalar_one()
    return (*batch, newest_value, profiles)
