"""Every area's code, names and type in one frame: what the in-memory area search indexes."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from healthassets.store.models import Area


def all_areas(engine: Engine) -> pd.DataFrame:
    """``code``, ``name``, ``name_cy``, ``area_type`` and ``active`` of every area (about 53,500 rows)."""
    query = select(Area.code, Area.name, Area.name_cy, Area.area_type, Area.active)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    frame = pd.DataFrame(rows, columns=["code", "name", "name_cy", "area_type", "active"])
    return frame.astype({"active": bool})
