"""Every path and environment variable healthassets reads, in one place (the README lists them).

| variable | meaning | default |
|---|---|---|
| ``HEALTHASSETS_DATA_DIR`` | the bundled data directory | the repository's ``data/`` |
| ``HEALTHASSETS_DATABASE_URL`` | the database (SQLAlchemy URL) | SQLite file, see below |
| ``HEALTHASSETS_DATABASE_PATH`` | the SQLite file when no URL is set | ``healthassets.db`` |
| ``HEALTHASSETS_SECRET_KEY`` | signs session cookies | a random key kept in the database |
| ``HEALTHASSETS_SECURE_COOKIES`` | ``1``: cookies only over HTTPS | off |
| ``HEALTHASSETS_ADMIN_PASSWORD`` | ``create-admin``'s password | asked for |
| ``HEALTHASSETS_TRUSTED_PROXIES`` | comma-separated proxy addresses whose ``X-Forwarded-For`` counts | none |
| ``HEALTHASSETS_API_RATE_LIMIT`` | API requests per minute per client address (``0``: no limit) | 300 |


| ``HEALTHASSETS_BENCH_UNCACHED`` | ``1``: honour ``X-Healthassets-Uncached: 1`` (no cached response) | off |

Functions, not constants: tests and deployments change the environment after import.
"""

from __future__ import annotations

import os
from pathlib import Path

from healthassets.errors import InputError

REPOSITORY_DATA = Path(__file__).resolve().parents[2] / "data"
DEFAULT_DATABASE_PATH = "healthassets.db"
#: where versions before ADR 0076 kept the session key (read once into the database, if present)
SECRET_FILE = Path(".healthassets-secret")
ADMIN_PASSWORD_VARIABLE = "HEALTHASSETS_ADMIN_PASSWORD"


def data_dir(explicit: str | Path | None = None) -> Path:
    """The bundled data: ``explicit``, else ``HEALTHASSETS_DATA_DIR``, else the repository's ``data/``.
    A missing directory is an error naming the variable (an installed wheel has no ``data/``)."""
    chosen = Path(explicit or os.environ.get("HEALTHASSETS_DATA_DIR") or REPOSITORY_DATA)
    if not chosen.is_dir():
        raise InputError(
            f"the data directory {chosen} does not exist: set HEALTHASSETS_DATA_DIR to the folder "
            "holding healthassets' bundled data (the repository's data/)"
        )
    return chosen


def database_url(explicit: str | None = None, *, default_path: str | Path | None = None) -> str:
    """``explicit``, else ``HEALTHASSETS_DATABASE_URL``, else an SQLite file: ``default_path``, else
    ``HEALTHASSETS_DATABASE_PATH``, else ``healthassets.db`` in the current directory."""
    if explicit:
        return explicit
    if os.environ.get("HEALTHASSETS_DATABASE_URL"):
        return os.environ["HEALTHASSETS_DATABASE_URL"]
    path = default_path or os.environ.get("HEALTHASSETS_DATABASE_PATH") or DEFAULT_DATABASE_PATH
    return f"sqlite:///{path}"


def configured_secret_key() -> str | None:
    return os.environ.get("HEALTHASSETS_SECRET_KEY") or None


def secure_cookies() -> bool:
    return os.environ.get("HEALTHASSETS_SECURE_COOKIES") == "1"


def admin_password() -> str | None:
    return os.environ.get(ADMIN_PASSWORD_VARIABLE) or None


def trusted_proxies() -> frozenset[str]:
    """Addresses of reverse proxies whose ``X-Forwarded-For`` header is believed (none by default)."""
    raw = os.environ.get("HEALTHASSETS_TRUSTED_PROXIES", "")
    return frozenset(part.strip() for part in raw.split(",") if part.strip())


def api_rate_limit() -> int:
    """Requests per minute the JSON API answers per client address (0: unlimited)."""
    raw = os.environ.get("HEALTHASSETS_API_RATE_LIMIT", "300").strip()
    if not raw.isdigit():
        raise InputError(f"HEALTHASSETS_API_RATE_LIMIT must be a whole number of requests, not {raw!r}")
    return int(raw)


#: the request header that asks for an uncached response, honoured only with HEALTHASSETS_BENCH_UNCACHED=1
UNCACHED_HEADER = "x-healthassets-uncached"


def uncached_requests_allowed() -> bool:
    """True when the server honours :data:`UNCACHED_HEADER` (bench/page_bench.py sets it; off for
    visitors, who could otherwise make every request pay the uncached cost)."""
    return os.environ.get("HEALTHASSETS_BENCH_UNCACHED") == "1"
