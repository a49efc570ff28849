"""Mount the web site on the FastAPI app: templates, static files, language, page cache and HTML
error pages (the JSON API keeps its JSON errors)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from pathlib import Path
from threading import Lock
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Engine, func, select

from healthassets.web.context import PageState
from healthassets.web.i18n import current_language, gettext, ngettext

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
    """Changes whenever data is loaded: the newest import batch and the profile count."""
    from healthassets.store.models import ImportBatch, Profile

    with engine.connect() as connection:
        batch = connection.execute(select(func.max(ImportBatch.id), func.count(ImportBatch.id))).one()
        profiles = connection.execute(select(func.count()).select_from(Profile)).scalar_one()
    return (*batch, profiles)


class PageCache:
    """Rendered responses of read-only pages, keyed by URL and the store's data version (so a load
    invalidates them); least recently used entries are dropped beyond ``size``."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self.entries: OrderedDict[tuple[Any, ...], Response] = OrderedDict()
        self.lock = Lock()

    def get(self, key: tuple[Any, ...]) -> Response | None:
        with self.lock:
            hit = self.entries.get(key)
            if hit is not None:
                self.entries.move_to_end(key)
            return hit

    def put(self, key: tuple[Any, ...], response: Response) -> None:
        with self.lock:
            self.entries[key] = response
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


CACHED_PREFIXES = ("/areas/", "/indicators/", "/compare", "/search")


def mount_web(app: FastAPI) -> None:
    from healthassets.web.routes import router

    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    app.include_router(router)
    cache = PageCache()
    app.state.page_cache = cache

    @app.middleware("http")
    async def language_and_cache(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        state = PageState.of(request)
        token = current_language.set(state.lang)
        try:
            path = request.url.path
            cacheable = request.method == "GET" and (path == "/" or path.startswith(CACHED_PREFIXES))
            if not cacheable:
                return await call_next(request)
            key = (str(request.url), data_version(request.app.state.engine))
            hit = cache.get(key)
            if hit is not None:
                return hit
            response = await call_next(request)
            if response.status_code == 200:
                body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
                stored = Response(
                    body, status_code=200, headers=dict(response.headers), media_type=response.media_type
                )
                cache.put(key, stored)
                return stored
            return response
        finally:
            current_language.reset(token)
