"""Shared fixtures. Database fixtures live in tests/store/conftest.py and tests/db_fixtures.py."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PHE_TESTDATA = REPO / "tests" / "data" / "phe"
DATA = REPO / "data"


@pytest.fixture(scope="session")
def phe_testdata() -> Path:
    """Reference outputs of PHEindicatormethods (copied from shared/phe_testdata)."""
    return PHE_TESTDATA
