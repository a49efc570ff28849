"""Predecessors' values on a successor's page: theirs, labelled, never the successor's or summed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets.services.predecessors import predecessor_values, replaced_by
from healthassets.store.indicators import save_indicators
from healthassets.store.values import write_batch
from tests.store.test_successors import AREAS, LINKS, SUCCESSORS
from tests.store.test_values import values

pytestmark = pytest.mark.db


@pytest.fixture
def somerset(engine: Engine) -> Engine:
    from healthassets.store.areas import write_geography

    write_geography(engine, AREAS, LINKS, SUCCESSORS)
    save_indicators(
        engine,
        pd.DataFrame(
            [
                {"id": 90001, "name": "Life satisfaction", "disclosure_control": "None applied"},
                {
                    "id": 90002,
                    "name": "Anxiety",
                    "disclosure_control": "Values from fewer than 3 people suppressed",
                },
            ]
        ),
    )
    frames = [
        values(["E07000187", "E07000246"], value=7.5, period="2021/22"),
        values(["E07000187"], value=7.7, period="2022/23"),
        values(["E07000190"], value=7.1, period="2017/18"),  # Taunton Deane, replaced in 2019
        values(["E06000066"], value=7.4, period="2023/24"),  # the successor's own
        values(["E07000246"], value=np.nan, period="2022/23").assign(indicator_id=90002),
    ]
    write_batch(engine, "test", "test", pd.concat(frames, ignore_index=True))
    return engine


def test_successor_lists_its_predecessors_values_as_theirs(somerset: Engine) -> None:
    found = predecessor_values(somerset, "E06000066")
    table = found.values
    assert [r.predecessor.code for r in found.replacements] == [
        "E07000187",
        "E10000027",
        "E07000246",
        "E07000190",
    ]
    # every row is a predecessor's own value: the successor's 2023/24 value is not among them
    assert set(table["predecessor_code"]) == {"E07000187", "E07000246", "E07000190"}
    assert "E06000066" not in set(table["predecessor_code"])
    assert len(table) == 5 and table["value"].sum(skipna=True) == pytest.approx(7.5 + 7.5 + 7.7 + 7.1)
    taunton = table[table["predecessor_code"] == "E07000190"].iloc[0]
    assert (taunton["successor_code"], taunton["replaced_on"]) == ("E07000246", "2019-04-01")
    # a value the source suppressed stays suppressed
    anxiety = table[table["indicator_id"] == 90002].iloc[0]
    assert anxiety["value_status"] == "suppressed" and np.isnan(anxiety["value"])
    periods = found.periods.set_index(["predecessor_code", "indicator_id"])
    assert periods.loc[("E07000187", 90001)].tolist() == ["2021/22", "2022/23", 2]


def test_latest_only_and_chosen_indicators(somerset: Engine) -> None:
    latest = predecessor_values(somerset, "E06000066", indicators=[90001], latest_only=True).values
    assert dict(zip(latest["predecessor_code"], latest["period"], strict=True)) == {
        "E07000187": "2022/23",
        "E07000246": "2021/22",
        "E07000190": "2017/18",
    }


def test_replaced_by_and_an_area_with_no_predecessors(somerset: Engine) -> None:
    assert [(r.successor.name, r.replaced_on) for r in replaced_by(somerset, "E07000187")] == [
        ("Somerset", "2023-04-01")
    ]
    assert replaced_by(somerset, "E06000066") == []
    none = predecessor_values(somerset, "E06000022")
    assert none.replacements == [] and none.values.empty and none.periods.empty
