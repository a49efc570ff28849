"""The area page's comparators and spider chart on the Welsh test database (tests/welsh_profile.py):
each area benchmarked against its own country by default, the spider chart scaled against the spread
of that country's areas only (docs/adr/0053)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets.benchmark.compare import benchmark
from healthassets.errors import InputError
from healthassets.services.area_page import build_area_page
from tests.welsh_profile import ANGLESEY, ENGLAND, ENGLISH_DISTRICTS, INDICATORS, SLUG, WALES, welsh_values

pytestmark = pytest.mark.db
POLARITY = {i: p for i, _, p, _, _ in INDICATORS}


def stored(engine: Engine) -> pd.DataFrame:
    with engine.connect() as connection:
        codes = [r[0] for r in connection.exec_driver_sql("SELECT DISTINCT area_code FROM indicator_values")]
    return welsh_values(tuple(sorted(codes)))


def test_each_area_is_benchmarked_against_its_own_country_by_default(welsh_engine: Engine) -> None:
    anglesey = build_area_page(welsh_engine, ANGLESEY, profile=SLUG)
    assert anglesey.comparator == "country" and anglesey.comparator_area.code == WALES  # type: ignore[union-attr]
    assert list(anglesey.comparators) == ["country", "england"]  # England: the profile has England values
    english = build_area_page(welsh_engine, ENGLISH_DISTRICTS[0], profile=SLUG)
    assert english.comparator_area.code == ENGLAND  # type: ignore[union-attr]
    assert list(english.comparators) == ["country", "region"]
    # before ADR 0053 URLs said comparator=england: on an English area that is its country
    assert (
        build_area_page(welsh_engine, ENGLISH_DISTRICTS[0], profile=SLUG, comparator="england").comparator
        == "country"
    )
    with pytest.raises(InputError, match="unknown comparator 'scotland'"):
        build_area_page(welsh_engine, ANGLESEY, profile=SLUG, comparator="scotland")


def _rows(page: object) -> pd.DataFrame:
    return pd.concat([f for _, f in page.domains if len(f)], ignore_index=True)  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["country", "england"])
def test_benchmarks_follow_the_chosen_comparator(welsh_engine: Engine, kind: str) -> None:
    rows = _rows(build_area_page(welsh_engine, ANGLESEY, profile=SLUG, comparator=kind))
    values = stored(welsh_engine).set_index(["indicator_id", "area_code"])["value"]
    target = WALES if kind == "country" else ENGLAND
    assert rows["comparator_value"].tolist() == [values[(i, target)] for i in rows["indicator_id"]]
    ci = rows[rows["benchmark_method"].str.startswith("Confidence")]
    expected = benchmark(
        ci["value"], ci["lower95_0cl"], ci["upper95_0cl"], ci["comparator_value"], ci["polarity"]
    )
    assert ci["comparator_benchmark"].tolist() == expected.tolist()
    assert set(ci["comparator_benchmark"]) - {"Not compared"}  # some rows really are judged


def test_quintiles_rank_among_the_countrys_areas_and_never_among_englands_for_a_welsh_area(
    welsh_engine: Engine,
) -> None:
    from healthassets import stats

    values = stored(welsh_engine)
    welsh = values[(values["indicator_id"] == 9299003) & values["area_code"].str.startswith("W06")]
    ranked = stats.quantiles(welsh, "value", invert=False, quantiles=5)
    quintile = int(ranked.loc[ranked["area_code"] == ANGLESEY, "quantile"].iloc[0])

    def row(kind: str) -> pd.Series:
        rows = _rows(build_area_page(welsh_engine, ANGLESEY, profile=SLUG, comparator=kind))
        return rows.set_index("indicator_id").loc[9299003]

    assert (
        row("country")["comparator_benchmark"] == ["Best", "Better", "Middle", "Worse", "Worst"][quintile - 1]
    )
    assert row("england")["comparator_benchmark"] == "Not compared"


def test_a_welsh_small_area_is_compared_with_its_authority(welsh_engine: Engine) -> None:
    values = stored(welsh_engine)
    lsoa = values.loc[values["area_code"].str.startswith("W01"), "area_code"].iloc[0]
    page = build_area_page(welsh_engine, lsoa, profile=SLUG, comparator="authority")
    assert page.comparator_area.code == ANGLESEY and list(page.comparators) == [
        "country",
        "england",
        "authority",
    ]  # type: ignore[union-attr]
    rows = _rows(page).set_index("indicator_id")
    mine = values.set_index(["indicator_id", "area_code"])["value"]
    assert rows.loc[9299001, "comparator_value"] == mine[(9299001, ANGLESEY)]


@pytest.mark.parametrize(("code", "peers"), [(ANGLESEY, "W06"), (ENGLISH_DISTRICTS[1], "E08")])
def test_spider_spokes_are_scaled_against_the_countrys_areas_only(
    welsh_engine: Engine, code: str, peers: str
) -> None:
    page = build_area_page(welsh_engine, code, profile=SLUG)
    values = stored(welsh_engine)
    country = WALES if peers == "W06" else ENGLAND
    spider = page.spider.set_index("indicator_id")
    assert spider["number"].tolist() == list(range(1, len(INDICATORS) + 1))
    for ident, _name, polarity, _method, _limits in INDICATORS:
        of = values[values["indicator_id"] == ident].set_index("area_code")["value"]
        spread = of[of.index.str.startswith(peers)]
        low, high = spread.min(), spread.max()
        if polarity == "No judgement":
            assert np.isnan(spider.loc[ident, "scaled"]), "a spoke without a better end is not drawn"
            continue
        for column, x in (("scaled", of[code]), ("country_scaled", of[country])):
            expected = (x - low) / (high - low) if polarity == "High is good" else (high - x) / (high - low)
            assert spider.loc[ident, column] == pytest.approx(min(max(expected, 0.0), 1.0), rel=1e-12), (
                ident,
                column,
            )
        assert (spider.loc[ident, "lowest"], spider.loc[ident, "highest"]) == (low, high)


def test_each_domain_lists_its_rows_in_the_profiles_indicator_order_then_by_sex() -> None:
    """A domain's rows follow the profile's order of its indicators, not their ids or sexes (the
    rows used to come out sorted by sex, then as stored: 'Female' rows of a late indicator first)."""
    from healthassets.services.area_page import ordered_domains

    rows = pd.DataFrame(
        {
            "indicator_id": [1, 2, 3, 3, 4, 5],
            "sex": ["Persons", "Persons", "Male", "Female", "Persons", "Persons"],
            "value": [1.0, 2.0, 3.0, 3.5, 4.0, 5.0],
        }
    )
    domains = [("First", [4, 3, 1]), ("Second", [5, 2, 9, 5]), ("Empty", [8])]
    ordered = ordered_domains(rows, domains)
    assert [name for name, _ in ordered] == ["First", "Second", "Empty"]
    first, second, empty = (frame for _, frame in ordered)
    assert list(zip(first["indicator_id"], first["sex"], strict=True)) == [
        (4, "Persons"),
        (3, "Female"),
        (3, "Male"),
        (1, "Persons"),
    ]
    assert list(second["indicator_id"]) == [5, 2] and empty.empty
