"""The OpenAPI document of the JSON API and the Open Referral feed, with every error described.

FastAPI documents only the success body and a 422 for validation errors. This API answers every
bad parameter with a 400 (see :func:`healthassets.app.create_app`), so the 422 is replaced by the
errors the operations really give, each with the :class:`~healthassets.api.models.ErrorBody` schema:
400 (a parameter breaks its schema), 404 (nothing with that code or id, or no such listing in the
data), 405 (another method; the ``Allow`` header lists the right ones) and 429 (the API's rate
limit; ``Retry-After`` says when to try again).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from healthassets.api.models import ErrorBody

DOCUMENTED_PREFIXES = ("/api/v1/", "/openreferral")
ERROR_REF = {"$ref": "#/components/schemas/ErrorBody"}


def _error(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    content = {"application/json": {"schema": ERROR_REF}}
    response: dict[str, Any] = {"description": description, "content": content}
    if headers:
        response["headers"] = headers
    return response


ERRORS: dict[str, dict[str, Any]] = {
    "400": _error("A parameter is missing or breaks its schema (the error names it)"),
    "404": _error("No area, indicator or record has that code or id, or the data holds no such listing"),
    "405": _error(
        "The path exists but not for this method",
        {
            "Allow": {
                "description": "The methods the path accepts",
                "required": True,
                "schema": {"type": "string"},
            }
        },
    ),
    "429": _error(
        "Too many requests from this client address: slow down",
        {
            "Retry-After": {
                "description": "Seconds to wait before the next request",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
            }
        },
    ),
}


def describe_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with the errors above on every API operation (400 only where there are
    parameters, 404 where a parameter names something) and no 422 or validation-error schemas."""
    for path, operations in schema.get("paths", {}).items():
        if not path.startswith(DOCUMENTED_PREFIXES):
            continue
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            parameters = operation.get("parameters", [])
            wanted = ["405", "429"]
            if parameters:
                wanted = ["400", "404", *wanted]
            for status in wanted:
                responses.setdefault(status, ERRORS[status])
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    components["ErrorBody"] = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(components["ErrorBody"].pop("$defs", {}))
    return schema


def install_openapi(app: FastAPI) -> None:
    """Serve :func:`describe_errors`' document at ``app.openapi_url`` (built once, on first use)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = describe_errors(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
