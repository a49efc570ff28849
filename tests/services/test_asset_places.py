"""Placing assets in areas: people by their approximate point (docs/adr/0035)."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from healthassets.assets.vocabulary import Status
from healthassets.services.asset_places import locate_lsoas
from healthassets.services.assets_moderation import create_asset
from healthassets.store.models import AssetArea
from tests.conftest import DATA

pytestmark = pytest.mark.db
# BL0 0AA's centroid lies in LSOA E01005014; the centre of its 1 km grid square in E01005017
EXACT = {"latitude": "53.647755", "longitude": "-2.312381"}


def _areas(engine: Engine, asset_id: str) -> set[str]:
    with engine.connect() as connection:
        return set(connection.scalars(select(AssetArea.area_code).where(AssetArea.asset_id == asset_id)))


def test_a_person_is_placed_by_their_approximate_point(loaded_geography: Engine) -> None:
    lat, lon = pd.Series([float(EXACT["latitude"])]), pd.Series([float(EXACT["longitude"])])
    assert locate_lsoas(DATA, lon, lat).tolist() == ["E01005014"]
    fields = {"asset_type": "association", "dimensions": "community_economy", **EXACT}
    group = create_asset(loaded_geography, {**fields, "name": "Ramsbottom choir"}, data_dir=DATA)
    person = create_asset(
        loaded_geography,
        {**fields, "name": "Jo's guitar lessons", "is_person": "yes", "consent_recorded_at": "2026-01-02"},
        status=Status.PUBLISHED,
        data_dir=DATA,
    )
    assert "E01005014" in _areas(loaded_geography, group)
    placed = _areas(loaded_geography, person)
    assert "E01005017" in placed and "E01005014" not in placed
    assert "E08000002" in placed  # still in Bury
