"""Use cases: back up the whole database to a file and restore it (docs/adr/0078).

``backup`` writes an SQLite copy (SQLite) or a ``pg_dump`` custom-format archive (PostgreSQL);
``restore`` takes the same kind back into the same kind of database, refusing to overwrite a
database that holds data unless forced, then migrates it to the newest schema (a backup of an
older release is usable).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from healthassets.errors import InputError
from healthassets.store import Engine
from healthassets.store import backup as store
from healthassets.store.database import upgrade

__all__ = ["BackupReport", "backup", "restore"]


@dataclass(frozen=True)
class BackupReport:
    """What was backed up or restored: the file, its kind and the rows of each table."""

    path: Path
    kind: str
    rows: dict[str, int]

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _kind(engine: Engine) -> str:
    name = engine.dialect.name
    if name not in {"sqlite", "postgresql"}:
        raise InputError(f"backups of {name} databases are not supported (SQLite and PostgreSQL are)")
    return name


def backup(engine: Engine, path: Path, *, force: bool = False) -> BackupReport:
    """Back the database up into ``path`` (an existing file is replaced only with ``force``)."""
    kind = _kind(engine)
    path = Path(path)
    if path.is_dir():
        raise InputError("is a folder; give the backup file's name", file=str(path))
    if path.exists() and not force:
        raise InputError("the file exists already; pass --force to replace it", file=str(path))
    if not path.parent.is_dir():
        raise InputError("its folder does not exist", file=str(path))
    rows = store.row_counts(engine)
    if not rows:
        raise InputError("the database holds no healthassets schema; run 'healthassets load' first")
    if kind == "sqlite":
        store.backup_sqlite(engine, path)
    else:
        store.backup_postgres(engine, path)
    return BackupReport(path, kind, rows)


def restore(engine: Engine, path: Path, *, force: bool = False) -> BackupReport:
    """Restore the backup at ``path`` into the database; one that holds data is replaced only with
    ``force``. A backup of the other kind of database is an error naming both."""
    kind = _kind(engine)
    path = Path(path)
    found = store.backup_kind(path)
    if found != kind:
        raise InputError(
            f"a {_label(found)} backup cannot be restored into a {_label(kind)} database", file=str(path)
        )
    held = {table: n for table, n in store.row_counts(engine).items() if n and table != "alembic_version"}
    if held and not force:
        biggest = ", ".join(f"{n:,} rows in {t}" for t, n in sorted(held.items(), key=lambda kv: -kv[1])[:3])
        raise InputError(f"the database is not empty ({biggest}); pass --force to replace everything in it")
    if kind == "sqlite":
        store.restore_sqlite(engine, path)
    else:
        store.check_postgres_backup(path)
        store.drop_postgres_tables(engine)
        store.restore_postgres(engine, path)
    upgrade(engine)
    return BackupReport(path, kind, store.row_counts(engine))


def _label(kind: str) -> str:
    return "PostgreSQL" if kind == "postgresql" else "SQLite"
