"""The ``healthassets`` command line: a thin shell over the services.

Commands live one family per module (``calc.py``, ``data.py``, ``profile.py``) and are loaded
lazily so ``healthassets --help`` stays fast. Every deliberate error (HealthAssetsError) becomes a
one-line message on stderr and exit status 2 — never a traceback; a database that cannot be
reached (PostgreSQL down, SQLite locked) is one line and exit status 3 (docs/adr/0079).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from healthassets import __version__
from healthassets.errors import HealthAssetsError


def _load() -> click.Command:
    from healthassets.cli.data import load

    return load


def _import() -> click.Command:
    from healthassets.cli.data import import_

    return import_


def _export() -> click.Command:
    from healthassets.cli.data import export

    return export


def _profile() -> click.Command:
    from healthassets.cli.profile import profile

    return profile


def _calc() -> click.Command:
    from healthassets.cli.calc import calc

    return calc


def _serve() -> click.Command:
    from healthassets.cli.serve import serve

    return serve


def _assets() -> click.Command:
    from healthassets.cli.assets import assets

    return assets


def _create_admin() -> click.Command:
    from healthassets.cli.admin import create_admin

    return create_admin


def _index() -> click.Command:
    from healthassets.cli.index import index

    return index


def _survey() -> click.Command:
    from healthassets.cli.survey import survey

    return survey


def _sroi() -> click.Command:
    from healthassets.cli.sroi import sroi_command

    return sroi_command


def _backup() -> click.Command:
    from healthassets.cli.backup import backup

    return backup


def _restore() -> click.Command:
    from healthassets.cli.backup import restore

    return restore


def _openreferral() -> click.Command:
    from healthassets.cli.openreferral import openreferral

    return openreferral


# command name → a function importing its click command (explicit imports, loaded only when used)
COMMANDS: dict[str, Callable[[], click.Command]] = {
    "load": _load,
    "import": _import,
    "export": _export,
    "profile": _profile,
    "calc": _calc,
    "serve": _serve,
    "assets": _assets,
    "create-admin": _create_admin,
    "openreferral": _openreferral,
    "index": _index,
    "survey": _survey,
    "sroi": _sroi,
    "backup": _backup,
    "restore": _restore,
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported only when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            return COMMANDS[cmd_name]()
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="healthassets")
def cli() -> None:
    """healthassets — asset-based community health: indicators, profiles, statistics."""


def main(argv: list[str] | None = None) -> Any:
    """Entry point: run the CLI, turning deliberate errors into a clear message and exit 2."""
    try:
        return cli.main(args=argv, prog_name="healthassets", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as error:
        error.show()
        sys.exit(2 if error.exit_code == 2 else error.exit_code)
    except HealthAssetsError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
    except Exception as error:
        from healthassets.services.site import database_unavailable

        if not database_unavailable(error):
            raise  # a bug: its traceback
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        click.echo(f"error: cannot reach the database: {reason}", err=True)
        sys.exit(3)
