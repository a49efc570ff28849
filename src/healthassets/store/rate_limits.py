"""Rate-limit windows shared by every process (table ``rate_limits``; docs/adr/0076).

A key's row holds the times of its counted events still inside the window. Every counting step runs
in one transaction that first locks the key's row — created if absent, then ``SELECT … FOR UPDATE``
on PostgreSQL; on SQLite the insert takes the write lock — so two workers counting the same key at
once are serialised and the limit is exact (a sliding window, as the in-memory one it replaces).
Times are Unix seconds from the caller.
"""

from __future__ import annotations

import json
import math

from sqlalchemy import Connection, Engine, delete, select, update

from healthassets.store.models import RateLimit
from healthassets.store.shared_rows import insert_if_absent


def _recent(hits: str | None, now: float, window: float) -> list[float]:
    return [t for t in json.loads(hits or "[]") if now - t <= window]


def _wait(recent: list[float], now: float, limit: int, window: float) -> int:
    """Whole seconds until one more event fits (0: it fits now)."""
    if len(recent) < limit:
        return 0
    return max(1, math.ceil(window - (now - min(recent))))


def _locked(connection: Connection, key: str, now: float, window: float) -> list[float]:
    if insert_if_absent(connection, RateLimit, {"key": key, "hits": "[]", "expires_at": now}):
        # a new key: forget the keys whose events have all left their windows (bounded table)
        connection.execute(delete(RateLimit).where(RateLimit.expires_at < now, RateLimit.key != key))
    hits = connection.execute(
        select(RateLimit.hits).where(RateLimit.key == key).with_for_update()
    ).scalar_one()
    return _recent(hits, now, window)


def count(engine: Engine, key: str, *, limit: int, window: float, now: float, refuse: bool) -> int:
    """Count one event for ``key`` unless ``refuse`` and the key is at ``limit`` within ``window``
    seconds; returns 0 when counted, else the whole seconds until an event would be."""
    with engine.begin() as connection:
        recent = _locked(connection, key, now, window)
        wait = _wait(recent, now, limit, window)
        if refuse and wait:
            return wait
        recent = [*recent, now][-max(limit, 1) :]
        connection.execute(
            update(RateLimit)
            .where(RateLimit.key == key)
            .values(hits=json.dumps(recent), expires_at=max(recent) + window)
        )
    return 0


def waiting(engine: Engine, key: str, *, limit: int, window: float, now: float) -> int:
    """Whole seconds until ``key`` may have one more event (0: now); counts nothing."""
    with engine.connect() as connection:
        hits = connection.execute(select(RateLimit.hits).where(RateLimit.key == key)).scalar()
    return _wait(_recent(hits, now, window), now, limit, window)


def forget(engine: Engine, prefix: str = "") -> None:
    """Drop the windows of every key starting with ``prefix`` (all with ``""``)."""
    with engine.begin() as connection:
        connection.execute(delete(RateLimit).where(RateLimit.key.startswith(prefix, autoescape=True)))
