"""The values repository's writers: a source's batch replaced whole, several batches in one
transaction, and the keys other sources hold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from healthassets.store.areas import write_geography
from healthassets.store.indicators import add_missing_indicators
from healthassets.store.models import ImportBatch, IndicatorValue
from healthassets.store.values import (
    VALUE_FIELDS,
    BatchOfValues,
    ValueFilter,
    fetch_values,
    keys_from_other_sources,
    write_batch,
    write_batches,
)
from tests.io.conftest import AREAS, LINKS

pytestmark = pytest.mark.db


@pytest.fixture
def store(engine: Engine) -> Engine:
    write_geography(engine, AREAS, LINKS)
    add_missing_indicators(engine, {90001: "Test indicator"}, "test")
    return engine


def values(areas: list[str], value: float = 12.5, period: str = "2022/23") -> pd.DataFrame:
    frame = pd.DataFrame({name: [None] * len(areas) for name in VALUE_FIELDS})
    frame = frame.assign(
        indicator_id=90001,
        area_code=areas,
        period=period,
        period_sortable=int(period[:4]) * 1_000_000,
        sex="Persons",
        age="All ages",
        category_type="",
        category="",
        value=value,
        count=np.nan,
    )
    return frame


def counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        batches = connection.scalar(select(func.count()).select_from(ImportBatch))
        rows = connection.scalar(select(func.count()).select_from(IndicatorValue))
    return int(batches or 0), int(rows or 0)


def test_a_batch_replaces_the_sources_previous_batch(store: Engine) -> None:
    write_batch(store, "one", "test", values(["E08000004", "E08000003"]), rows_rejected=3)
    write_batch(store, "one", "test", values(["E08000004"], value=20.0))
    assert counts(store) == (1, 1)
    stored = fetch_values(store, ValueFilter())
    assert stored["value"].tolist() == [20.0] and stored["count"].isna().all()


def test_batches_are_written_in_one_transaction(store: Engine) -> None:
    write_batch(store, "kept", "test", values(["E08000003"], period="2021/22"))
    clash = values(["E08000004", "E08000004"])  # the same key twice breaks the unique key
    with pytest.raises(IntegrityError):
        write_batches(
            store,
            [BatchOfValues("kept", "test", [values(["E08000004"])]), BatchOfValues("bad", "test", [clash])],
        )
    assert counts(store) == (1, 1)
    assert fetch_values(store, ValueFilter())["period"].tolist() == ["2021/22"]


def test_frames_are_streamed_into_one_batch(store: Engine) -> None:
    seen: list[int] = []
    frames = (values([area]) for area in ["E08000004", "E08000003", "E12000002"])
    [(batch_id, loaded)] = write_batches(store, [BatchOfValues("s", "test", frames)], progress=seen.append)
    assert loaded == 3 and seen == [1, 1, 1]
    with store.connect() as connection:
        assert connection.scalar(select(ImportBatch.rows_loaded).where(ImportBatch.id == batch_id)) == 3


def test_keys_from_other_sources(store: Engine) -> None:
    write_batch(store, "one", "test", values(["E08000004"]))
    write_batch(store, "two", "test", values(["E08000003"]))
    keys = keys_from_other_sources(store, "one")
    assert keys["area_code"].tolist() == ["E08000003"]
    assert keys_from_other_sources(store, "one", indicators=[1]).empty
