"""Mount the web site on the FastAPI app: templates, static files, language, page cache and HTML
error pages (the JSON API keeps its JSON errors)."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from healthassets import settings
from healthassets.services.changes import register_reader
from healthassets.services.site import data_version
from healthassets.web import security
from healthassets.web.cache import CacheMiddleware, ResponseCache
from healthassets.web.headers import SecurityHeadersMiddleware
from healthassets.web.i18n import current_language, pick_language
from healthassets.web.middleware import BodyLimitMiddleware, PrivateResponseMiddleware
from healthassets.web.pages import STATIC_DIR
from healthassets.web.redirects import RetiredProfileRedirect


def mount_web(app: FastAPI, secret_key: str | None = None) -> None:
    from healthassets.web.routes import router

    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    app.include_router(router)
    from healthassets.services.asset_indicators import write_asset_indicators
    from healthassets.services.asset_refresh import Refresher

    cache = ResponseCache()

    def refresh_asset_indicators() -> None:
        write_asset_indicators(app.state.engine, app.state.data_dir)
        cache.clear()  # at once, not only when the data version is next read

    # one run at a time across every worker and machine: a lease row in the store (docs/adr/0076)
    app.state.asset_refresher = Refresher(refresh_asset_indicators, app.state.engine)
    app.state.page_cache = cache
    app.state.page_data = {}
    app.state.allow_uncached = settings.uncached_requests_allowed()
    app.add_middleware(
        CacheMiddleware,
        cache=cache,
        version=lambda: data_version(app.state.engine),
        changes=register_reader(app.state.engine),
        allow_uncached=app.state.allow_uncached,
    )
    # outside the cache: a link to a retired profile is sent on to its successor (301)
    app.add_middleware(RetiredProfileRedirect)
    app.add_middleware(LanguageMiddleware)
    # outside the cache, so cached responses never carry one visitor's session cookie to another
    # the key: the caller's, HEALTHASSETS_SECRET_KEY, or the one kept in the database for every worker
    app.add_middleware(
        security.SharedKeySessionMiddleware,
        key=lambda: secret_key or security.secret_key(app.state.engine),
        session_cookie=security.SESSION_COOKIE,
        max_age=security.SESSION_SECONDS,
        https_only=settings.secure_cookies(),
    )
    # outside the session: sees its Set-Cookie and marks such responses Cache-Control: no-store
    app.add_middleware(PrivateResponseMiddleware)
    # outermost: an oversized body is refused before anything reads it
    app.add_middleware(BodyLimitMiddleware)
    # outside everything: the security headers reach every response, the 413 page included
    app.add_middleware(SecurityHeadersMiddleware, secure=settings.secure_cookies())


class LanguageMiddleware:
    """Sets the request's language (``?lang=cy``) for gettext and the formatters."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        token = current_language.set(pick_language((query.get("lang") or [None])[0]))
        try:
            await self.app(scope, receive, send)
        finally:
            current_language.reset(token)
