"""``healthassets backup FILE`` / ``healthassets restore FILE``: the whole database to a file and back."""

from __future__ import annotations

from pathlib import Path

import click

from healthassets.cli.options import console, database_option


@click.command("backup")
@database_option
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def backup(database: str | None, file: Path, force: bool) -> None:
    """Back up the whole database into FILE while the site keeps serving.

    SQLite: a copy made with SQLite's online backup API (itself an SQLite database). PostgreSQL: a
    pg_dump custom-format archive (pg_dump from PATH or /usr/lib/postgresql/*/bin). The file appears
    only when the backup is complete.
    """
    from healthassets.services.backup import backup as run_backup
    from healthassets.services.site import existing_engine

    report = run_backup(existing_engine(database), file, force=force)
    console().print(
        f"Backed up {report.total_rows:,} rows of {len(report.rows)} tables to {file} ({report.kind})"
    )


@click.command("restore")
@database_option
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Replace a database that already holds data (everything in it is lost).",
)
def restore(database: str | None, file: Path, force: bool) -> None:
    """Restore a backup made by 'healthassets backup' into the database, then migrate it.

    A database that holds any data is refused unless --force is given. The backup must be of the
    same kind: an SQLite backup into SQLite, a PostgreSQL archive (pg_restore) into PostgreSQL.
    """
    from healthassets.services.backup import restore as run_restore
    from healthassets.services.site import open_engine

    report = run_restore(open_engine(database), file, force=force)
    console().print(
        f"Restored {report.total_rows:,} rows of {len(report.rows)} tables from {file} ({report.kind})"
    )
