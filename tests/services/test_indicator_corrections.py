"""The bundled corrections after a real-data load: benchmarks follow the corrected polarity, and the
indicators carry their corrections."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets.indicators.corrections import APPLIED
from healthassets.services.indicator_corrections import corrections_of, load_outcome
from healthassets.services.indicator_page import indicator_record
from healthassets.services.profiles import area_profile
from tests.conftest import DATA

pytestmark = pytest.mark.db


def plain_persons(table: pd.DataFrame, indicator: int) -> pd.Series:
    """The area's Persons row of ``indicator`` not broken down by a category."""
    rows = table[
        (table["indicator_id"] == indicator)
        & (table["sex"] == "Persons")
        & (table["category_type"].fillna("") == "")
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def test_oldham_year6_obesity_is_worse_than_england(loaded_engine: Engine) -> None:
    table = area_profile(loaded_engine, "E08000004", indicators=[92033]).table
    persons = plain_persons(table, 92033)
    assert persons["lower95_0cl"] > persons["england_value"]  # significantly higher …
    assert persons["polarity"] == "Low is good"
    assert persons["england_benchmark"] == "Worse"  # … and higher is worse


def test_fewer_health_checks_offered_than_england_is_worse(loaded_engine: Engine) -> None:
    table = area_profile(loaded_engine, "E08000004", indicators=[91040]).table
    persons = plain_persons(table, 91040)
    assert persons["upper95_0cl"] < persons["england_value"]  # significantly lower …
    assert persons["england_benchmark"] == "Worse"  # … and higher is better


def test_reception_obesity_gap_is_benchmarked(loaded_engine: Engine) -> None:
    table = area_profile(loaded_engine, "E08000004", indicators=[92026]).table
    assert table["polarity"].eq("Low is good").all()
    with_limits = table[table["lower95_0cl"].notna() & table["england_value"].notna()]
    assert len(with_limits) > 0
    assert with_limits["england_benchmark"].isin(["Better", "Similar", "Worse"]).all()


def test_corrected_indicator_carries_its_correction(loaded_engine: Engine) -> None:
    carried = corrections_of(loaded_engine, indicator_record(loaded_engine, 92033))
    assert [(c["field"], c["published_value"], c["corrected_value"]) for c in carried] == [
        ("polarity", "High is good", "Low is good")
    ]
    assert "PHOLIO" in carried[0]["source"] and carried[0]["reason"]
    assert corrections_of(loaded_engine, indicator_record(loaded_engine, 41101)) == []


def test_every_bundled_correction_was_applied(loaded_engine: Engine) -> None:
    outcome = load_outcome(loaded_engine)
    bundled = pd.read_csv(DATA / "fingertips" / "corrections.csv")
    assert len(outcome) == len(bundled)
    assert (outcome["status"] == APPLIED).all(), outcome[["indicator_id", "field", "status"]]
