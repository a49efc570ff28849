"""Sessions, CSRF tokens, rate limits, client addresses and spam traps for the site's forms
(docs/adr/0031-accounts-sessions-csrf.md, docs/adr/0043-revocable-sessions-and-limits.md).

- **Session cookie**: Starlette's signed cookie ``healthassets_session`` (HttpOnly, SameSite=Lax,
  Secure with ``HEALTHASSETS_SECURE_COOKIES=1``, 8 hours) holds the CSRF token and, once signed in,
  a random session token checked against the store on every request (services.sessions) — so the
  server can end a session; never an account id, a password or personal data.
- **CSRF**: a per-session random token (synchroniser token pattern, OWASP) in a hidden field of every
  form; a POST whose token does not match the session's is refused with 403.
- **Rate limits**: sliding windows per key (client address, account), in memory (one process).
- **Client address**: the TCP peer; ``X-Forwarded-For`` only when the peer is a configured proxy
  (``HEALTHASSETS_TRUSTED_PROXIES``).
- **Honeypot**: a visually hidden field people never fill; a filled one means a robot.
- **Query bounds**: no query-string value longer than :data:`MAX_SEARCH` (``q``) or
  :data:`MAX_PARAMETER` characters reaches a page (400 with a plain message).
"""

from __future__ import annotations

import secrets
import time
from collections import deque
from threading import Lock

from fastapi import Request

from healthassets import settings
from healthassets.errors import Forbidden as Forbidden
from healthassets.errors import InputError
from healthassets.errors import NotSignedIn as NotSignedIn
from healthassets.errors import TooManyRequests as TooManyRequests
from healthassets.web.i18n import gettext

SESSION_COOKIE = "healthassets_session"
SESSION_SECONDS = 8 * 3600
CSRF_FIELD = "csrf_token"
HONEYPOT_FIELD = "website_url_confirm"
#: longest search text (``q``) and longest other query-string value a page accepts
MAX_SEARCH = 100
MAX_PARAMETER = 500


def secret_key(database_url: str | None = None) -> str:
    """``HEALTHASSETS_SECRET_KEY``, else a random key kept in ``.healthassets-secret`` (created with
    mode 600 in the working directory) so sessions survive a restart."""
    configured = settings.configured_secret_key()
    if configured:
        return configured
    path = settings.SECRET_FILE
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(key)
    return key


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


class RateLimiter:
    """At most ``limit`` events per ``window`` seconds per key (sliding window). Keys whose events
    have all expired are forgotten once more than ``max_keys`` are held, so a flood of new keys
    (random emails) cannot grow memory without bound."""

    def __init__(self, limit: int, window: float, max_keys: int = 10_000) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self.events: dict[str, deque[float]] = {}
        self.lock = Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self.events.get(key) or deque()
        while events and now - events[0] > self.window:
            events.popleft()
        return events

    def _check(self, key: str, now: float) -> None:
        events = self._recent(key, now)
        if len(events) >= self.limit:
            wait = int(self.window - (now - events[0])) + 1
            raise TooManyRequests(f"too many attempts: try again in {wait} seconds")

    def _record(self, key: str, now: float) -> None:
        events = self._recent(key, now)
        events.append(now)
        self.events[key] = events
        if len(self.events) > self.max_keys:
            stale = [k for k, e in self.events.items() if now - e[-1] > self.window]
            for old in stale:
                del self.events[old]

    def check(self, key: str) -> None:
        """TooManyRequests when ``key`` is at its limit (counts nothing)."""
        with self.lock:
            self._check(key, time.monotonic())

    def record(self, key: str) -> None:
        """Count one event for ``key`` (never raises)."""
        with self.lock:
            self._record(key, time.monotonic())

    def hit(self, key: str) -> None:
        """Count one event for ``key``; TooManyRequests when over the limit (one atomic step)."""
        with self.lock:
            now = time.monotonic()
            self._check(key, now)
            self._record(key, now)

    def reset(self) -> None:
        with self.lock:
            self.events.clear()


def forwarded_client(peer: str, forwarded_for: str | None, trusted: frozenset[str]) -> str:
    """The client's address: ``peer`` unless it is a trusted proxy; then the nearest address in
    ``X-Forwarded-For`` (read from the right, each proxy appends the address it saw) that is not
    itself a trusted proxy. A client can put anything on the left of the header, so only what the
    trusted proxies appended counts."""
    if peer not in trusted or not forwarded_for:
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return hops[0] if hops else peer


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
