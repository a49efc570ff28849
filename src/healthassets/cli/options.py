"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from healthassets import settings
from healthassets.services.site import Engine

database_option = click.option(
    "--database",
    envvar="HEALTHASSETS_DATABASE_URL",
    default=None,
    help="Database URL (default: sqlite:///healthassets.db; env HEALTHASSETS_DATABASE_URL).",
)


def data_dir_option(help_text: str) -> Callable[[Any], Any]:
    """``--data-dir``: default ``HEALTHASSETS_DATA_DIR``, else the repository's ``data/``."""
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        callback=lambda _ctx, _param, value: settings.data_dir(value),
        help=f"{help_text} Default: $HEALTHASSETS_DATA_DIR, else the repository's data/.",
    )


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False)


def open_database(url: str | None, out: Console) -> Engine:
    """An engine for ``url``, migrated to the newest schema."""
    from healthassets.services.site import open_engine, upgrade

    engine = open_engine(url)
    upgrade(engine)
    return engine


def existing_store(url: str | None) -> Engine:
    """An engine on a database that has been loaded already (a missing one is a one-line error)."""
    from healthassets.services.site import existing_engine

    return existing_engine(url)


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
