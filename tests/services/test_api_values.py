"""The API's page of values, cut in SQL, holds exactly the rows the whole query returns."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets.services.api_values import ValueFilter, values_page
from healthassets.store.values import KEY_COLUMNS, fetch_values

pytestmark = pytest.mark.db


@pytest.mark.parametrize(
    "value_filter",
    [
        ValueFilter(indicators=[93701]),
        ValueFilter(indicators=[93701, 92033], area_type="utla", latest_only=True),
        ValueFilter(indicators=[93701], periods=["2018/19", "2019/20"], latest_only=True),
        ValueFilter(indicators=[92033], parent="E12000002", sexes=["Persons"]),
    ],
)
def test_pages_add_up_to_the_whole(loaded_engine: Engine, value_filter: ValueFilter) -> None:
    whole = fetch_values(loaded_engine, value_filter)
    size = max(1, len(whole) // 3)
    pages = []
    for number in range(1, 5):
        frame, total = values_page(loaded_engine, value_filter, number, size)
        assert total == len(whole)
        pages.append(frame)
    joined = pd.concat(pages, ignore_index=True)
    assert len(joined) == len(whole) > 0
    assert not joined.duplicated(KEY_COLUMNS).any()
    merged = whole.merge(joined, on=KEY_COLUMNS, suffixes=("", "_page"))
    assert len(merged) == len(whole)
    for column in ("value", "lower95_0cl"):
        pd.testing.assert_series_equal(merged[column], merged[f"{column}_page"], check_names=False)
    for column in ("area_name", "parent_code"):
        assert merged[column].fillna("-").tolist() == merged[f"{column}_page"].fillna("-").tolist()
    assert set(joined["value_status"]) <= {"value", "suppressed", "no value"}
