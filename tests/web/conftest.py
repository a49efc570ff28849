"""Fixtures of the web tests: a fresh database holding the bundled geography, fast — on SQLite a
copy of one template file per test (tests/conftest.py's ``geography_template``: loading the geography
takes seconds), on PostgreSQL a real load — and the site over it with accounts of every role."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from healthassets.app import create_app
from healthassets.assets.vocabulary import Role
from healthassets.services.accounts import create_account
from healthassets.store.database import make_engine
from tests.web.helpers import DATA, PASSWORD


@pytest.fixture
def geography_engine(
    geography_template: Path | None, postgres_url: str | None, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Engine]:
    if geography_template is None:
        engine: Engine = request.getfixturevalue("loaded_geography")
        yield engine
        return
    copy = tmp_path / "site.db"
    shutil.copy(geography_template, copy)
    engine = make_engine(f"sqlite:///{copy}")
    yield engine
    engine.dispose()


@pytest.fixture
def register(geography_engine: Engine) -> Iterator[TestClient]:
    """The site over a register with a moderator, two contributors and an admin; rate limits reset."""
    from healthassets.web.routes.accounts import LOGINS
    from healthassets.web.routes.contribute import SUBMISSIONS

    LOGINS.reset(geography_engine)
    SUBMISSIONS.reset(geography_engine)
    for email, role in (
        ("mod@example.org", Role.MODERATOR),
        ("ann@example.org", Role.CONTRIBUTOR),
        ("bob@example.org", Role.CONTRIBUTOR),
        ("admin@example.org", Role.ADMIN),
    ):
        create_account(geography_engine, email, PASSWORD, role)
    app = create_app(geography_engine, DATA, secret_key="test secret")
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.asset_refresher.wait(120)
