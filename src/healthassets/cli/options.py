"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine

database_option = click.option(
    "--database",
    envvar="HEALTHASSETS_DATABASE_URL",
    default=None,
    help="Database URL (default: sqlite:///healthassets.db; env HEALTHASSETS_DATABASE_URL).",
)


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False)


def open_database(url: str | None, out: Console, *, migrate: bool = True) -> Engine:
    """An engine for ``url``, migrated to the newest schema."""
    from healthassets.store.database import database_url, make_engine, upgrade

    engine = make_engine(database_url(url))
    if migrate:
        upgrade(engine)
    return engine


@contextmanager
def progress_bar(out: Console, label: str, total: int) -> Iterator[Callable[[int], Any]]:
    """A rich progress bar; yields ``advance(n)``. Hidden when output is not a terminal."""
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=not out.is_terminal,
    ) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.advance(task, n)
