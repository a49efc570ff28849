"""Sessions, CSRF tokens, rate limits and spam traps for the site's forms.

- **Session**: Starlette's signed-cookie session (itsdangerous HMAC), cookie ``healthassets_session``,
  HttpOnly, SameSite=Lax, Secure when ``HEALTHASSETS_SECURE_COOKIES=1`` (set it behind HTTPS), 8 hours.
  It holds the account id and the CSRF token — never a password or personal data.
- **CSRF**: a per-session random token (synchroniser token pattern, OWASP) in a hidden field of every
  form; a POST whose token does not match the session's is refused with 403 before anything is read.
- **Rate limits**: sliding windows per client address and action, in memory (one process).
- **Honeypot**: a visually hidden field people never fill; a filled one means a robot.
"""

from __future__ import annotations

import secrets
import time
from collections import defaultdict, deque
from threading import Lock

from fastapi import Request

from healthassets import settings
from healthassets.errors import Forbidden as Forbidden
from healthassets.errors import NotSignedIn as NotSignedIn
from healthassets.errors import TooManyRequests as TooManyRequests

SESSION_COOKIE = "healthassets_session"
SESSION_SECONDS = 8 * 3600
CSRF_FIELD = "csrf_token"
HONEYPOT_FIELD = "website_url_confirm"


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
    """At most ``limit`` events per ``window`` seconds per key (sliding window)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self.events: defaultdict[str, deque[float]] = defaultdict(deque)
        self.lock = Lock()

    def hit(self, key: str) -> None:
        """Count one event for ``key``; TooManyRequests when over the limit."""
        now = time.monotonic()
        with self.lock:
            events = self.events[key]
            while events and now - events[0] > self.window:
                events.popleft()
            if len(events) >= self.limit:
                wait = int(self.window - (now - events[0])) + 1
                raise TooManyRequests(f"too many attempts: try again in {wait} seconds")
            events.append(now)

    def reset(self) -> None:
        with self.lock:
            self.events.clear()


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"
