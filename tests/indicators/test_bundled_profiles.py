"""The bundled profiles' content: the Health assets profile (PHW's three dimensions) and the Needs
profile list only indicators the load creates, each placed where indicators.csv says."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine

from healthassets.assets.area_measures import access_id, count_id
from healthassets.indicators.profile_definitions import bundled_profiles
from healthassets.io.ons_indicators import read_indicator_table
from healthassets.store.indicators import indicator_ids
from tests.conftest import DATA, REPO

PROFILES = REPO / "src" / "healthassets" / "indicators" / "profiles"
#: the asset register's measures (written by the assets step, which the shared test database skips)
REGISTER = {count_id(0), count_id(0, rate=True), access_id(0, 0), access_id(0, 1), access_id(0, 2)}
REGISTER |= {m for g in (18, 19, 20, 21) for m in (count_id(g), count_id(g, rate=True), access_id(g, 0))}


def _raw(name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((PROFILES / name).read_text(encoding="utf-8"))


def test_the_health_assets_profile_follows_phws_three_dimensions() -> None:
    raw = _raw("health-assets.json")
    assert (raw["slug"], raw["name"]) == ("health-assets", "Health assets profile")
    assert [d["key"] for d in raw["domains"]] == ["individual", "community", "structural"]
    table = read_indicator_table(DATA / "ons_local" / "indicators.csv")
    for domain in raw["domains"]:
        for item in domain["indicators"]:
            assert len(item["placement"]) > 10, item
            if item["id"] in table.index:
                assert table.loc[item["id"], "phw_dimension"] == domain["key"], item
    listed = {i["id"] for d in raw["domains"] for i in d["indicators"]}
    assert listed >= REGISTER
    protective = set(
        table.index[(table["phw_dimension"] != "needs") & (table["benchmark_method"] != "No comparison")]
    )
    assert protective <= listed
    needs = {i["id"] for d in _raw("needs.json")["domains"] for i in d["indicators"]}
    assert set(table.index[table["phw_dimension"] == "needs"]) <= needs
    assert not listed & needs


@pytest.mark.db
def test_every_profile_indicator_is_one_the_load_creates(loaded_engine: Engine) -> None:
    loaded = set(indicator_ids(loaded_engine))
    for name in ("health-assets.json", "needs.json"):
        ids = {i["id"] for d in _raw(name)["domains"] for i in d["indicators"]}
        assert ids - loaded - REGISTER == set(), name
    parsed = {p.slug: p for p in bundled_profiles()}
    assert parsed["needs"].domains[0].indicators[:2] == (93701, 93553)


def test_descriptions_speak_to_readers_not_developers() -> None:
    """Found at 320 px: the description told public readers to edit a source file, and its path
    widened the page."""
    for profile in bundled_profiles():
        texts = [profile.description, *(d.description for d in profile.domains)]
        assert not any("src/" in text or "healthassets load" in text for text in texts), profile.slug
