"""The JSON API's own pieces: its error body, its OpenAPI document, its rate limit, its offline
documentation page, and the function that mounts them.

Errors are JSON with a 4xx status, never a 500 for a user's mistake: unknown codes → 404, bad
parameters → 400 with ``{"error": {"message", "parameter"}}``, too many requests → 429 with
``Retry-After`` (docs/adr/0042-api-contract.md).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware

from healthassets import settings
from healthassets.api.limits import RateLimitMiddleware, RequestLimit
from healthassets.api.models import error_body as error_body
from healthassets.api.openapi import install_openapi


def is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/openapi.json", "/openreferral")) or path.endswith(
        (".json", ".geojson")
    )


def mount_api(app: FastAPI) -> None:
    """The JSON API under ``/api/v1`` (CORS open: read-only, public data), rate-limited per client
    address (``app.state.api_rate_limit``), its OpenAPI document and ``/api/docs``."""
    from healthassets.api.analysis import router as analysis_router
    from healthassets.api.docs import router as docs_router
    from healthassets.api.indices import router as indices_router
    from healthassets.api.plans import router as plans_router
    from healthassets.api.routes import router

    app.state.api_rate_limit = RequestLimit(settings.api_rate_limit())
    app.add_middleware(RateLimitMiddleware, limit=app.state.api_rate_limit)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"], allow_headers=["*"])
    app.include_router(router, prefix="/api/v1")
    app.include_router(analysis_router, prefix="/api/v1")
    app.include_router(indices_router, prefix="/api/v1")
    app.include_router(plans_router, prefix="/api/v1")
    app.include_router(docs_router)
    install_openapi(app)
