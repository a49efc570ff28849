"""What the whole site needs from the store: the database to use and the data version."""

from __future__ import annotations

from typing import Any

from healthassets.store.data_version import data_version as _data_version
from healthassets.store.database import (
    DATABASE_ERRORS,
    Engine,
    existing_engine,
    is_unavailable,
    make_engine,
    upgrade,
)

__all__ = [
    "DATABASE_ERRORS",
    "Engine",
    "data_version",
    "database_unavailable",
    "existing_engine",
    "open_engine",
    "upgrade",
]


def open_engine(url: str | None = None) -> Engine:
    """An engine on ``url`` (default: the configured database, :mod:`healthassets.settings`)."""
    return make_engine(url)


def data_version(engine: Engine) -> tuple[Any, ...]:
    """Changes whenever data changes (see :func:`healthassets.store.data_version.data_version`)."""
    return _data_version(engine)


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) means the database cannot be reached at the moment
    (:func:`healthassets.store.database.is_unavailable`): the site answers 503, not 500."""
    seen: BaseException | None = error
    for _ in range(5):  # an error raised while handling another keeps it as its cause or context
        if seen is None:
            return False
        if is_unavailable(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
