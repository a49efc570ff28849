from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from healthassets.api import create_app


@pytest.fixture(scope="session")
def site(loaded_engine: Engine) -> Iterator[TestClient]:
    """The web site over the real bundled data (read-only)."""
    with TestClient(create_app(loaded_engine), raise_server_exceptions=False) as client:
        yield client
