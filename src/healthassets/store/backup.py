"""Backing up and restoring the whole database (docs/adr/0078).

SQLite: the sqlite3 online backup API, page by page, so a backup is a consistent snapshot taken
while the site keeps serving (and a restore writes into the live file under SQLite's own locks).
PostgreSQL: the server's own tools, ``pg_dump --format=custom`` and ``pg_restore``, found on PATH or
under ``/usr/lib/postgresql/*/bin`` (the newest first). A backup is written beside its target and
renamed into place, so a failed or killed backup never leaves a partial file under the name asked for.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3

# pg_dump / pg_restore: arguments as a list, never a shell
import subprocess  # nosec B404
from pathlib import Path

from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from healthassets.errors import InputError
from healthassets.store.models import Base

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
#: pages copied per step of an SQLite backup (others may write between steps)
PAGES_PER_STEP = 4096


def backup_kind(path: Path) -> str:
    """'sqlite' or 'postgresql': what kind of backup ``path`` is, read from its first bytes."""
    if not path.is_file():
        raise InputError("file not found", file=str(path))
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if head.startswith(SQLITE_HEADER):
        return "sqlite"
    if head.startswith(PG_DUMP_HEADER):
        return "postgresql"
    raise InputError(
        "not a healthassets backup (neither an SQLite database nor a pg_dump custom-format archive)",
        file=str(path),
    )


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in each of the schema's tables that exist in the database (none: an empty database)."""
    present = set(inspect(engine).get_table_names())
    counts = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in present:
                counts[table.name] = int(
                    connection.execute(select(func.count()).select_from(table)).scalar_one()
                )
    return counts


def sqlite_file(engine: Engine) -> Path:
    """The file of an SQLite engine (an in-memory database cannot be backed up or restored)."""
    name = engine.url.database
    if not name or name == ":memory:":
        raise InputError("an in-memory SQLite database has no file to back up or restore")
    return Path(name)


def _partial(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial")


def backup_sqlite(engine: Engine, target: Path) -> None:
    """Copy the live SQLite database into ``target`` (online: readers and writers carry on)."""
    source_path = sqlite_file(engine)
    partial = _partial(target)
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(source_path, timeout=30)
    destination = sqlite3.connect(partial)
    try:
        source.backup(destination, pages=PAGES_PER_STEP)
        destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        destination.close()
        source.close()
    os.replace(partial, target)


def check_sqlite_backup(path: Path) -> None:
    """``path`` is an intact SQLite database holding a healthassets schema."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise InputError("the backup is damaged (SQLite's quick_check failed)", file=str(path))
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as error:
        raise InputError(f"the backup cannot be read: {error}", file=str(path)) from error
    finally:
        connection.close()
    if "alembic_version" not in tables:
        raise InputError("an SQLite database, but not a healthassets one", file=str(path))


def restore_sqlite(engine: Engine, source_path: Path) -> None:
    """Replace the engine's SQLite database with the backup at ``source_path``, in one step of the
    backup API (a reader sees the old database or the new one, never a mixture)."""
    check_sqlite_backup(source_path)
    engine.dispose()  # no pooled connection keeps the old pages
    target = sqlite_file(engine)
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    destination = sqlite3.connect(target, timeout=30)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()


def postgres_tool(name: str) -> str:
    """The path of ``pg_dump`` or ``pg_restore``: on PATH, else the newest under /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise InputError(f"{name} not found: install PostgreSQL's client tools (Debian: postgresql-client)")
    return candidates[-1]


def libpq_url(engine: Engine) -> str:
    """The engine's URL as libpq reads it (no SQLAlchemy driver name)."""
    return make_url(engine.url).set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # nosec B603
    if done.returncode != 0:
        message = (done.stderr or done.stdout).strip().splitlines()
        raise InputError(f"{what} failed: {message[-1] if message else f'exit status {done.returncode}'}")


def backup_postgres(engine: Engine, target: Path) -> None:
    """``pg_dump --format=custom`` of the engine's database into ``target`` (a consistent snapshot)."""
    partial = _partial(target)
    partial.unlink(missing_ok=True)
    command = [postgres_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
    _run([*command, f"--file={partial}", f"--dbname={libpq_url(engine)}"], "pg_dump")
    os.replace(partial, target)


def drop_postgres_tables(engine: Engine) -> None:
    """Drop every table of the current schema (what a forced restore replaces)."""
    names = inspect(engine).get_table_names()
    if names:
        with engine.begin() as connection:
            quoted = ", ".join(f'"{name}"' for name in names)
            connection.execute(text(f"DROP TABLE IF EXISTS {quoted} CASCADE"))


def check_postgres_backup(path: Path) -> None:
    """``path`` is an archive ``pg_restore`` can read (its table of contents), before anything is dropped."""
    _run([postgres_tool("pg_restore"), "--list", str(path)], "reading the archive")


def restore_postgres(engine: Engine, source_path: Path) -> None:
    """``pg_restore`` the archive into the engine's (emptied) database, in one transaction."""
    engine.dispose()
    command = [postgres_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction"]
    _run([*command, "--exit-on-error", f"--dbname={libpq_url(engine)}", str(source_path)], "pg_restore")
