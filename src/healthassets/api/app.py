"""FastAPI application for the JSON API. Thin: each route calls store queries or services.

Errors are JSON with a 4xx status, never a 500 for a user's mistake: unknown codes → 404, bad
parameters → 400 with ``{"error": {"message", "parameter"}}``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy import Engine

from healthassets import __version__
from healthassets.errors import InputError, NotFoundError


def error_body(message: str, parameter: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, **({"parameter": parameter} if parameter else {})}}


def create_app(engine: Engine | None = None) -> FastAPI:
    """The API bound to ``engine`` (default: the configured database)."""
    from healthassets.api.routes import router
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
    app.state.engine = engine or make_engine()
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"], allow_headers=["*"])
    app.include_router(router, prefix="/api/v1")

    @app.exception_handler(NotFoundError)
    async def not_found(_request: Request, error: NotFoundError) -> JSONResponse:
        return JSONResponse(status_code=404, content=error_body(str(error)))

    @app.exception_handler(InputError)
    async def bad_input(_request: Request, error: InputError) -> JSONResponse:
        return JSONResponse(status_code=400, content=error_body(error.reason, error.column))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(_request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", [])[1:])
        return JSONResponse(
            status_code=400, content=error_body(f"{where}: {first.get('msg')}", where or None)
        )

    return app
