from pathlib import Path

import pytest
from click.testing import CliRunner

from healthassets.cli import cli
from healthassets.services.accounts import authenticate
from healthassets.store.database import make_engine


def test_create_admin_reads_password_from_environment(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    result = CliRunner().invoke(
        cli,
        ["create-admin", "--database", url, "--email", "boss@example.org"],
        env={"HEALTHASSETS_ADMIN_PASSWORD": "a long enough secret"},
    )
    assert result.exit_code == 0, result.output
    account = authenticate(make_engine(url), "boss@example.org", "a long enough secret")
    assert account is not None and account.is_admin


@pytest.mark.parametrize("password", ["short"])
def test_create_admin_refuses_weak_password(tmp_path: Path, password: str) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    result = CliRunner().invoke(
        cli,
        ["create-admin", "--database", url, "--email", "boss@example.org"],
        input=f"{password}\n{password}\n",
        env={"HEALTHASSETS_ADMIN_PASSWORD": ""},
    )
    assert result.exit_code != 0
