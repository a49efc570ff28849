"""The JSON API's own pieces: its error body and the function that mounts its routers.

Errors are JSON with a 4xx status, never a 500 for a user's mistake: unknown codes → 404, bad
parameters → 400 with ``{"error": {"message", "parameter"}}``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware


def error_body(message: str, parameter: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, **({"parameter": parameter} if parameter else {})}}


def is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/openapi.json", "/openreferral")) or path.endswith(
        (".json", ".geojson")
    )


def mount_api(app: FastAPI) -> None:
    """The JSON API under ``/api/v1`` (CORS open: read-only, public data)."""
    from healthassets.api.analysis import router as analysis_router
    from healthassets.api.routes import router

    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"], allow_headers=["*"])
    app.include_router(router, prefix="/api/v1")
    app.include_router(analysis_router, prefix="/api/v1")
