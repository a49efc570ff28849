"""``healthassets serve``: the JSON API (and, later, the web pages) on a local port."""

from __future__ import annotations

import click

from healthassets.cli.options import console, database_option, open_database


@click.command("serve")
@database_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
def serve(database: str | None, host: str, port: int) -> None:
    """Serve the read-only JSON API at http://HOST:PORT/api/v1/ (OpenAPI at /openapi.json)."""
    import uvicorn

    from healthassets.app import create_app

    engine = open_database(database, console())
    # proxy_headers off: uvicorn would otherwise believe X-Forwarded-For from any local client; the
    # site reads it itself, only from HEALTHASSETS_TRUSTED_PROXIES (web.security.client_key)
    uvicorn.run(create_app(engine), host=host, port=port, log_level="info", proxy_headers=False)
