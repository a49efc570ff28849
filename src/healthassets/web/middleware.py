"""ASGI guards around the whole site (docs/adr/0043-revocable-sessions-and-limits.md):

- :class:`BodyLimitMiddleware` refuses request bodies over the route's limit with 413 before the
  application reads them — by ``Content-Length`` at once, and by counting a streamed body as it
  arrives — so a 100 MB POST costs nothing and never reaches the CSRF check or the form parser;
- :class:`PrivateResponseMiddleware` sends ``Cache-Control: no-store`` on every response that sets a
  cookie, belongs to a signed-in visitor or read the visitor's session (account, CSRF token);
  the response cache (web.cache) never stores such a response either.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from healthassets.web.i18n import catalogue, pick_language
from healthassets.web.messages import N_

KB = 1024
MB = 1024 * KB
#: (path pattern, largest body in bytes): a story with a photo (≤ 5 MB, web.photos) and a bulk import
#: (≤ 20 MB, web.routes.moderation) with room for the multipart framing; every other form is small
BODY_LIMITS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^/assets/[^/]+/stories$"), 6 * MB),
    (re.compile(r"^/moderation/import$"), 21 * MB),
)
FORM_LIMIT = 64 * KB

TOO_LARGE_TITLE = N_("What you sent is too large")
TOO_LARGE_TEXT = N_(
    "Go back and send less: a photo can be up to 5 MB, an import file up to 20 MB and other forms "
    "a few pages of text."
)


def too_large_page(query_string: bytes) -> bytes:
    """The 413 page, plain HTML in the language of ``?lang`` (no template, no session: cheap)."""
    query = parse_qs(query_string.decode("latin-1"))
    lang = pick_language(next(iter(query.get("lang", [])), None))
    words = catalogue(lang)
    title = escape(words.get(TOO_LARGE_TITLE, TOO_LARGE_TITLE))
    text = escape(words.get(TOO_LARGE_TEXT, TOO_LARGE_TEXT))
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>{text}</p></body></html>"
    ).encode()


def body_limit(path: str) -> int:
    """The largest request body (bytes) accepted on ``path``."""
    return next((limit for pattern, limit in BODY_LIMITS if pattern.match(path)), FORM_LIMIT)


class BodyTooLarge(Exception):
    """The streamed body passed the limit (raised from ``receive``, caught by the middleware)."""


async def send_too_large(scope: Scope, send: Send) -> None:
    page = too_large_page(scope.get("query_string", b""))
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(page)).encode()),
                (b"cache-control", b"no-store"),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": page})


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["path"])
        declared = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await send_too_large(scope, send)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if started:
                raise
            await send_too_large(scope, send)


def depends_on_session(scope: Scope) -> bool:
    """True when the request is signed in or its handler read the session (Starlette marks a
    session *accessed* on every ``request.session``: the account, the CSRF token of a form)."""
    session: Any = scope.get("session")
    if session is None:
        return False
    return bool(getattr(session, "accessed", False) or session.get("sid"))


#: the same for everyone whoever asks: a signed-in visitor's browser may keep them
PUBLIC_FILES = ("/static/",)


class PrivateResponseMiddleware:
    """``Cache-Control: no-store`` on responses that are one visitor's own (static files excepted,
    unless they set a cookie). Sits outside the session middleware, so it sees the ``Set-Cookie``
    that middleware adds."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if any(k == b"set-cookie" for k, _ in headers) or (
                    depends_on_session(scope) and not scope["path"].startswith(PUBLIC_FILES)
                ):
                    headers = [(k, v) for k, v in headers if k not in (b"cache-control", b"expires")]
                    headers.append((b"cache-control", b"no-store"))
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, marked)
