"""The profiles repository: definitions written over earlier copies (or in place of every stored
profile), unknown indicators left out, domain keys and placements kept."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from healthassets.indicators.profile_definitions import DomainDefinition, ProfileDefinition, ProfileIndicator
from healthassets.store.indicators import add_missing_indicators
from healthassets.store.profiles import domain_indicators, list_profiles, profile_entries, write_profiles

pytestmark = pytest.mark.db


def definition(name: str, *domains: tuple[str, tuple[int, ...]], slug: str = "demo") -> ProfileDefinition:
    return ProfileDefinition(
        slug,
        name,
        "",
        tuple(
            DomainDefinition(
                d.lower(), d, "", tuple(ProfileIndicator(i, f"why {i}" if i % 2 else "") for i in ids)
            )
            for d, ids in domains
        ),
    )


def test_profiles_replace_earlier_copies_and_skip_unknown_indicators(engine: Engine) -> None:
    add_missing_indicators(engine, {1: "One", 2: "Two", 3: "Three"}, "test")
    write_profiles(engine, [definition("First", ("A", (1, 2)))])
    write_profiles(engine, [definition("Demo", ("B", (3, 99, 3)), ("A", (2, 1)))])
    assert list_profiles(engine) == [("demo", "Demo")]
    assert domain_indicators(engine, "demo") == [("B", 3), ("A", 2), ("A", 1)]
    assert domain_indicators(engine, "nothing") == []
    entries = profile_entries(engine, "demo")
    assert entries["domain_key"].tolist() == ["b", "a", "a"]
    assert entries["placement"].fillna("").tolist() == ["why 3", "", "why 1"]


def test_writing_only_the_given_profiles_removes_the_others(engine: Engine) -> None:
    add_missing_indicators(engine, {1: "One"}, "test")
    write_profiles(engine, [definition("Old", ("A", (1,)), slug="old"), definition("Kept", ("A", (1,)))])
    write_profiles(engine, [definition("Demo", ("A", (1,)), ("Empty", (99,)))], only=True)
    assert list_profiles(engine) == [("demo", "Demo")]
    entries = profile_entries(engine, "demo")
    assert entries["domain_key"].tolist() == ["a", "empty"]  # a domain of unknown indicators stays, empty
    assert entries["indicator_id"].isna().tolist() == [False, True]
