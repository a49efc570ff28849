"""Server-side cache of read-only GET responses (pages, downloads and API reads).

Sound because the store only changes when data is loaded: every entry is keyed by the URL and the
store's *data version* (newest import batch, batch count, profile count), so a load invalidates it.
The version is re-read at most every ``version_ttl`` seconds (a load by another process is seen
within that time). The key also holds the register's change counter (``changes``), read on every
request: each worker keeps its own cache, and a moderation, an edit or a finished indicator refresh
in any worker or machine changes every worker's keys at once (docs/adr/0076). A pure ASGI
middleware, so a hit costs no routing, no thread hop and one primary-key read.

Only public responses are stored: never one that sets a cookie, says ``Cache-Control: no-store`` or
``private``, or was built from the visitor's session (signed in, or the handler read the session —
web.middleware.depends_on_session), so one visitor's page is never replayed to another.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from healthassets import settings
from healthassets.web.middleware import depends_on_session

Stored = tuple[int, list[tuple[bytes, bytes]], bytes]  # status, headers, body
CACHED_PREFIXES = ("/areas/", "/indicators/", "/compare", "/search", "/postcodes/", "/api/v1/")


def asks_uncached(headers: list[tuple[bytes, bytes]]) -> bool:
    """The request carries ``X-Healthassets-Uncached: 1`` (see settings.uncached_requests_allowed)."""
    wanted = settings.UNCACHED_HEADER.encode()
    return any(k == wanted and v == b"1" for k, v in headers)


def cacheable(path: str) -> bool:
    return path == "/" or path.startswith(CACHED_PREFIXES)


def storable(scope: Scope, start: dict[str, Any]) -> bool:
    """A 200 that is the same for every visitor (see the module docstring)."""
    if start.get("status") != 200 or depends_on_session(scope):
        return False
    for name, value in start.get("headers", []):
        if name.lower() == b"set-cookie":
            return False
        if name.lower() == b"cache-control" and (b"no-store" in value or b"private" in value):
            return False
    return True


class ResponseCache:
    """Least-recently-used store of (status, headers, body) by key."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self.entries: OrderedDict[tuple[Any, ...], Stored] = OrderedDict()
        self.lock = Lock()

    def get(self, key: tuple[Any, ...]) -> Stored | None:
        with self.lock:
            hit = self.entries.get(key)
            if hit is not None:
                self.entries.move_to_end(key)
            return hit

    def put(self, key: tuple[Any, ...], value: Stored) -> None:
        with self.lock:
            self.entries[key] = value
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


class CacheMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        cache: ResponseCache,
        version: Callable[[], tuple[Any, ...]],
        version_ttl: float = 2.0,
        allow_uncached: bool = False,
        changes: Callable[[], int] | None = None,
    ) -> None:
        self.app = app
        #: honour the uncached-request header (settings.uncached_requests_allowed; benchmarks only)
        self.allow_uncached = allow_uncached
        self.cache = cache
        self.version = version
        self.version_ttl = version_ttl
        #: read on every request (one primary-key row): a change made by any process is seen at once
        self.changes = changes
        self._version: tuple[Any, ...] = ()
        self._checked = 0.0

    def current_version(self) -> tuple[Any, ...]:
        now = time.monotonic()
        if now - self._checked > self.version_ttl:
            self._version = self.version()
            self._checked = now
        return self._version

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not cacheable(scope["path"]):
            await self.app(scope, receive, send)
            return
        if self.allow_uncached and asks_uncached(scope["headers"]):
            await self.app(scope, receive, send)
            return
        origin = next((v for k, v in scope["headers"] if k == b"origin"), b"")
        changed = self.changes() if self.changes is not None else 0
        key = (scope["path"], scope["query_string"], bool(origin), self.current_version(), changed)
        hit = self.cache.get(key)
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and storable(scope, start):
                    self.cache.put(key, (200, list(start.get("headers", [])), b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, capture)
