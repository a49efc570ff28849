"""Profile definition files: both forms of indicator, every bundled file valid, bad files refused with
the file, the place in it and the reason (docs/adr/0054)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from healthassets.errors import InputError
from healthassets.indicators.profile_definitions import (
    RETIRED_PROFILES,
    bundled_profiles,
    parse_profile,
    read_profiles,
    successor,
)


def profile(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "slug": "health-assets",
        "name": "Health assets",
        "description": "Protective factors.",
        "domains": [
            {"key": "individual", "name": "Individual assets", "indicators": [93015, {"id": 9200001}]},
            {
                "key": "community",
                "name": "Community assets",
                "description": "What people share.",
                "indicators": [{"id": 9200002, "placement": "Volunteering is people giving time."}],
            },
        ],
    }
    raw.update(changes)
    return raw


def one(indicators: list[Any], more: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A change giving the profile one domain 'a' of ``indicators`` (and ``more`` domains)."""
    return {"domains": [{"key": "a", "name": "A", "indicators": indicators}, *(more or [])]}


def test_indicators_may_be_ids_or_objects_with_a_placement() -> None:
    parsed = parse_profile(profile(), "health-assets.json")
    assert [d.key for d in parsed.domains] == ["individual", "community"]
    assert parsed.domains[0].indicators == (93015, 9200001)
    assert [e.placement for e in parsed.domains[0].entries] == ["", ""]
    assert parsed.domains[1].entries[0].placement == "Volunteering is people giving time."
    assert parsed.domains[1].description == "What people share." and parsed.domains[0].description == ""


@pytest.mark.parametrize(
    ("change", "where", "reason"),
    [
        ({"slug": "Health Assets"}, "slug", "lower-case words"),
        ({"slug": "health-assets-demo"}, "slug", "is retired"),
        ({"name": ""}, "name", "non-empty text"),
        ({"domains": []}, "domains", "at least one domain"),
        ({"domains": [{"name": "No key", "indicators": []}]}, "domains[0].key", "non-empty text"),
        (one([1, "2"]), "domains[0].indicators[1]", "'2'"),
        (one([{"id": 0}]), "domains[0].indicators[0].id", "positive"),
        (one([{"id": 5, "why": "x"}]), "domains[0].indicators[0]", "'why'"),
        (one([{"id": 5, "placement": 3}]), "domains[0].indicators[0].placement", "text"),
        (one([5, {"id": 5}]), "domains[0].indicators", "listed twice"),
        (one([], [{"key": "a", "name": "B", "indicators": []}]), "domains", "used twice"),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_naming_the_file_the_place_and_the_reason(
    change: dict[str, Any], where: str, reason: str
) -> None:
    with pytest.raises(InputError) as raised:
        parse_profile(profile(**change), "broken.json")
    assert raised.value.file == "broken.json" and raised.value.column == where
    assert reason in raised.value.reason
    assert str(raised.value).startswith(f"broken.json, column '{where}': ")


def test_invalid_json_and_a_slug_given_twice_are_refused() -> None:
    with pytest.raises(InputError, match=r"^broken.json: not valid JSON: .*line 1"):
        read_profiles([("broken.json", '{"slug": ')])
    text = json.dumps(profile())
    with pytest.raises(InputError, match=r"^b.json: slug 'health-assets' is also the slug of a.json"):
        read_profiles([("a.json", text), ("b.json", text)])


def test_every_bundled_file_parses_and_the_retired_slug_has_a_successor() -> None:
    bundled = {p.slug: p for p in bundled_profiles()}
    assert {"health-assets", "needs"} <= set(bundled)
    assert [d.key for d in bundled["health-assets"].domains] == ["individual", "community", "structural"]
    for old, new in RETIRED_PROFILES.items():
        assert successor(old) == new and new in bundled and old not in bundled
    assert successor("health-assets") is None and successor(None) is None
