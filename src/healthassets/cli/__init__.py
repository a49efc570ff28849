"""The ``healthassets`` command line: a thin shell over the services.

Commands live one family per module (``calc.py``, ``data.py``, ``profile.py``) and are loaded
lazily so ``healthassets --help`` stays fast. Every deliberate error (HealthAssetsError) becomes a
one-line message on stderr and exit status 2 — never a traceback.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from typing import Any

import click

from healthassets import __version__
from healthassets.errors import HealthAssetsError

# command name → "module:attribute" of its click command
COMMANDS: dict[str, str] = {
    "load": "healthassets.cli.data:load",
    "import": "healthassets.cli.data:import_",
    "export": "healthassets.cli.data:export",
    "profile": "healthassets.cli.profile:profile",
    "calc": "healthassets.cli.calc:calc",
    "serve": "healthassets.cli.serve:serve",
    "assets": "healthassets.cli.assets:assets",
    "create-admin": "healthassets.cli.admin:create_admin",
    "openreferral": "healthassets.openreferral.cli:openreferral",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported only when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module_name, attribute = COMMANDS[cmd_name].split(":")
            if importlib.util.find_spec(module_name) is None:
                return None
            module = importlib.import_module(module_name)
            command: click.Command = getattr(module, attribute)
            return command
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
