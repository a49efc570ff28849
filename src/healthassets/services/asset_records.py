"""One asset record from a form or an edit: checked by the same whole-column rules as a bulk import
(:func:`healthassets.assets.records.validate_assets`), and turned into plain values for the store."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from healthassets.assets.records import ASSET_COLUMNS, AssetTable, validate_assets
from healthassets.assets.vocabulary import Status
from healthassets.errors import ImportValidationError
from healthassets.store import Engine
from healthassets.store.areas import known_area_codes

#: an asset's link lists, edited with its fields
LIST_FIELDS = ("dimensions", "five_ways", "served_areas")


def as_text(record: dict[str, Any]) -> dict[str, str]:
    """A form-like record (lists, bools, numbers) as the text cells validation reads."""
    out = {}
    for key, value in record.items():
        if value is None:
            out[key] = ""
        elif isinstance(value, list | tuple):
            out[key] = ";".join(str(v) for v in value)
        elif isinstance(value, bool):
            out[key] = "yes" if value else "no"
        elif isinstance(value, datetime):
            out[key] = value.isoformat()
        else:
            out[key] = str(value)
    return out


def validated(record: dict[str, Any], engine: Engine, status: str) -> AssetTable:
    """The record as a one-row :class:`AssetTable`; any problem raises ImportValidationError whose
    problems name each field (row 1)."""
    frame = pd.DataFrame([{k: v for k, v in as_text(record).items() if k in ASSET_COLUMNS}])
    table = validate_assets(frame, None, default_status=Status(status), known_areas=known_area_codes(engine))
    if table.problems:
        raise ImportValidationError(table.problems)
    return table


def plain(value: Any) -> Any:
    """A cell as a plain Python value for the database (NaN/NaT/NA → None, NumPy scalars unwrapped)."""
    if isinstance(value, list):
        return value
    if value is None or value is pd.NaT or (not isinstance(value, str) and bool(pd.isna(value))):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def row_values(table: AssetTable) -> dict[str, Any]:
    """The one asset of a validated table as plain column values."""
    return {k: plain(v) for k, v in table.assets.iloc[0].to_dict().items() if k != "row"}


def link_lists(table: AssetTable) -> dict[str, list[str]]:
    """The one asset's dimensions, Five Ways and served areas as lists."""
    return {
        "dimensions": table.dimensions["dimension"].tolist(),
        "five_ways": table.five_ways["way"].tolist(),
        "served_areas": table.served_areas["area_code"].tolist(),
    }
