"""Sessions, CSRF tokens, rate limits, client addresses and spam traps for the site's forms
(docs/adr/0031-accounts-sessions-csrf.md, docs/adr/0043-revocable-sessions-and-limits.md).

- **Session cookie**: Starlette's signed cookie (the key: ``HEALTHASSETS_SECRET_KEY``, else one kept in
  the database for every worker) ``healthassets_session`` (HttpOnly, SameSite=Lax,
  Secure with ``HEALTHASSETS_SECURE_COOKIES=1``, 8 hours) holds the CSRF token and, once signed in,
  a random session token checked against the store on every request (services.sessions) — so the
  server can end a session; never an account id, a password or personal data.
- **CSRF**: a per-session random token (synchroniser token pattern, OWASP) in a hidden field of every
  form; a POST whose token does not match the session's is refused with 403.
- **Rate limits**: sliding windows per key (client address, account), counted in the database so
  every worker and machine shares them (services.rate_limits, docs/adr/0076).
- **Client address**: the TCP peer; ``X-Forwarded-For`` only when the peer is a configured proxy
  (``HEALTHASSETS_TRUSTED_PROXIES``).
- **Honeypot**: a visually hidden field people never fill; a filled one means a robot.
- **Query bounds**: no query-string value longer than :data:`MAX_SEARCH` (``q``) or
  :data:`MAX_PARAMETER` characters reaches a page (400 with a plain message).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

import itsdangerous
from fastapi import Request
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from healthassets import settings
from healthassets.errors import Forbidden as Forbidden
from healthassets.errors import InputError
from healthassets.errors import NotSignedIn as NotSignedIn
from healthassets.errors import TooManyRequests as TooManyRequests
from healthassets.forwarding import forwarded_client as forwarded_client
from healthassets.services.rate_limits import RateLimit
from healthassets.services.site import Engine
from healthassets.services.site_keys import session_key
from healthassets.web.i18n import gettext

SESSION_COOKIE = "healthassets_session"
SESSION_SECONDS = 8 * 3600
CSRF_FIELD = "csrf_token"
HONEYPOT_FIELD = "website_url_confirm"
#: longest search text (``q``) and longest other query-string value a page accepts
MAX_SEARCH = 100
MAX_PARAMETER = 500


def secret_key(engine: Engine) -> str:
    """``HEALTHASSETS_SECRET_KEY``, else the random key stored in the database, the same for every
    worker (services.site_keys)."""
    return session_key(engine)


class SharedKeySessionMiddleware(SessionMiddleware):
    """Starlette's signed-cookie sessions, the key read on the first request (from
    :func:`secret_key`: the database may not be reachable when the process starts)."""

    def __init__(
        self, app: ASGIApp, key: Callable[[], str], session_cookie: str, max_age: int, https_only: bool
    ) -> None:
        super().__init__(
            app, "not yet read", session_cookie=session_cookie, max_age=max_age, https_only=https_only
        )
        self.key: Callable[[], str] | None = key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.key is not None and scope["type"] in ("http", "websocket"):
            self.signer = itsdangerous.TimestampSigner(self.key())
            self.key = None
        await super().__call__(scope, receive, send)


def csrf_token(request: Request) -> str:
    """This session's CSRF token (created on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def check_csrf(request: Request, submitted: object) -> None:
    expected = request.session.get("csrf")
    if not expected or not isinstance(submitted, str) or not secrets.compare_digest(expected, submitted):
        raise Forbidden(
            "this form has expired or did not come from this site: go back, reload the page and try again"
        )


#: a named sliding-window limit counted in the database, shared by every worker (services.rate_limits)
RateLimiter = RateLimit


def client_key(request: Request) -> str:
    """The address rate limits count by (see :func:`forwarded_client`)."""
    peer = request.client.host if request.client else "unknown"
    return forwarded_client(peer, request.headers.get("x-forwarded-for"), settings.trusted_proxies())


def bounded_query(request: Request) -> None:
    """Refuse (400, plain words) a page request whose search text is over :data:`MAX_SEARCH`
    characters or any other query value over :data:`MAX_PARAMETER` — before the database sees it."""
    for name, value in request.query_params.multi_items():
        if name == "q" and len(value) > MAX_SEARCH:
            message = gettext("Your search is too long. Search for %(limit)s characters or fewer.")
            raise InputError(message % {"limit": MAX_SEARCH}, column="q")
        if len(value) > MAX_PARAMETER:
            message = gettext("The web address is too long. Go back and try again with fewer words.")
            raise InputError(message, column=name)
