"""What every page route shares: the templates, :func:`render_page` and :func:`memoised` page data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from healthassets.services.changes import register_version
from healthassets.services.site import data_version
from healthassets.web.cache import asks_uncached
from healthassets.web.context import PageState
from healthassets.web.headers import JS_ENABLED
from healthassets.web.i18n import gettext, ngettext

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
templates.globals["js_enabled_script"] = JS_ENABLED


def render_page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    state = PageState.of(request)
    html = templates.get_template(template).render(**state.template_globals(), **context)
    return HTMLResponse(html, status_code=status_code)


T = TypeVar("T")


def memoised(request: Request, key: tuple[Any, ...], build: Callable[[], T]) -> T:
    """``build()`` once per key, data version and register change (a report lists published stories:
    a moderation in any worker must show at once, docs/adr/0076): a page's data is shared by its
    HTML in every language and palette, its CSV and its chart downloads."""
    if getattr(request.app.state, "allow_uncached", False) and asks_uncached(request.headers.raw):
        return build()  # a benchmark's uncached request (settings.uncached_requests_allowed)
    cache: dict[tuple[Any, ...], Any] = request.app.state.page_data
    engine = request.app.state.engine
    full = (*key, data_version(engine), register_version(engine))
    if full not in cache:
        if len(cache) > 256:
            cache.pop(next(iter(cache)))
        cache[full] = build()
    value: T = cache[full]
    return value
