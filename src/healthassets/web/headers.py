"""Security headers on every response — pages, the JSON API, the Open Referral feed, static files and
error pages (docs/adr/0073-security-headers-and-checks.md).

- **Content-Security-Policy**: scripts only from this site (``script-src 'self'``) plus the one
  inline script GOV.UK Frontend needs, allowed by its SHA-256 hash — never ``'unsafe-inline'`` or
  ``'unsafe-eval'`` for scripts (Vega draws with its CSP-safe expression interpreter, ``ast: true``
  in ``static/js/charts.js``). Hashes, not nonces: the response cache (web.cache) serves one page
  to many visitors, and a nonce copied from the cache would be neither fresh nor the header's.
  Styles keep ``'unsafe-inline'`` (benchmark colours are ``style`` attributes; Leaflet and
  vega-embed set styles). No other origin: maps have no tile server, nothing comes from a CDN.
- **X-Content-Type-Options: nosniff**, **Referrer-Policy: strict-origin-when-cross-origin**,
  **X-Frame-Options: DENY** (with CSP ``frame-ancestors 'none'``), **Cross-Origin-Opener-Policy**.
- **Strict-Transport-Security** only when secure cookies are on (``HEALTHASSETS_SECURE_COOKIES=1``,
  i.e. the site is behind HTTPS): over plain HTTP browsers ignore it, and a wrong one locks a site out.
"""

from __future__ import annotations

import base64
import hashlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: GOV.UK Frontend's snippet at the top of ``<body>`` (base.html renders it from here, so the hash in
#: the policy is always the hash of what the page holds)
JS_ENABLED = (
    "document.body.className += ' js-enabled' + "
    "('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');"
)
#: every inline script a page may hold; any other is refused by the browser
INLINE_SCRIPTS = (JS_ENABLED,)
HSTS = "max-age=31536000; includeSubDomains"


def script_hash(source: str) -> str:
    """The CSP source expression allowing the inline script ``source``."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy() -> str:
    scripts = " ".join(["'self'", *(script_hash(s) for s in INLINE_SCRIPTS)])
    directives = {
        "default-src": "'self'",
        "script-src": scripts,
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def security_headers(secure: bool) -> list[tuple[bytes, bytes]]:
    """The headers every response carries (HSTS when ``secure``)."""
    headers = [
        (b"content-security-policy", content_security_policy().encode("ascii")),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"x-frame-options", b"DENY"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if secure:
        headers.append((b"strict-transport-security", HSTS.encode("ascii")))
    return headers


class SecurityHeadersMiddleware:
    """Adds :func:`security_headers` to every HTTP response that passes through it (the 500 page is
    sent from outside every middleware, so the app factory adds them to it itself)."""

    def __init__(self, app: ASGIApp, secure: bool) -> None:
        self.app = app
        self.headers = security_headers(secure)
        self.names = {name for name, _ in self.headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in self.names]
                message = {**message, "headers": [*kept, *self.headers]}
            await send(message)

        await self.app(scope, receive, with_headers)
