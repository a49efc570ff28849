"""What each load did with its corrections, in the audit log: the newest entry per source counts."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from healthassets.store.indicator_corrections import ENTITY, latest_corrections, record_corrections
from healthassets.store.models import AuditEntry

pytestmark = pytest.mark.db


def outcome(indicator: int, status: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": [indicator],
            "field": ["polarity"],
            "published_value": ["High is good"],
            "corrected_value": ["Low is good"],
            "extract_value": ["High is good"],
            "status": [status],
            "source": ["a source"],
            "reason": ["a reason"],
        }
    )


def test_newest_load_per_source_wins_and_history_stays(engine: Engine) -> None:
    record_corrections(engine, "fingertips-next", outcome(92033, "applied"))
    record_corrections(engine, "other", outcome(1, "applied"))
    record_corrections(engine, "fingertips-next", outcome(92033, "no longer needed"))
    latest = latest_corrections(engine).set_index("load_source")
    assert latest.loc["fingertips-next", "status"] == "no longer needed"
    assert latest.loc["other", "indicator_id"] == 1
    with engine.connect() as connection:
        entries = connection.scalar(select(func.count()).where(AuditEntry.entity == ENTITY))
    assert entries == 3


def test_load_without_corrections_clears_them(engine: Engine) -> None:
    record_corrections(engine, "fingertips-next", outcome(92033, "applied"))
    record_corrections(engine, "fingertips-next", outcome(92033, "applied").iloc[0:0])
    assert latest_corrections(engine).empty
