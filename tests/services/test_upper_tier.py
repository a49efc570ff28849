"""A district shows its county's value for indicators published only for upper-tier areas."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets.services.area_page import build_area_page
from healthassets.services.profiles import area_profile
from healthassets.services.upper_tier import upper_tier_only, with_county_values

HLE = [9_200_060, 9_200_061]


def test_upper_tier_only_means_county_values_and_no_district_values() -> None:
    types = pd.DataFrame(
        {
            "indicator_id": [1, 1, 2, 2, 3, 4, 4],
            "area_type": ["county", "unitary", "county", "district", "district", "county", "district"],
            "areas": [21, 60, 21, 164, 164, 21, 0],
        }
    )
    assert upper_tier_only(types) == {1, 4}


@pytest.mark.db
def test_a_district_shows_its_county_value_labelled(loaded_engine: Engine) -> None:
    burnley = area_profile(loaded_engine, "E07000117", indicators=[9_200_000, *HLE])
    assert set(burnley.table["indicator_id"]) == {9_200_000}  # no district rows published
    shown = with_county_values(loaded_engine, burnley, [9_200_000, *HLE])
    table = shown.table
    county = table[table["value_level"] == "county"]
    assert sorted(county["indicator_id"].unique()) == HLE
    assert set(county["area_code"]) == {"E10000017"} and set(county["value_from_name"]) == {"Lancashire"}
    lancashire = area_profile(loaded_engine, "E10000017", indicators=HLE).table
    assert county["value"].tolist() == lancashire["value"].tolist()
    assert county["england_benchmark"].tolist() == lancashire["england_benchmark"].tolist()
    assert len(shown.percentiles) == len(table) and shown.percentiles[county.index].isna().all()
    assert (table.loc[table["indicator_id"] == 9_200_000, "value_level"] == "area").all()


@pytest.mark.db
def test_other_areas_keep_their_own_values(loaded_engine: Engine) -> None:
    oldham = area_profile(loaded_engine, "E08000004", indicators=HLE)
    assert with_county_values(loaded_engine, oldham, HLE) is oldham
    assert set(oldham.table["area_code"]) == {"E08000004"}


@pytest.mark.db
def test_the_area_page_labels_the_county_value(loaded_engine: Engine) -> None:
    page = build_area_page(loaded_engine, "E07000117", profile="health-assets")
    rows = pd.concat([frame for _, frame in page.domains if len(frame)], ignore_index=True)
    hle = rows[rows["indicator_id"].isin(HLE)]
    assert len(hle) == 2 and (hle["value_level"] == "county").all()
