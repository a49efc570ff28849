"""The API's rate limit: at most ``HEALTHASSETS_API_RATE_LIMIT`` requests a minute per client
address (sliding window, counted in the database for every worker and machine), answered beyond
that with a 429 and ``Retry-After``. Responses served from the page cache cost nothing and are not counted.

The client address is the connection's peer, unless the peer is one of the reverse proxies named in
``HEALTHASSETS_TRUSTED_PROXIES`` (:func:`healthassets.settings.trusted_proxies`): then the nearest
address in ``X-Forwarded-For`` that is not itself a trusted proxy. A header sent by anyone else is
ignored, so a client cannot choose its own address.
"""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from healthassets import settings
from healthassets.api.models import error_body
from healthassets.forwarding import forwarded_client
from healthassets.services.rate_limits import RateLimit
from healthassets.services.site import Engine

LIMITED_PREFIXES = ("/api/", "/openreferral")
WINDOW_SECONDS = 60.0


def client_address(scope: Scope) -> str:
    """The requesting client's address (see the module's docstring)."""
    peer = scope["client"][0] if scope.get("client") else "unknown"
    forwarded = [v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"x-forwarded-for"]
    return forwarded_client(peer, ", ".join(forwarded) or None, settings.trusted_proxies())


class RequestLimit:
    """A sliding window of requests per client address, counted in the database so every worker
    and machine shares it (services.rate_limits, docs/adr/0076); ``limit`` may be changed."""

    def __init__(self, limit: int, window: float = WINDOW_SECONDS) -> None:
        self.limit = limit
        self.window = window

    def _shared(self) -> RateLimit:
        return RateLimit("api", self.limit, self.window)

    def wait(self, engine: Engine, key: str) -> int:
        """Count a request for ``key``: 0 when allowed, else the whole seconds until one will be
        (a limit of 0 allows everything)."""
        return self._shared().wait(engine, key)

    def reset(self, engine: Engine) -> None:
        self._shared().reset(engine)


class RateLimitMiddleware:
    """Applies ``app.state.api_rate_limit`` (a :class:`RequestLimit`) to the API's paths."""

    def __init__(self, app: ASGIApp, limit: RequestLimit) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(LIMITED_PREFIXES):
            await self.app(scope, receive, send)
            return
        wait = 0
        if self.limit.limit > 0:  # off the event loop: it is a write to the database
            wait = await run_in_threadpool(self.limit.wait, scope["app"].state.engine, client_address(scope))
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
