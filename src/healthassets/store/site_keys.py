"""Secrets the whole site shares (table ``site_keys``; docs/adr/0076): the first process to ask
stores its candidate, every later one reads that same value."""

from __future__ import annotations

from sqlalchemy import Engine, select

from healthassets.store.models import SiteKey
from healthassets.store.shared_rows import insert_if_absent


def shared_key(engine: Engine, name: str, candidate: str) -> str:
    """The stored key ``name``; ``candidate`` becomes it when none is stored yet."""
    with engine.begin() as connection:
        insert_if_absent(connection, SiteKey, {"name": name, "value": candidate})
        return str(connection.execute(select(SiteKey.value).where(SiteKey.name == name)).scalar_one())
