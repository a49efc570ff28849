"""The application factory: the whole site — web pages, the JSON API, the Open Referral UK feed —
on one FastAPI app, with one set of error handlers (JSON for the API, HTML pages for the site)."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from healthassets import __version__, settings
from healthassets.api.app import error_body, is_api, mount_api
from healthassets.errors import Forbidden, InputError, NotFoundError, NotSignedIn, TooManyRequests
from healthassets.services.site import DATABASE_ERRORS, Engine, database_unavailable, open_engine
from healthassets.web.app import mount_web
from healthassets.web.errors import PlainError, from_validation, plain_error
from healthassets.web.headers import security_headers
from healthassets.web.i18n import current_language, pick_language
from healthassets.web.pages import render_page

logger = logging.getLogger("healthassets.web")
#: seconds a visitor is asked to wait when the database cannot be reached (docs/adr/0079)
RETRY_AFTER_UNAVAILABLE = 30


def error_response(
    request: Request,
    status: int,
    message: str,
    parameter: str | None = None,
    *,
    page: PlainError | None = None,
) -> Response:
    """JSON for the API (the precise message), a plain-language HTML error page (same status) for the
    web site (:mod:`healthassets.web.errors`)."""
    if is_api(request):
        return JSONResponse(status_code=status, content=error_body(message, parameter))
    error = page or plain_error(status, message, parameter)
    return render_page(request, "error.html", status_code=status, status=status, error=error)


def create_app(
    engine: Engine | None = None, data_dir: Path | None = None, *, secret_key: str | None = None
) -> FastAPI:
    """The web site and the JSON API bound to ``engine`` (default: the configured database)."""
    from healthassets.openreferral.routes import router as openreferral_router

    app = FastAPI(
        title="healthassets API",
        version=__version__,
        description="Indicators, areas and benchmarks computed as OHID Fingertips does. Read-only. "
        "Contains public sector information licensed under the Open Government Licence v3.0.",
        openapi_url="/openapi.json",
        docs_url=None,  # /api/docs is served offline by healthassets.api.docs
        redoc_url=None,
    )
    app.state.engine = engine or open_engine()
    app.state.data_dir = settings.data_dir(data_dir)
    mount_api(app)
    app.include_router(openreferral_router, prefix="/openreferral")  # Open Referral UK 3.0 feed
    mount_web(app, secret_key)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, error: NotFoundError) -> Response:
        return error_response(request, 404, str(error))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, error: InputError) -> Response:
        return error_response(request, 400, error.reason, error.column)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", [])[1:])
        page = from_validation(list(error.errors()))
        return error_response(request, 400, f"{where}: {first.get('msg')}", where or None, page=page)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden) -> Response:
        return error_response(request, 403, str(error))

    @app.exception_handler(TooManyRequests)
    async def too_many(request: Request, error: TooManyRequests) -> Response:
        response = error_response(request, 429, str(error))
        response.headers["Retry-After"] = "60"
        return response

    @app.exception_handler(NotSignedIn)
    async def sign_in_first(request: Request, _error: NotSignedIn) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        message = "page not found" if error.status_code == 404 else str(error.detail)
        response = error_response(request, error.status_code, message)
        response.headers.update(error.headers or {})  # e.g. Allow on a 405
        return response

    async def database_error(request: Request, error: Exception) -> Response:
        if not database_unavailable(error):
            raise error  # a fault in a statement is a bug: the 500 below, with its traceback logged
        return unavailable(request, error)

    for kind in DATABASE_ERRORS:
        app.add_exception_handler(kind, database_error)

    @app.exception_handler(Exception)
    async def server_error(request: Request, error: Exception) -> Response:
        # a bug: the visitor gets a plain page (or JSON), never a stack trace; the server log has it.
        # Sent from outside every middleware, so it gets the security headers here. The database
        # failing under a middleware (the response cache asks for the data version) arrives here too.
        if database_unavailable(error):
            response = unavailable(request, error)
        else:
            response = error_response(request, 500, "internal error")
        for name, value in security_headers(settings.secure_cookies()):
            response.headers[name.decode("ascii")] = value.decode("ascii")
        return response

    return app


def unavailable(request: Request, error: Exception) -> Response:
    """503 with Retry-After when the database cannot be reached: a plain page or a JSON error, the
    cause logged in one line (no traceback; it is not a bug)."""
    logger.warning("database unavailable (%s %s): %s", request.method, request.url.path, type(error).__name__)
    # the language is set here: a failure under a middleware arrives outside the one that sets it
    language = current_language.set(pick_language(request.query_params.get("lang")))
    try:
        response = error_response(
            request, 503, "the database is unavailable at the moment; try again in a minute"
        )
    finally:
        current_language.reset(language)
    response.headers["Retry-After"] = str(RETRY_AFTER_UNAVAILABLE)
    return response
