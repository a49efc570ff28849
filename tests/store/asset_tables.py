"""Small asset tables for the store tests, saved through the bulk writer."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from healthassets.assets.records import validate_assets
from healthassets.store.asset_saving import SaveReport, save_assets


def table(names: list[str], source: str = "S", **columns: list[str]) -> pd.DataFrame:
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


def save(engine: Engine, frame: pd.DataFrame) -> SaveReport:
    table = validate_assets(frame)
    assert table.problems == []
    with engine.begin() as connection:
        return save_assets(connection, table)
