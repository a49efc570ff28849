"""Asset counts, rates and access as indicator values (pure)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from healthassets.assets.area_measures import (
    ACCESS_GROUPS,
    GROUPS,
    access_id,
    access_values,
    count_id,
    count_values,
    indicator_metadata,
    memberships,
)

ASSETS = pd.DataFrame({"id": ["a", "b", "c"], "asset_type": ["physical", "association", "physical"]})
DIMS = pd.DataFrame(
    {
        "asset_id": ["a", "a", "b"],
        "dimension": ["natural_environment", "lifestyle_activities", "community_economy"],
    }
)
WAYS = pd.DataFrame({"asset_id": ["b", "zz"], "way": ["connect", "give"]})
INDEX = {(g.kind, g.value): g.index for g in GROUPS}


def test_memberships() -> None:
    groups = memberships(ASSETS, DIMS, WAYS)
    of_a = set(groups.loc[groups["asset_id"] == "a", "group"])
    assert of_a == {
        0,
        INDEX["type", "physical"],
        INDEX["dimension", "natural_environment"],
        INDEX["dimension", "lifestyle_activities"],
    }
    assert "zz" not in set(groups["asset_id"])  # links of unknown (unpublished) assets are dropped


def test_counts_zero_inside_coverage_nothing_outside() -> None:
    groups = memberships(ASSETS, DIMS, WAYS)
    links = pd.DataFrame(
        {"asset_id": ["a", "a", "b", "b", "c", "c"], "area_code": ["L1", "D1", "L2", "D1", "L9", "D9"]}
    )
    population = pd.Series({"L1": 1500.0, "L2": 2000.0, "L3": 0.0, "D1": 3500.0})
    out = count_values(groups, links, population, ["L1", "L2", "L3", "D1"]).set_index(
        ["indicator_id", "area_code"]
    )
    assert out.loc[(count_id(0), "D1"), "count"] == 2
    assert out.loc[(count_id(0), "L3"), "value"] == 0  # mapped, nothing there: a real zero
    assert "L9" not in out.index.get_level_values("area_code")  # not covered: no row
    physical = INDEX["type", "physical"]
    assert out.loc[(count_id(physical), "L1"), "value"] == 1
    assert out.loc[(count_id(0, rate=True), "L1"), "value"] == pytest.approx(1 / 1500 * 1000)
    assert out.loc[(count_id(0, rate=True), "D1"), "denominator"] == 3500
    assert (count_id(0, rate=True), "L3") not in out.index  # no population, no rate
    assert len(out.xs("L2", level="area_code")) == 2 * len(GROUPS)


def test_access_values_by_hand() -> None:
    demand = pd.DataFrame(
        {
            "area_code": ["L1", "L2", "X"],
            "x": [0.0, 1000.0, 1500.0],
            "y": [0.0, 0.0, 0.0],
            "population": [1000.0, 1000.0, 2000.0],
        }
    )
    supply = pd.DataFrame({"asset_id": ["a", "b"], "x": [0.0, 5000.0], "y": [0.0, 0.0]})
    groups = pd.DataFrame({"asset_id": ["a", "b", "a"], "group": [0, 0, INDEX["type", "physical"]]})
    out = access_values(demand, supply, groups, ["L1", "L2"], radius=1000, catchment=2000, decay="none")
    table = out.set_index(["indicator_id", "area_code"])["value"]
    assert set(out["area_code"]) == {"L1", "L2"}  # X shares the supply but is not reported
    assert table[access_id(0, 0), "L2"] == pytest.approx(1.0)  # km
    assert table[access_id(0, 1), "L1"] == 1 and table[access_id(0, 1), "L2"] == 1
    # asset a serves L1, L2 and X (4,000 people): 1/4000 per person = 0.25 per 1,000
    assert table[access_id(0, 2), "L1"] == pytest.approx(0.25)
    assert table[access_id(INDEX["type", "physical"], 2), "L2"] == pytest.approx(0.25)
    assert (access_id(INDEX["type", "association"], 0), "L1") not in table.index  # no such assets


def test_metadata_ids_unique_and_complete() -> None:
    meta = indicator_metadata(radius=1000, catchment=2000, decay="gaussian", source="s", period="2026")
    assert meta["id"].is_unique
    assert len(meta) == 2 * len(GROUPS) + 3 * len(ACCESS_GROUPS)
    assert meta["id"].between(9_100_000, 9_199_999).all()
    assert meta[["name", "definition", "unit", "value_type"]].notna().all().all()
    assert np.isin([9_100_000, 9_100_001, 9_110_000, 9_110_001, 9_110_002], meta["id"]).all()
