"""``healthassets serve``: the web site, the JSON API and the Open Referral UK feed on a port, in one
process or in ``--workers N`` (docs/adr/0076)."""

from __future__ import annotations

import os

import click

from healthassets.cli.options import console, database_option, open_database
from healthassets.errors import InputError

#: what each worker process builds: the application factory, reading the database from the environment
APP_FACTORY = "healthassets.app:create_app"


def check_workers(url: str, workers: int) -> None:
    """Refuse more than one worker on a database only one process can see (SQLite in memory). An
    SQLite file serves several workers on one machine (its locks serialise writers); more than one
    machine needs PostgreSQL."""
    if workers < 1:
        raise InputError(f"--workers must be 1 or more, not {workers}", column="--workers")
    in_memory = url.startswith("sqlite") and (url.rstrip("/") == "sqlite:" or ":memory:" in url)
    if workers > 1 and in_memory:
        raise InputError(
            "--workers above 1 needs a database every worker can open: an SQLite file or PostgreSQL, "
            "not an in-memory SQLite database",
            column="--database",
        )


@click.command("serve")
@database_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=int,
    help="Web processes to run. Every one is stateless — sessions, CSRF, rate limits, cache "
    "invalidation, photos and background-job leases live in the database — so several workers, "
    "and several machines behind a load balancer, serve the same site. With SQLite the workers "
    "must share one machine; across machines use PostgreSQL (HEALTHASSETS_DATABASE_URL).",
)
def serve(database: str | None, host: str, port: int, workers: int) -> None:
    """Serve the web site at http://HOST:PORT/, the JSON API at /api/v1/ (OpenAPI at /openapi.json)
    and the Open Referral UK feed at /openreferral/."""
    import uvicorn

    from healthassets.app import create_app

    engine = open_database(database, console())  # migrated once, before any worker starts
    url = engine.url.render_as_string(hide_password=False)
    check_workers(url, workers)
    # proxy_headers off: uvicorn would otherwise believe X-Forwarded-For from any local client; the
    # site reads it itself, only from HEALTHASSETS_TRUSTED_PROXIES (web.security.client_key)
    if workers == 1:
        uvicorn.run(create_app(engine), host=host, port=port, log_level="info", proxy_headers=False)
        return
    engine.dispose()
    os.environ["HEALTHASSETS_DATABASE_URL"] = url  # each worker's create_app() opens the same database
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="info",
        proxy_headers=False,
    )
