"""FastAPI application for the JSON API. Thin: each route calls store queries or services.

Errors are JSON with a 4xx status, never a 500 for a user's mistake: unknown codes → 404, bad
parameters → 400 with ``{"error": {"message", "parameter"}}``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from healthassets import __version__
from healthassets.errors import InputError, NotFoundError
from healthassets.web.security import Forbidden, NotSignedIn, TooManyRequests


def error_body(message: str, parameter: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, **({"parameter": parameter} if parameter else {})}}


DEFAULT_DATA = Path(__file__).resolve().parents[3] / "data"


def is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/openapi.json", "/openreferral")) or path.endswith(
        (".json", ".geojson")
    )


def error_response(request: Request, status: int, message: str, parameter: str | None = None) -> Response:
    """JSON for the API, an HTML error page (same status) for the web site."""
    if is_api(request):
        return JSONResponse(status_code=status, content=error_body(message, parameter))
    from healthassets.web.app import render_page

    return render_page(
        request, "error.html", status_code=status, status=status, message=message, parameter=parameter
    )


def create_app(
    engine: Engine | None = None, data_dir: Path | None = None, *, secret_key: str | None = None
) -> FastAPI:
    """The web site and the JSON API bound to ``engine`` (default: the configured database)."""
    from healthassets.api.analysis import router as analysis_router
    from healthassets.api.routes import router
    from healthassets.openreferral.routes import router as openreferral_router
    from healthassets.store.database import make_engine

    app = FastAPI(
        title="healthassets API",
        version=__version__,
        description="Indicators, areas and benchmarks computed as OHID Fingertips does. Read-only. "
        "Contains public sector information licensed under the Open Government Licence v3.0.",
        openapi_url="/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    from healthassets.web.app import mount_web

    app.state.engine = engine or make_engine()
    app.state.data_dir = data_dir or Path(os.environ.get("HEALTHASSETS_DATA_DIR", DEFAULT_DATA))
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"], allow_headers=["*"])
    app.include_router(router, prefix="/api/v1")
    app.include_router(analysis_router, prefix="/api/v1")
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
        return error_response(request, 400, f"{where}: {first.get('msg')}", where or None)

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
        return error_response(request, error.status_code, message)

    return app
