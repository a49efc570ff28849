"""Assets beside needs on the bundled data (the shared test database has no asset register, so
the register's measures are absent there and the national park measure stands in)."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import Engine

from healthassets.errors import InputError, NotFoundError
from healthassets.indices.quadrant import quadrants
from healthassets.services.assets_needs import PARKS, assets_and_needs
from healthassets.store import areas as area_queries

OLDHAM, CARDIFF = "E08000004", "W06000015"


def test_an_authoritys_lsoas_by_imd_against_park_distance(loaded_engine: Engine) -> None:
    result = assets_and_needs(loaded_engine, OLDHAM, draws=50)
    lsoas = area_queries.descendants(loaded_engine, OLDHAM, "lsoa")
    assert result.level == "lsoa" and len(result.table) == len(lsoas) > 100
    assert result.need.indicator_id == 9_000_001 and result.need.direction == 1
    # no register here: the default falls back to the national park distance, lower = more assets
    assert result.fell_back and result.assets.indicator_id == PARKS and result.assets.direction == -1
    table = result.table
    nearest = table.loc[table["assets_value"].idxmin()]
    assert nearest["assets_rank"] == 1
    assert table.loc[table["need_value"].idxmax(), "need_rank"] == 1
    again = quadrants(table["need_value"].to_numpy(), -table["assets_value"].to_numpy())
    assert (again["quadrant"].fillna("") == table["quadrant"].fillna("")).all()
    assert result.compared == table["quadrant"].notna().sum() and set(table["quadrant"].dropna()) <= {
        "priority", "build-on", "protect", "thriving"
    }  # fmt: skip
    assert table["population"].notna().all() and (table["population"] > 0).all()
    priority = result.priority
    assert (priority["quadrant"] == "priority").all() and priority["need_rank"].is_monotonic_increasing


def test_wales_uses_the_census_deprivation_measure_and_wards(loaded_engine: Engine) -> None:
    result = assets_and_needs(loaded_engine, CARDIFF, level="ward", draws=20)
    assert result.need.indicator_id == 9_000_101  # no WIMD bundled: households deprived
    assert result.compared == len(result.table) > 10


def test_finer_cuts_leave_the_middle_unclassified(loaded_engine: Engine) -> None:
    result = assets_and_needs(loaded_engine, OLDHAM, cut="quintile", draws=10)
    assert "middle" in set(result.table["quadrant"])


def test_rank_intervals_contain_the_rank_where_simulated(loaded_engine: Engine) -> None:
    result = assets_and_needs(loaded_engine, OLDHAM, need=9_000_002, draws=200)
    table = result.table
    lower = table["assets_rank_lower"].to_numpy(dtype=float, na_value=np.nan)
    upper = table["assets_rank_upper"].to_numpy(dtype=float, na_value=np.nan)
    assert (lower <= upper).all()
    assert result.need.indicator_id == 9_000_002


def test_what_cannot_be_shown_is_a_clear_error(loaded_engine: Engine) -> None:
    lsoa = area_queries.descendants(loaded_engine, OLDHAM, "lsoa")[0].code
    with pytest.raises(NotFoundError, match="local authorities and countries"):
        assets_and_needs(loaded_engine, lsoa)
    with pytest.raises(InputError, match="level 'region'"):
        assets_and_needs(loaded_engine, OLDHAM, level="region")
    with pytest.raises(InputError, match="not a need measure"):
        assets_and_needs(loaded_engine, OLDHAM, need=PARKS)
    with pytest.raises(InputError, match="unknown cut"):
        assets_and_needs(loaded_engine, OLDHAM, cut="sixths")
