"""The area profile on the real bundled data: comparators, region aggregation, benchmarks, trends."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets import stats
from healthassets.indicators.profile_definitions import bundled_profiles
from healthassets.services.area_page import list_profiles
from healthassets.services.profiles import area_profile, indicator_metadata, profile_domains, profile_layout
from healthassets.store.areas import descendants
from healthassets.store.values import ValueFilter, fetch_values

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def oldham(loaded_engine: Engine) -> pd.DataFrame:
    return area_profile(loaded_engine, "E08000004").table


def test_comparators_are_england_and_region(loaded_engine: Engine) -> None:
    result = area_profile(loaded_engine, "E08000004")
    assert [c.code for c in result.comparators] == ["E92000001", "E12000002"]
    assert list(result.comparator_areas) == ["country", "england", "region"]  # no parent authority


def test_comparators_of_welsh_areas_and_districts(loaded_engine: Engine) -> None:
    """A Welsh area's country is Wales, with England offered beside it; a district's parent authority
    is its county, an LSOA's its district (docs/adr/0053)."""
    anglesey = area_profile(loaded_engine, "W06000001").comparator_areas
    assert {k: a.code for k, a in anglesey.items()} == {"country": "W92000004", "england": "E92000001"}
    preston = area_profile(loaded_engine, "E07000123").comparator_areas
    assert preston["country"].code == "E92000001" and preston["authority"].code == "E10000017"
    lsoa = area_profile(loaded_engine, "E01005000").comparator_areas
    assert lsoa["authority"].code == "E08000002" and lsoa["region"].code == "E12000002"


def test_latest_period_per_series(oldham: pd.DataFrame) -> None:
    diabetes = oldham[(oldham["indicator_id"] == 241) & (oldham["sex"] == "Persons")]
    assert diabetes["period"].tolist() == ["2023/24"]


def test_region_value_is_rebuilt_from_authority_counts(loaded_engine: Engine, oldham: pd.DataFrame) -> None:
    row = oldham[(oldham["indicator_id"] == 93701)].iloc[0]
    authorities = [a.code for a in descendants(loaded_engine, "E12000002", "ltla")]
    children = fetch_values(
        loaded_engine, ValueFilter(indicators=[93701], areas=authorities, periods=[row["period"]])
    )
    assert len(children) == 35
    expected = children["count"].sum() / children["denominator"].sum() * 100
    assert row["region_value"] == pytest.approx(expected, rel=1e-12)


def test_missing_998_limits_are_computed_with_wilson(oldham: pd.DataFrame) -> None:
    row = oldham[(oldham["indicator_id"] == 241)].iloc[0]
    frame = pd.DataFrame({"x": [row["count"]], "n": [row["denominator"]]})
    wilson = stats.proportion(frame, "x", "n", confidence=0.998, multiplier=100)
    assert row["lower99_8cl"] == pytest.approx(wilson["lower99_8cl"].iloc[0])


def test_benchmarks_follow_the_rule(oldham: pd.DataFrame) -> None:
    judged = oldham[
        oldham["benchmark_method"].str.contains("95.0", regex=False)
        & oldham["polarity"].isin(["Low is good", "High is good"])
        & oldham["england_value"].notna()
        & oldham["lower95_0cl"].notna()
    ]
    assert len(judged) > 5
    higher = judged["lower95_0cl"] > judged["england_value"]
    lower = judged["upper95_0cl"] < judged["england_value"]
    expected = np.where(
        higher,
        np.where(judged["polarity"] == "Low is good", "Worse", "Better"),
        np.where(lower, np.where(judged["polarity"] == "Low is good", "Better", "Worse"), "Similar"),
    )
    assert judged["england_benchmark"].tolist() == expected.tolist()


def test_every_row_has_a_trend(oldham: pd.DataFrame) -> None:
    assert oldham["trend"].notna().all()
    assert set(oldham["trend"]) <= {
        "Increasing",
        "Decreasing",
        "No significant change",
        "Cannot be calculated",
        "Increasing and getting better",
        "Increasing and getting worse",
        "Decreasing and getting better",
        "Decreasing and getting worse",
    }


def test_every_bundled_profile_is_installed(loaded_engine: Engine) -> None:
    """The load installs every JSON in indicators/profiles/ — nothing else (the retired demo profile
    is gone) — each domain with its key, its indicators the store holds in order, and placements."""
    bundled = bundled_profiles()
    assert {p.slug for p in bundled} >= {"health-assets", "needs"}
    assert sorted(s for s, _ in list_profiles(loaded_engine)) == sorted(p.slug for p in bundled)
    known = set(indicator_metadata(loaded_engine).index)
    for definition in bundled:
        layout = profile_layout(loaded_engine, definition.slug)
        assert [d.key for d in layout] == [d.key for d in definition.domains]
        for domain, stored in zip(definition.domains, layout, strict=True):
            assert stored.indicators == [i for i in domain.indicators if i in known]
            assert stored.placements == {
                e.id: e.placement for e in domain.entries if e.placement and e.id in known
            }
        assert [ids for _, ids in profile_domains(loaded_engine, definition.slug)] == [
            d.indicators for d in layout
        ]


def test_quintile_indicators_are_ranked_among_the_region(loaded_engine: Engine, oldham: pd.DataFrame) -> None:
    row = oldham[oldham["indicator_id"] == 93553].iloc[0]
    peers = [a.code for a in descendants(loaded_engine, "E12000002", "ltla")]
    values = fetch_values(
        loaded_engine, ValueFilter(indicators=[93553], areas=peers, periods=[row["period"]])
    )
    ranked = stats.quantiles(values.assign(p="Low is good"), "value", invert=False, quantiles=5)
    quintile = int(ranked.loc[ranked["area_code"] == "E08000004", "quantile"].iloc[0])
    assert row["region_benchmark"] == ["Best", "Better", "Middle", "Worse", "Worst"][quintile - 1]
    # the extract covers the North West only: no quintile "among England" from a tenth of it
    assert row["england_benchmark"] == "Not compared"


def test_quintile_indicators_are_ranked_among_the_parent_authority(loaded_engine: Engine) -> None:
    """An LSOA's IMD score is ranked among its district's LSOAs against the parent authority, and
    among the country's LSOAs against the country."""
    lsoa = area_profile(loaded_engine, "E01005000", indicators=[9000001]).table.iloc[0]
    labels = ["Best", "Better", "Middle", "Worse", "Worst"]
    for within, column in (("E08000002", "authority_benchmark"), ("E92000001", "country_benchmark")):
        peers = [a.code for a in descendants(loaded_engine, within, "lsoa")]
        values = fetch_values(loaded_engine, ValueFilter(indicators=[9000001], areas=peers))
        ranked = stats.quantiles(values, "value", invert=False, quantiles=5)
        quintile = int(ranked.loc[ranked["area_code"] == "E01005000", "quantile"].iloc[0])
        assert lsoa[column] == labels[quintile - 1], column
