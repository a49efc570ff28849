"""``healthassets create-admin``: the first administrator (scriptable for tests and deployments)."""

from __future__ import annotations

import click

from healthassets import settings
from healthassets.cli.options import console, database_option, open_database

PASSWORD_VARIABLE = settings.ADMIN_PASSWORD_VARIABLE


@click.command("create-admin")
@database_option
@click.option("--email", required=True, help="The administrator's email address (their login).")
def create_admin(database: str | None, email: str) -> None:
    """Create an administrator account. The password is read from $HEALTHASSETS_ADMIN_PASSWORD, else
    asked for (twice, hidden). At least 15 characters, not a common or easily
    guessed one (NIST SP 800-63B; docs/adr/0074)."""
    from healthassets.assets.vocabulary import Role
    from healthassets.services.accounts import create_account

    password = settings.admin_password() or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    out = console()
    engine = open_database(database, out)
    account = create_account(engine, email, password, Role.ADMIN)
    out.print(f"Created administrator {account.email} (account {account.id}).")
