"""``/api/docs``: the API's documentation (Swagger UI) served from this site's own static files,
so it works offline — FastAPI's default page loads Swagger UI from a CDN.

``make static`` copies ``swagger-ui-dist`` (npm) into ``static/vendor/swagger-ui``;
``static/js/api-docs.js`` starts it on ``/openapi.json``.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>healthassets API</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi-url="/openapi.json"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/js/api-docs.js"></script>
</body>
</html>
"""


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs() -> HTMLResponse:
    return HTMLResponse(DOCS_PAGE)
