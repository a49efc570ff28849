"""Inequality within an authority on the real bundled data: Oldham's deciles hold all its LSOAs and
their households, deprivation falls from decile 1 to 10, the SII is reproducible; a Welsh authority,
a rank, a tiny authority and an area that is no authority each say why nothing is computed."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets.indicators.inequality import Reason
from healthassets.indicators.local_deciles import Method
from healthassets.services.inequality import (
    IMD_SCORE,
    area_inequality,
    inequality_choices,
    reason_before,
)
from healthassets.store import areas as area_queries
from healthassets.store.areas import AreaInfo
from healthassets.store.values import ValueFilter, fetch_values

pytestmark = pytest.mark.db

OLDHAM = "E08000004"
CENSUS_ONE_PLUS = 9_000_101
REPS = 2000


def test_oldhams_deciles_hold_every_lsoa_and_household(loaded_engine: Engine) -> None:
    result = area_inequality(loaded_engine, OLDHAM, CENSUS_ONE_PLUS, repetitions=REPS)
    lsoas = {a.code for a in area_queries.descendants(loaded_engine, OLDHAM, "lsoa")}
    values = fetch_values(loaded_engine, ValueFilter(indicators=[CENSUS_ONE_PLUS], areas=sorted(lsoas)))
    deciles = result.deciles
    assert result.reason is None and result.period == "2021"
    assert deciles["decile"].tolist() == list(range(1, 11))
    assert (
        deciles["lsoas"].sum() == len(lsoas) == result.summary["lsoas"]
        and deciles["lsoas"].max() - deciles["lsoas"].min() <= 1
    )
    assert deciles["count"].sum() == values["count"].sum()
    assert deciles["denominator"].sum() == values["denominator"].sum()
    assert (
        deciles["value"].diff().dropna() < 0
    ).sum() >= 8  # more deprived households in more deprived deciles
    s = result.summary
    assert s["sii_lower95_0cl"] < s["sii"] < s["sii_upper95_0cl"] < 0
    again = area_inequality(loaded_engine, OLDHAM, CENSUS_ONE_PLUS, repetitions=REPS)
    assert again.summary == s  # the seed is fixed per authority and indicator


def test_decile_one_is_oldhams_most_deprived_tenth(loaded_engine: Engine) -> None:
    result = area_inequality(loaded_engine, OLDHAM, IMD_SCORE, repetitions=REPS)
    lsoas = [a.code for a in area_queries.descendants(loaded_engine, OLDHAM, "lsoa")]
    scores = fetch_values(loaded_engine, ValueFilter(indicators=[IMD_SCORE], areas=lsoas))["value"]
    top = scores.sort_values(ascending=False).head(int(result.deciles["lsoas"].iloc[0]))
    # decile 1 is a population-weighted mean of exactly the highest-scoring LSOAs: within their range
    assert top.min() <= result.deciles["value"].iloc[0] <= top.max()
    assert result.deciles["value"].is_monotonic_decreasing


def test_the_default_is_the_first_indicator_the_authority_has(loaded_engine: Engine) -> None:
    choices = inequality_choices(loaded_engine)
    ids = [c.indicator_id for c in choices]
    assert CENSUS_ONE_PLUS in ids and IMD_SCORE in ids
    assert 9_000_010 not in ids and 9_000_011 not in ids  # ranks and deciles are never averaged
    result = area_inequality(loaded_engine, OLDHAM, repetitions=REPS, choices=choices)
    # the shared test database holds no asset register: the park distance (next in DEFAULT_ORDER) is first
    assert result.indicator_id == 9_220_000


@pytest.mark.parametrize(
    ("code", "indicator", "reason"),
    [
        ("W06000015", CENSUS_ONE_PLUS, Reason.WALES),  # Cardiff: no Welsh IMD bundled
        (OLDHAM, 9_000_010, Reason.NOT_AVERAGED),  # the IMD rank
        ("E09000001", CENSUS_ONE_PLUS, Reason.TOO_FEW_LSOAS),  # City of London: 6 LSOAs
        ("E12000002", CENSUS_ONE_PLUS, Reason.NOT_AUTHORITY),  # a region
    ],
)
def test_what_cannot_be_computed_says_why(
    loaded_engine: Engine, code: str, indicator: int, reason: Reason
) -> None:
    result = area_inequality(loaded_engine, code, indicator, repetitions=REPS)
    assert result.reason == reason
    assert not result.computed and pd.isna(result.summary.get("sii"))


def test_no_values_in_an_unmapped_authority_is_not_mapped_for_assets_only() -> None:
    area = AreaInfo(code=OLDHAM, name="Oldham", area_type="metropolitan")
    empty = pd.DataFrame({"value": pd.Series(dtype=float)})
    assert reason_before(area, Method.RATE, empty, 9_100_001) == Reason.NOT_MAPPED
    assert reason_before(area, Method.MEAN, empty, 9_110_000) == Reason.NOT_MAPPED
    assert reason_before(area, Method.MEAN, empty, 9_220_000) == Reason.NO_VALUES
