"""Value queries: ``parent`` means within, at any depth."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from healthassets.store.areas import descendants
from healthassets.store.values import ValueFilter, fetch_values

pytestmark = pytest.mark.db
NORTH_WEST = "E12000002"
LANCASHIRE = "E10000017"


def test_parent_means_within_at_any_depth(loaded_engine: Engine) -> None:
    """The North West's 35 districts and unitaries, the 12 Lancashire districts (under the county) too."""
    frame = fetch_values(
        loaded_engine, ValueFilter(indicators=[93701], area_type="ltla", parent=NORTH_WEST, latest_only=True)
    )
    codes = set(frame["area_code"])
    assert len(codes) == len(frame) == 35
    assert {a.code for a in descendants(loaded_engine, LANCASHIRE, "ltla")} <= codes


def test_parent_reaches_small_areas(loaded_engine: Engine) -> None:
    """An LSOA is within its region (LSOA → MSOA → district → county → region)."""
    frame = fetch_values(
        loaded_engine, ValueFilter(indicators=[9000101], area_type="lsoa", parent=LANCASHIRE)
    )
    assert len(frame) == len(descendants(loaded_engine, LANCASHIRE, "lsoa")) > 700
