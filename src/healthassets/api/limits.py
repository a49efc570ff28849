"""The API's rate limit: at most ``HEALTHASSETS_API_RATE_LIMIT`` requests a minute per client
address (sliding window, in memory, one process), answered beyond that with a 429 and
``Retry-After``. Responses served from the page cache cost nothing and are not counted.

The client address is the connection's peer, unless the peer is one of the reverse proxies named in
``HEALTHASSETS_TRUSTED_PROXIES`` (:func:`healthassets.settings.trusted_proxies`): then the nearest
address in ``X-Forwarded-For`` that is not itself a trusted proxy. A header sent by anyone else is
ignored, so a client cannot choose its own address.
"""

from __future__ import annotations

import json
import math
import time
from collections import defaultdict, deque
from threading import Lock

from starlette.types import ASGIApp, Receive, Scope, Send

from healthassets import settings
from healthassets.api.models import error_body
from healthassets.forwarding import forwarded_client

LIMITED_PREFIXES = ("/api/", "/openreferral")
WINDOW_SECONDS = 60.0


def client_address(scope: Scope) -> str:
    """The requesting client's address (see the module's docstring)."""
    peer = scope["client"][0] if scope.get("client") else "unknown"
    forwarded = [v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"x-forwarded-for"]
    return forwarded_client(peer, ", ".join(forwarded) or None, settings.trusted_proxies())


class RequestLimit:
    """A sliding window of request times per key."""

    def __init__(self, limit: int, window: float = WINDOW_SECONDS) -> None:
        self.limit = limit
        self.window = window
        self.events: defaultdict[str, deque[float]] = defaultdict(deque)
        self.lock = Lock()

    def wait(self, key: str) -> int:
        """Count a request for ``key``: 0 when allowed, else the whole seconds until one will be
        (a limit of 0 allows everything)."""
        if self.limit <= 0:
            return 0
        now = time.monotonic()
        with self.lock:
            if len(self.events) > 10_000:  # forget idle clients
                for idle in [k for k, e in self.events.items() if not e or now - e[-1] > self.window]:
                    del self.events[idle]
            events = self.events[key]
            while events and now - events[0] > self.window:
                events.popleft()
            if len(events) >= self.limit:
                return max(1, math.ceil(self.window - (now - events[0])))
            events.append(now)
            return 0

    def reset(self) -> None:
        with self.lock:
            self.events.clear()


class RateLimitMiddleware:
    """Applies ``app.state.api_rate_limit`` (a :class:`RequestLimit`) to the API's paths."""

    def __init__(self, app: ASGIApp, limit: RequestLimit) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(LIMITED_PREFIXES):
            await self.app(scope, receive, send)
            return
        wait = self.limit.wait(client_address(scope))
        if not wait:
            await self.app(scope, receive, send)
            return
        body = json.dumps(error_body(f"too many requests: try again in {wait} seconds")).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(wait).encode()),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})
