"""Use case: the metadata corrections the stored indicators carry (for the indicator page, the API and
the load report) — docs/adr/0040-indicator-metadata-corrections.md."""

from __future__ import annotations

from typing import Any

import pandas as pd

from healthassets.indicators.corrections import APPLIED, normalise
from healthassets.store import Engine
from healthassets.store.indicator_corrections import latest_corrections

#: what an indicator's metadata says of each correction it carries
SHOWN = ["field", "published_value", "corrected_value", "source", "reason"]


def carried_corrections(engine: Engine, indicators: pd.DataFrame) -> pd.DataFrame:
    """The corrections the newest loads applied that ``indicators`` (rows with ``id`` and the
    corrected fields, as stored) still carry: the stored value is the corrected value (a later load
    of the indicator from elsewhere may have replaced it)."""
    latest = latest_corrections(engine)
    applied = latest[(latest["status"] == APPLIED) & latest["indicator_id"].isin(indicators["id"])]
    if applied.empty:
        return applied
    by_id = indicators.set_index("id")
    keep = pd.Series(False, index=applied.index)
    for field, rows in applied.groupby("field", sort=False):
        if field not in by_id:
            continue
        stored = by_id[field].reindex(rows["indicator_id"]).set_axis(rows.index)
        keep[rows.index] = normalise(str(field), stored) == normalise(str(field), rows["corrected_value"])
    return applied[keep].reset_index(drop=True)


def corrections_by_indicator(engine: Engine, indicators: pd.DataFrame) -> dict[int, list[dict[str, Any]]]:
    """indicator id → its carried corrections (field, published value, corrected value, source,
    reason); indicators without any are absent."""
    carried = carried_corrections(engine, indicators)
    return {
        int(indicator_id): rows[SHOWN].to_dict("records")
        for indicator_id, rows in carried.groupby("indicator_id", sort=True)
    }


def corrections_of(engine: Engine, indicator: dict[str, Any]) -> list[dict[str, Any]]:
    """The carried corrections of one indicator (its stored record)."""
    frame = pd.DataFrame([indicator])
    return corrections_by_indicator(engine, frame).get(int(indicator["id"]), [])


def load_outcome(engine: Engine) -> pd.DataFrame:
    """What the newest load of each source did with each of its corrections (applied, no longer
    needed, extract differs, unknown indicator)."""
    return latest_corrections(engine)
