"""What the whole site needs from the store: the database to use and the data version."""

from __future__ import annotations

from typing import Any

from healthassets.store.data_version import data_version as _data_version
from healthassets.store.database import Engine, existing_engine, make_engine, upgrade

__all__ = ["Engine", "data_version", "existing_engine", "open_engine", "upgrade"]


def open_engine(url: str | None = None) -> Engine:
    """An engine on ``url`` (default: the configured database, :mod:`healthassets.settings`)."""
    return make_engine(url)


def data_version(engine: Engine) -> tuple[Any, ...]:
    """Changes whenever data changes (see :func:`healthassets.store.data_version.data_version`)."""
    return _data_version(engine)
