"""Settings read from the environment: the API's rate limit."""

from __future__ import annotations

import pytest

from healthassets import settings
from healthassets.errors import InputError


def test_api_rate_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HEALTHASSETS_API_RATE_LIMIT", raising=False)
    assert settings.api_rate_limit() == 300
    monkeypatch.setenv("HEALTHASSETS_API_RATE_LIMIT", "0")
    assert settings.api_rate_limit() == 0
    monkeypatch.setenv("HEALTHASSETS_API_RATE_LIMIT", "lots")
    with pytest.raises(InputError, match="HEALTHASSETS_API_RATE_LIMIT"):
        settings.api_rate_limit()
