"""``/api/docs`` works offline: Swagger UI from this site's static files (built by ``make static``)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from healthassets.app import create_app
from healthassets.web.pages import STATIC_DIR


def test_docs_load_only_local_files(engine: Engine) -> None:
    # a migrated database: the API's rate limit, which covers /api/docs, is counted there (ADR 0076)
    client = TestClient(create_app(engine, secret_key="docs"))
    page = client.get("/api/docs")
    assert page.status_code == 200 and "swagger-ui" in page.text
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert urls and all(url.startswith("/static/") for url in urls), urls
    assert "//" not in page.text.replace("<!doctype html>", "")
    for url in urls:
        assert (STATIC_DIR / url.removeprefix("/static/")).is_file(), f"{url}: run make static"
        assert client.get(url).status_code == 200
