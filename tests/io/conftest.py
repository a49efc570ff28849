"""A small geography for importer tests: England, the North West and two districts."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets.store.areas import write_geography

AREAS = pd.DataFrame(
    {
        "code": ["E92000001", "E12000002", "E08000004", "E08000003"],
        "name": ["England", "North West Region", "Oldham", "Manchester"],
        "name_cy": [None, None, None, None],
        "area_type": ["country", "region", "metropolitan", "metropolitan"],
    }
)
LINKS = pd.DataFrame(
    {
        "child_code": ["E12000002", "E08000004", "E08000003"],
        "parent_code": ["E92000001", "E12000002", "E12000002"],
        "hierarchy": ["administrative"] * 3,
    }
)

HEADER = (
    "Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,"
    "Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,"
    "Lower CI 99.8 limit,Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,"
    "Compared to England value or percentiles,Time period Sortable"
)


def row(
    area: str = "E08000004",
    period: str = "2022/23",
    value: str = "12.5",
    lower: str = "10.1",
    upper: str = "14.9",
    count: str = "125",
    denominator: str = "1000",
    sex: str = "Persons",
    age: str = "All ages",
    indicator: str = "90001",
    category: str = "",
) -> str:
    return (
        f"{indicator},Test indicator,E12000002,North West region,{area},Somewhere,Districts,{sex},{age},"
        f",{category},{period},{value},{lower},{upper},,,{count},{denominator},,,Similar,"
    )


@pytest.fixture
def small_geography(engine: Engine) -> Engine:
    write_geography(engine, AREAS, LINKS)
    return engine


@pytest.fixture
def small_geography_lsoa(engine: Engine) -> Engine:
    """The small geography plus one LSOA (E01005400) in Oldham."""
    areas = pd.concat(
        [
            AREAS,
            pd.DataFrame(
                {"code": ["E01005400"], "name": ["Oldham 001A"], "name_cy": [None], "area_type": ["lsoa"]}
            ),
        ],
        ignore_index=True,
    )
    links = pd.concat(
        [
            LINKS,
            pd.DataFrame(
                {"child_code": ["E01005400"], "parent_code": ["E08000004"], "hierarchy": ["administrative"]}
            ),
        ],
        ignore_index=True,
    )
    write_geography(engine, areas, links)
    return engine
