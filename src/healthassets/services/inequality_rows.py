"""How a stored default inequality section (docs/adr/0075) is written to and read from its row of
``derived_inequalities``: the summary as JSON, the decile table as JSON columns with their dtypes (so
it reads back exactly as computed)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from healthassets.indicators.inequality import Reason


def encode(
    area_code: str,
    indicator_id: int,
    period: str | None,
    reason: Reason | None,
    summary: dict[str, Any],
    deciles: pd.DataFrame,
    version: str,
) -> dict[str, Any]:
    """The columns of the stored row of one authority's section."""
    table = {
        "columns": [str(c) for c in deciles.columns],
        "dtypes": [str(t) for t in deciles.dtypes],
        "data": {str(c): [_plain(v) for v in deciles[c].tolist()] for c in deciles.columns},
    }
    return {
        "area_code": area_code,
        "indicator_id": int(indicator_id),
        "period": period,
        "reason": reason.value if reason is not None else None,
        "summary": json.dumps({str(k): _plain(v) for k, v in summary.items()}),
        "deciles": json.dumps(table),
        "values_version": version,
    }


def decode(row: dict[str, Any]) -> tuple[int, str | None, Reason | None, dict[str, Any], pd.DataFrame]:
    """Indicator id, period, reason, summary and decile table of a stored row."""
    stored = json.loads(row["deciles"])
    columns = stored["columns"]
    if not columns:
        table = pd.DataFrame()
    else:
        table = pd.DataFrame({c: stored["data"][c] for c in columns}, columns=columns)
        table = table.astype(dict(zip(columns, stored["dtypes"], strict=True)))
    reason = Reason(row["reason"]) if row["reason"] else None
    return int(row["indicator_id"]), row["period"], reason, json.loads(row["summary"]), table


def _plain(value: Any) -> Any:
    """A JSON-ready scalar: NumPy numbers as Python's (a missing float stays NaN, which json writes)."""
    if isinstance(value, np.generic):
        return value.item()
    if value is pd.NA:
        return None
    return value
