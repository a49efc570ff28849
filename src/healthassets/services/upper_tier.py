"""A district's profile for indicators published only for upper-tier areas (counties and unitary
authorities — e.g. healthy life expectancy): it shows its county's value, labelled "county value",
never as its own (docs/adr/0047).

An indicator is *upper-tier only* when counties hold values of it and non-metropolitan districts
hold none (:func:`upper_tier_only`, from the derived per-type counts). For such an indicator that a
profile lists and a district has no value of, :func:`with_county_values` adds the county's rows —
its value, limits and benchmarks against the comparators — with ``value_from_code`` /
``value_from_name`` naming the county and ``value_level`` 'county'. The county's rows carry no
percentile: a district's domain score uses its own values only.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from healthassets.services.profiles import AreaProfile, area_profile
from healthassets.store import Engine
from healthassets.store.areas import ancestors
from healthassets.store.derived import indicator_area_types

__all__ = ["COUNTY_VALUE", "upper_tier_only", "with_county_values"]

#: how a county's value shown in a district's profile is labelled
COUNTY_VALUE = "county value"


def upper_tier_only(types: pd.DataFrame) -> set[int]:
    """Ids (of ``types``: indicator_id, area_type, areas) with county values and no district values."""
    held = types[types["areas"] > 0]
    counties = set(held.loc[held["area_type"] == "county", "indicator_id"].astype(int))
    districts = set(held.loc[held["area_type"] == "district", "indicator_id"].astype(int))
    return counties - districts


def with_county_values(engine: Engine, profile: AreaProfile, wanted: list[int]) -> AreaProfile:
    """``profile`` with its county's rows added for the upper-tier-only indicators of ``wanted`` it
    has no value of (districts only; any other area is returned as it is)."""
    area = profile.area
    if area.area_type != "district" or not wanted:
        return profile
    have = set(profile.table["indicator_id"].astype(int)) if len(profile.table) else set()
    missing = [i for i in wanted if i not in have]
    ids = sorted(upper_tier_only(indicator_area_types(engine, missing))) if missing else []
    county = next((a for a in ancestors(engine, area.code) if a.area_type == "county"), None)
    if not ids or county is None:
        return profile
    extra = area_profile(engine, county.code, indicators=ids).table
    if extra.empty:
        return profile
    extra = extra.assign(value_from_code=county.code, value_from_name=county.name, value_level="county")
    table = pd.concat([profile.table.assign(value_level="area"), extra], ignore_index=True)
    percentiles = pd.concat(
        [profile.percentiles.reset_index(drop=True), pd.Series(np.nan, index=range(len(extra)))],
        ignore_index=True,
    )
    return replace(profile, table=table, percentiles=percentiles)
