"""Use case: rate limits that hold across every web process and machine (docs/adr/0076).

A :class:`RateLimit` is a named sliding window — at most ``limit`` events per ``window`` seconds per
key (a client address, an account) — counted in the database (store.rate_limits), so the eleventh
suggestion of the hour is refused whichever worker receives it. The clock is the machine's
(``time.time``): the web machines keep it by NTP.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from healthassets.errors import TooManyRequests
from healthassets.store import Engine
from healthassets.store import rate_limits as store


@dataclass
class RateLimit:
    """At most ``limit`` events per ``window`` seconds per key; keys are stored as ``name:key``."""

    name: str
    limit: int
    window: float
    clock: Callable[[], float] = field(default=time.time, repr=False)

    def _key(self, key: str) -> str:
        return f"{self.name}:{key}"[:300]

    def wait(self, engine: Engine, key: str) -> int:
        """Count one event for ``key`` when it fits: 0, else the whole seconds until one will (a
        refused event is not counted; a limit of 0 allows everything)."""
        if self.limit <= 0:
            return 0
        return store.count(
            engine, self._key(key), limit=self.limit, window=self.window, now=self.clock(), refuse=True
        )

    def hit(self, engine: Engine, key: str) -> None:
        """Count one event for ``key``; TooManyRequests when over the limit (one atomic step)."""
        wait = self.wait(engine, key)
        if wait:
            raise TooManyRequests(f"too many attempts: try again in {wait} seconds")

    def check(self, engine: Engine, key: str) -> None:
        """TooManyRequests when ``key`` is at its limit (counts nothing)."""
        if self.limit <= 0:
            return
        wait = store.waiting(engine, self._key(key), limit=self.limit, window=self.window, now=self.clock())
        if wait:
            raise TooManyRequests(f"too many attempts: try again in {wait} seconds")

    def record(self, engine: Engine, key: str) -> None:
        """Count one event for ``key`` (never refuses)."""
        if self.limit > 0:
            store.count(
                engine, self._key(key), limit=self.limit, window=self.window, now=self.clock(), refuse=False
            )

    def reset(self, engine: Engine) -> None:
        """Forget every key of this limit."""
        store.forget(engine, f"{self.name}:")
