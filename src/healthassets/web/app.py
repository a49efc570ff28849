"""Mount the web site on the FastAPI app: templates, static files, language, page cache and HTML
error pages (the JSON API keeps its JSON errors)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Engine, func, select
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from healthassets.web import security
from healthassets.web.cache import CacheMiddleware, ResponseCache
from healthassets.web.context import PageState
from healthassets.web.i18n import current_language, gettext, ngettext, pick_language

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
templates = Environment(
    loader=FileSystemLoader(WEB_DIR / "templates"),
    autoescape=select_autoescape(["html", "xml"]),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]


def render_page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    state = PageState.of(request)
    html = templates.get_template(template).render(**state.template_globals(), **context)
    return HTMLResponse(html, status_code=status_code)


def data_version(engine: Engine) -> tuple[Any, ...]:
    """Changes whenever data changes: the newest import batch, the batch count, the newest value
    (indicators rewritten in place get new rows) and the profile count."""
    from healthassets.store.models import ImportBatch, IndicatorValue, Profile

    with engine.connect() as connection:
        batch = connection.execute(select(func.max(ImportBatch.id), func.count(ImportBatch.id))).one()
        newest_value = connection.execute(select(func.max(IndicatorValue.id))).scalar_one()
        profiles = connection.execute(select(func.count()).select_from(Profile)).scalar_one()
    return (*batch, newest_value, profiles)


T = TypeVar("T")


def memoised(request: Request, key: tuple[Any, ...], build: Callable[[], T]) -> T:
    """``build()`` once per key and data version: a page's data is shared by its HTML in every
    language and palette, its CSV and its chart downloads."""
    cache: dict[tuple[Any, ...], Any] = request.app.state.page_data
    full = (*key, data_version(request.app.state.engine))
    if full not in cache:
        if len(cache) > 256:
            cache.pop(next(iter(cache)))
        cache[full] = build()
    value: T = cache[full]
    return value


def mount_web(app: FastAPI, secret_key: str | None = None) -> None:
    from healthassets.web.routes import router

    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    app.include_router(router)
    from healthassets.services.asset_refresh import Refresher
    from healthassets.services.assets import write_asset_indicators

    cache = ResponseCache()

    def refresh_asset_indicators() -> None:
        write_asset_indicators(app.state.engine, app.state.data_dir)
        cache.clear()  # at once, not only when the data version is next read

    app.state.asset_refresher = Refresher(refresh_asset_indicators)
    app.state.page_cache = cache
    app.state.page_data = {}
    app.add_middleware(CacheMiddleware, cache=cache, version=lambda: data_version(app.state.engine))
    app.add_middleware(LanguageMiddleware)
    # outermost, so cached responses never carry one visitor's session cookie to another
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key or security.secret_key(),
        session_cookie=security.SESSION_COOKIE,
        max_age=security.SESSION_SECONDS,
        same_site="lax",
        https_only=os.environ.get("HEALTHASSETS_SECURE_COOKIES") == "1",
    )


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
