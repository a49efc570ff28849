"""Saving assets in bulk (store/asset_saving.py): insert, re-import in place, soft-delete the missing."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select, update

from healthassets.assets.records import validate_assets
from healthassets.assets.search import AssetFilter
from healthassets.store.asset_saving import save_assets
from healthassets.store.assets import count_assets, list_assets
from healthassets.store.models import Asset, AssetDimension
from tests.store.asset_tables import save, table

pytestmark = pytest.mark.db


def test_reimport_keeps_ids_and_soft_deletes_missing(engine: Engine) -> None:
    save(engine, table(["A", "B", "C"]))
    before = dict(zip(*list_assets(engine, AssetFilter())[["source_id", "id"]].T.to_numpy(), strict=True))
    again = table(["A2", "B2"], dimensions=["built_environment", "built_environment"])
    report = save(engine, again)
    assert (report.inserted, report.updated, report.removed) == (0, 2, 1)
    after = list_assets(engine, AssetFilter())
    assert after["name"].tolist() == ["A2", "B2"]
    assert dict(zip(after["source_id"], after["id"], strict=True)) == {k: before[k] for k in ("id0", "id1")}
    assert set(after["dimensions"]) == {"built_environment"}
    assert count_assets(engine, AssetFilter(include_deleted=True)) == 3
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(AssetDimension)) == 2 + 2


def test_reimport_keeps_moderators_decisions(engine: Engine) -> None:
    save(engine, table(["A", "B"]))
    frame = list_assets(engine, AssetFilter())
    with engine.begin() as connection:
        connection.execute(update(Asset).where(Asset.id == frame["id"].iloc[0]).values(status="archived"))
        connection.execute(update(Asset).where(Asset.id == frame["id"].iloc[1]).values(deleted_at=func.now()))
    save(engine, table(["A again", "B again"]))
    every = list_assets(engine, AssetFilter(statuses=[], include_deleted=True))
    assert every["name"].tolist() == ["A again", "B again"]
    assert every["status"].tolist() == ["archived", "published"]
    assert every["deleted_at"].isna().tolist() == [True, False]


def test_other_sources_untouched(engine: Engine) -> None:
    save(engine, table(["A"], source="one"))
    save(engine, table(["B"], source="two"))
    assert count_assets(engine, AssetFilter()) == 2


def test_failed_save_writes_nothing(engine: Engine) -> None:
    assets = validate_assets(table(["A"]))
    with pytest.raises(RuntimeError), engine.begin() as connection:
        save_assets(connection, assets)
        raise RuntimeError("abort")
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Asset)) == 0
