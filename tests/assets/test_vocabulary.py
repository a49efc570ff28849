from __future__ import annotations

import pytest

from healthassets.assets.vocabulary import (
    LABELS,
    TRANSITIONS,
    AssetType,
    Dimension,
    FiveWays,
    Role,
    Status,
    can_transition,
    parse_terms,
)


def test_every_term_has_a_label() -> None:
    for kind in (AssetType, Dimension, FiveWays, Status, Role):
        for term in kind:
            assert LABELS[term].strip()


def test_six_types_six_dimensions_five_ways() -> None:
    assert len(AssetType) == 6 and len(Dimension) == 6 and len(FiveWays) == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("be_active; connect", [FiveWays.BE_ACTIVE, FiveWays.CONNECT]),
        ("Be active, TAKE NOTICE", [FiveWays.BE_ACTIVE, FiveWays.TAKE_NOTICE]),
        (["keep learning", "give", "give"], [FiveWays.KEEP_LEARNING, FiveWays.GIVE]),
        ("", []),
        (None, []),
    ],
)
def test_parse_terms(text: str | list[str] | None, expected: list[FiveWays]) -> None:
    assert parse_terms(FiveWays, text) == expected


def test_parse_terms_accepts_labels_with_ampersand() -> None:
    assert parse_terms(Dimension, "Lifestyle & activities") == [Dimension.LIFESTYLE_ACTIVITIES]


def test_unknown_term_names_it() -> None:
    with pytest.raises(ValueError, match="'swim'"):
        parse_terms(FiveWays, "connect; swim")


def test_moderation_paths() -> None:
    assert can_transition(Status.SUBMITTED, Status.PUBLISHED)
    assert can_transition(Status.SUBMITTED, Status.REJECTED)
    assert not can_transition(Status.DRAFT, Status.PUBLISHED)
    assert not can_transition(Status.REJECTED, Status.PUBLISHED)
    assert set(TRANSITIONS) == set(Status)
