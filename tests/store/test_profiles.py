"""The profiles repository: definitions written over earlier copies, unknown indicators left out."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from healthassets.indicators.profile_definitions import DomainDefinition, ProfileDefinition
from healthassets.store.indicators import add_missing_indicators
from healthassets.store.profiles import domain_indicators, list_profiles, write_profiles

pytestmark = pytest.mark.db


def definition(name: str, *domains: tuple[str, tuple[int, ...]]) -> ProfileDefinition:
    return ProfileDefinition("demo", name, "", tuple(DomainDefinition(d, "", ids) for d, ids in domains))


def test_profiles_replace_earlier_copies_and_skip_unknown_indicators(engine: Engine) -> None:
    add_missing_indicators(engine, {1: "One", 2: "Two", 3: "Three"}, "test")
    write_profiles(engine, [definition("First", ("A", (1, 2)))])
    write_profiles(engine, [definition("Demo", ("B", (3, 99, 3)), ("A", (2, 1)))])
    assert list_profiles(engine) == [("demo", "Demo")]
    assert domain_indicators(engine, "demo") == [("B", 3), ("A", 2), ("A", 1)]
    assert domain_indicators(engine, "nothing") == []
