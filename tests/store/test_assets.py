"""Saving and querying assets (store/assets.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select, update

from healthassets.assets.records import validate_assets
from healthassets.assets.search import AssetFilter
from healthassets.store.asset_saving import save_assets
from healthassets.store.assets import count_assets, list_assets, located_assets, status_history
from healthassets.store.models import Asset, AssetDimension, AuditEntry

pytestmark = pytest.mark.db


def _table(names: list[str], source: str = "S", **columns: list[str]) -> pd.DataFrame:
    n = len(names)
    frame = pd.DataFrame(
        {
            "source_id": [f"id{i}" for i in range(n)],
            "name": names,
            "asset_type": ["physical"] * n,
            "dimensions": ["natural_environment;lifestyle_activities"] * n,
            "latitude": [str(53.4 + i / 100) for i in range(n)],
            "longitude": ["-2.3"] * n,
            "source": [source] * n,
        }
    )
    for key, values in columns.items():
        frame[key] = values
    return frame


def _save(engine: Engine, frame: pd.DataFrame) -> object:
    table = validate_assets(frame)
    assert table.problems == []
    with engine.begin() as connection:
        return save_assets(connection, table)


def test_save_and_list(engine: Engine) -> None:
    report = _save(engine, _table(["Park", "Library", "Pool"], five_ways=["give", "", "be_active"]))
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


def test_reimport_keeps_ids_and_soft_deletes_missing(engine: Engine) -> None:
    _save(engine, _table(["A", "B", "C"]))
    before = dict(zip(*list_assets(engine, AssetFilter())[["source_id", "id"]].T.to_numpy(), strict=True))
    again = _table(["A2", "B2"], dimensions=["built_environment", "built_environment"])
    report = _save(engine, again)
    assert (report.inserted, report.updated, report.removed) == (0, 2, 1)
    after = list_assets(engine, AssetFilter())
    assert after["name"].tolist() == ["A2", "B2"]
    assert dict(zip(after["source_id"], after["id"], strict=True)) == {k: before[k] for k in ("id0", "id1")}
    assert set(after["dimensions"]) == {"built_environment"}
    assert count_assets(engine, AssetFilter(include_deleted=True)) == 3
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(AssetDimension)) == 2 + 2


def test_reimport_keeps_moderators_decisions(engine: Engine) -> None:
    _save(engine, _table(["A", "B"]))
    frame = list_assets(engine, AssetFilter())
    with engine.begin() as connection:
        connection.execute(update(Asset).where(Asset.id == frame["id"].iloc[0]).values(status="archived"))
        connection.execute(update(Asset).where(Asset.id == frame["id"].iloc[1]).values(deleted_at=func.now()))
    _save(engine, _table(["A again", "B again"]))
    every = list_assets(engine, AssetFilter(statuses=[], include_deleted=True))
    assert every["name"].tolist() == ["A again", "B again"]
    assert every["status"].tolist() == ["archived", "published"]
    assert every["deleted_at"].isna().tolist() == [True, False]


def test_other_sources_untouched(engine: Engine) -> None:
    _save(engine, _table(["A"], source="one"))
    _save(engine, _table(["B"], source="two"))
    assert count_assets(engine, AssetFilter()) == 2


def test_located_assets_only_published_and_live(engine: Engine) -> None:
    _save(engine, _table(["A", "B"], status=["published", "submitted"]))
    assets, dims, ways = located_assets(engine)
    assert assets["id"].tolist() == dims["asset_id"].unique().tolist()
    assert len(assets) == 1 and ways.empty


def test_failed_save_writes_nothing(engine: Engine) -> None:
    table = validate_assets(_table(["A"]))
    with pytest.raises(RuntimeError), engine.begin() as connection:
        save_assets(connection, table)
        raise RuntimeError("abort")
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Asset)) == 0
