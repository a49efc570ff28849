"""Small-area indicators aggregated from LSOAs to MSOAs, wards, the authority and the country."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets import stats
from healthassets.io.needs import census_indicators, imd_indicators
from healthassets.io.population import population_indicators
from healthassets.services.small_areas import AGGREGATES_SOURCE, aggregate_lsoa_values
from healthassets.store.areas import write_geography
from healthassets.store.indicators import save_indicators
from healthassets.store.values import ValueFilter, fetch_values, write_batch
from tests.store.test_values import values

pytestmark = pytest.mark.db

LSOAS = [  # LSOA, MSOA, ward, residents
    ("E01005400", "E02001106", "E05000807", 1_000),
    ("E01005401", "E02001106", "E05000807", 3_000),
    ("E01005402", "E02001107", "E05000808", 2_000),
]


@pytest.fixture
def oldham(engine: Engine, tmp_path: Path) -> tuple[Engine, Path]:
    geography = tmp_path / "geography"
    geography.mkdir()
    lookup = pd.DataFrame(
        {
            "LSOA21CD": [r[0] for r in LSOAS],
            "LSOA21NM": ["Oldham 009C", "Oldham 009D", "Oldham 010A"],
            "MSOA21CD": [r[1] for r in LSOAS],
            "MSOA21NM": ["Oldham 009", "Oldham 009", "Oldham 010"],
            "WD24CD": [r[2] for r in LSOAS],
            "WD24NM": ["Coldhurst", "Coldhurst", "Werneth"],
            "LAD24CD": "E08000004",
            "LAD24NM": "Oldham",
            "CTRYCD": "E92000001",
        }
    )
    lookup.to_csv(geography / "lsoa21_lookup_ew.csv", index=False)
    pd.DataFrame({"LSOA21CD": [r[0] for r in LSOAS], "total": [r[3] for r in LSOAS]}).to_csv(
        geography / "lsoa21_population_census2021_ew.csv", index=False
    )
    areas = pd.DataFrame(
        [("E92000001", "England", "country"), ("E08000004", "Oldham", "metropolitan")]
        + [(r[1], r[1], "msoa") for r in LSOAS[1:]]
        + [(r[2], r[2], "ward") for r in LSOAS[1:]]
        + [(r[0], r[0], "lsoa") for r in LSOAS],
        columns=["code", "name", "area_type"],
    ).assign(name_cy=None)
    links = pd.DataFrame(
        [("E08000004", "E92000001")]
        + [(m, "E08000004") for m in {r[1] for r in LSOAS} | {r[2] for r in LSOAS}]
        + [(r[0], r[1]) for r in LSOAS]
        + [(r[0], r[2]) for r in LSOAS],
        columns=["child_code", "parent_code"],
    ).assign(hierarchy="administrative")
    write_geography(engine, areas, links)
    save_indicators(engine, pd.concat([imd_indicators(), census_indicators(), population_indicators()]))
    codes = [r[0] for r in LSOAS]
    score = values(codes, period="2025").assign(indicator_id=9_000_001, value=[10.0, 40.0, 20.0])
    rank = values(codes, period="2025").assign(indicator_id=9_000_010, value=[1.0, 2.0, 3.0])
    share = values(codes, period="2021").assign(
        indicator_id=9_000_101, count=[100.0, 300.0, 50.0], denominator=[400.0, 1_200.0, 800.0]
    )
    share["value"] = share["count"] / share["denominator"] * 100
    residents = values(codes, period="2021").assign(indicator_id=9_220_010, value=[r[3] for r in LSOAS])
    write_batch(engine, "lsoas", "test", pd.concat([score, rank, share, residents], ignore_index=True))
    return engine, tmp_path


def stored(engine: Engine, indicator: int) -> pd.DataFrame:
    found = fetch_values(engine, ValueFilter(indicators=[indicator]))
    return found[found["area_type"] != "lsoa"].set_index("area_code")


def test_every_level_by_its_method(oldham: tuple[Engine, Path]) -> None:
    engine, data = oldham
    report = aggregate_lsoa_values(engine, data)
    assert report.source == AGGREGATES_SOURCE and report.rows_loaded > 0
    score = stored(engine, 9_000_001)["value"]
    assert score["E02001106"] == pytest.approx((1_000 * 10 + 3_000 * 40) / 4_000)  # population-weighted
    assert score["E05000808"] == 20 and score["E08000004"] == pytest.approx(
        (10_000 + 120_000 + 40_000) / 6_000
    )
    assert score["E92000001"] == score["E08000004"]  # England is this one authority here
    assert stored(engine, 9_000_010).empty  # ranks are never aggregated
    share = stored(engine, 9_000_101)
    expected = stats.proportion(pd.DataFrame({"n": [400.0], "d": [1_600.0]}), "n", "d", multiplier=100)
    assert share.loc["E05000807", ["count", "denominator"]].tolist() == [400, 1_600]
    assert share.loc["E05000807", "value"] == pytest.approx(25.0)
    assert share.loc["E05000807", "lower95_0cl"] == pytest.approx(expected.loc[0, "lower95_0cl"])
    residents = stored(engine, 9_220_010)["value"]
    assert residents.to_dict() == {
        "E02001106": 4_000,
        "E02001107": 2_000,
        "E05000807": 4_000,
        "E05000808": 2_000,
        "E08000004": 6_000,
        "E92000001": 6_000,
    }


def test_rerunning_replaces_and_a_missing_lsoa_stops_its_parents(oldham: tuple[Engine, Path]) -> None:
    engine, data = oldham
    aggregate_lsoa_values(engine, data)
    first = len(fetch_values(engine, ValueFilter(indicators=[9_220_010])))
    # the LSOA values lose E01005401: its MSOA, ward, authority and country get no value
    frame = values(["E01005400", "E01005402"], period="2021").assign(indicator_id=9_220_010, value=[1.0, 2.0])
    write_batch(engine, "lsoas", "test", frame)
    aggregate_lsoa_values(engine, data)
    residents = stored(engine, 9_220_010)["value"]
    assert residents.to_dict() == {"E02001107": 2.0, "E05000808": 2.0}
    assert first == 3 + 6 and np.isfinite(residents).all()


def test_the_bundled_aggregates(loaded_engine: Engine) -> None:
    """Independent recomputations from the bundled files agree with what the load stored."""
    from tests.conftest import DATA

    geography = DATA / "geography"
    lookup = pd.read_csv(geography / "lsoa21_lookup_ew.csv", dtype=str)
    people = pd.read_csv(geography / "lsoa21_population_census2021_ew.csv").set_index("LSOA21CD")["total"]
    residents = fetch_values(loaded_engine, ValueFilter(indicators=[9_220_010])).set_index("area_code")[
        "value"
    ]
    oldham = lookup.loc[lookup["LAD24CD"] == "E08000004", "LSOA21CD"]
    assert residents["E08000004"] == people[oldham].sum()
    assert residents["W92000004"] + residents["E92000001"] == people.sum()
    ward = lookup.loc[lookup["WD24CD"] == "E05014657", "LSOA21CD"]
    imd = pd.read_csv(geography / "imd2025_england_lsoa21.csv").set_index("lsoa21_code")["IMD_score"]
    scores = fetch_values(loaded_engine, ValueFilter(indicators=[9_000_001]))
    score = scores.set_index("area_code")["value"]
    assert score["E05014657"] == pytest.approx((imd[ward] * people[ward]).sum() / people[ward].sum())
    assert not scores["area_code"].str.startswith("W").any()  # the English indices stop at England
    assert set(scores["area_type"]) == {
        "lsoa",
        "msoa",
        "ward",
        "metropolitan",
        "unitary",
        "district",
        "london-borough",
        "country",
    }
    households = pd.read_csv(geography / "census2021_household_deprivation_lsoa21.csv")
    english = households[households["lsoa21_code"].str.startswith("E")]
    deprived = english.filter(like="households_deprived_in_").drop(
        columns="households_deprived_in_0_dimensions"
    )
    share = fetch_values(loaded_engine, ValueFilter(indicators=[9_000_101], areas=["E92000001"]))
    assert share["value"].iloc[0] == pytest.approx(
        deprived.to_numpy().sum() / english["households_total"].sum() * 100
    )
    # ranks and deciles stay at LSOA level
    above = fetch_values(loaded_engine, ValueFilter(indicators=[9_000_010, 9_000_011], area_type="msoa"))
    assert above.empty
    # parks: 269 (mostly rural) LSOAs have no published distance, so neither do their authorities
    # nor the countries — a mean without them would understate the distance
    parks = fetch_values(loaded_engine, ValueFilter(indicators=[9_220_000]))
    assert {"lsoa", "msoa", "ward", "unitary", "metropolitan"} <= set(parks["area_type"])
    assert not {"E92000001", "W92000004"} & set(parks["area_code"])
    assert len(parks[parks["area_type"] == "lsoa"]) == 35_672 - 269
