"""The indicators repository: placeholders for new ids, upserts, records."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets.errors import NotFoundError
from healthassets.store.indicators import (
    add_missing_indicators,
    indicator_ids,
    indicator_metadata,
    indicator_record,
    save_indicators,
)

pytestmark = pytest.mark.db


def test_placeholders_never_overwrite_known_indicators(engine: Engine) -> None:
    save_indicators(engine, pd.DataFrame([{"id": 5, "name": "Full", "polarity": "High is good"}]))
    add_missing_indicators(engine, {5: "From a file", 7: ""}, "file.csv")
    assert indicator_ids(engine) == [5, 7]
    assert indicator_record(engine, 5)["name"] == "Full"
    placeholder = indicator_record(engine, 7)
    assert (placeholder["name"], placeholder["has_full_metadata"]) == ("Indicator 7", False)
    assert indicator_metadata(engine).loc[5, "polarity"] == "High is good"
    with pytest.raises(NotFoundError, match="no indicator has the id 8"):
        indicator_record(engine, 8)


def test_saving_updates_by_id(engine: Engine) -> None:
    save_indicators(engine, pd.DataFrame([{"id": 5, "name": "Old", "unit": "%"}]))
    save_indicators(engine, pd.DataFrame([{"id": 5, "name": "New", "unit": None}]))
    record = indicator_record(engine, 5)
    assert (record["name"], record["unit"]) == ("New", None)
