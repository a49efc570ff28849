"""Querying asset records (store/assets.py): filters, counts, links, located assets."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from healthassets.assets.search import AssetFilter
from healthassets.store.assets import count_assets, list_assets, located_assets, status_history
from healthassets.store.models import AuditEntry
from tests.store.asset_tables import save, table

pytestmark = pytest.mark.db


def test_save_and_list(engine: Engine) -> None:
    report = save(engine, table(["Park", "Library", "Pool"], five_ways=["give", "", "be_active"]))
    assert (report.inserted, report.updated, report.removed) == (3, 0, 0)
    frame = list_assets(engine, AssetFilter())
    assert frame["name"].tolist() == ["Library", "Park", "Pool"]
    assert frame["dimensions"].iloc[0] == "lifestyle_activities;natural_environment"
    assert count_assets(engine, AssetFilter(five_ways=["be_active"])) == 1
    assert count_assets(engine, AssetFilter(text="LIB")) == 1
    assert count_assets(engine, AssetFilter(text="%")) == 0
    assert count_assets(engine, AssetFilter(bbox=(-2.4, 53.405, -2.2, 53.5))) == 2
    with engine.connect() as connection:
        first = status_history(connection, frame["id"].iloc[0])
        assert first[0]["to_status"] == "published" and first[0]["from_status"] is None
        assert connection.scalar(select(func.count()).select_from(AuditEntry)) == 1


def test_located_assets_only_published_and_live(engine: Engine) -> None:
    save(engine, table(["A", "B"], status=["published", "submitted"]))
    assets, dims, ways = located_assets(engine)
    assert assets["id"].tolist() == dims["asset_id"].unique().tolist()
    assert len(assets) == 1 and ways.empty


def test_people_filter(engine: Engine) -> None:
    save(
        engine,
        table(
            ["Park", "Ann's stories", "Bo's skills"],
            asset_type=["physical", "association", "individual"],
            is_person=["no", "yes", "no"],
            consent_recorded_at=["", "2026-01-01", ""],
        ),
    )
    names = {
        people: list_assets(engine, AssetFilter(people=people))["name"].tolist()
        for people in ("any", "none", "only")
    }
    assert names == {
        "any": ["Ann's stories", "Bo's skills", "Park"],
        "none": ["Park"],
        "only": ["Ann's stories", "Bo's skills"],
    }
