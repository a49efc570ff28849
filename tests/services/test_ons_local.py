"""The ONS local statistics and National Survey for Wales load (docs/adr/0047) on the real data: every
authority benchmarked, the publishers' comparator rows used as they are, suppressed values kept
suppressed, per-resident values, quintiles within each country, and "No comparator value published"."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, text

from healthassets.benchmark import NO_COMPARATOR, benchmark, benchmark_quintiles
from healthassets.indicators.disclosure import SUPPRESSED, apply_disclosure
from healthassets.services.area_page import disclosure_of
from healthassets.services.ons_local import ESS_SOURCE, NSW_SOURCE, load_ons_local
from healthassets.stats.quantiles import QuantileWarning
from healthassets.store.values import ValueFilter, fetch_values
from tests.conftest import DATA, REPO

pytestmark = pytest.mark.db

PROFILE = REPO / "src" / "healthassets" / "indicators" / "profiles" / "health-assets.json"
#: the two smallest authorities, where the publishers withhold most survey estimates
WITHHELD_AREAS = {"E06000053": "Isles of Scilly", "E09000001": "City of London"}
NOT_BENCHMARKED = ("Not compared", NO_COMPARATOR)


def _derived(engine: Engine, indicators: list[int]) -> pd.DataFrame:
    query = text(
        "SELECT d.indicator_id, d.area_code, v.sex, v.period, v.value, v.lower95_0cl, v.upper95_0cl, "
        "d.england_value, d.england_benchmark, d.region_value, d.region_benchmark, d.country_value, "
        "d.country_benchmark FROM derived_area_values d JOIN indicator_values v ON v.id = d.value_id "
        f"WHERE v.category_type = '' AND d.indicator_id IN ({','.join(map(str, indicators))})"
    )
    with engine.connect() as connection:
        return pd.read_sql(query, connection)


def _current_authorities() -> pd.Series:
    lookup = pd.read_csv(DATA / "geography" / "lsoa21_lookup_ew.csv", usecols=["LAD24CD"], dtype=str)
    return pd.Series(sorted(lookup["LAD24CD"].unique()))


def test_every_authority_has_20_benchmarked_health_assets(loaded_engine: Engine) -> None:
    profile = json.loads(PROFILE.read_text(encoding="utf-8"))
    ids = [i["id"] for d in profile["domains"] for i in d["indicators"]]
    rows = _derived(loaded_engine, ids)
    label = rows["england_benchmark"].where(rows["area_code"].str.startswith("E"), rows["country_benchmark"])
    judged = rows[label.notna() & ~label.isin(NOT_BENCHMARKED)]
    counts = judged.groupby("area_code")["indicator_id"].nunique()
    authorities = _current_authorities()
    assert len(authorities) == 318
    found = counts.reindex(authorities).fillna(0)
    short = found[found < 20]
    assert set(short.index) == set(WITHHELD_AREAS), short
    assert found[authorities.str.startswith("W").to_numpy()].min() >= 20
    # the two exceptions are the publishers' suppression, not ours
    for code in WITHHELD_AREAS:
        mine = rows[(rows["area_code"] == code) & rows["value"].isna()]
        assert mine["indicator_id"].nunique() >= 5, code


def test_comparators_are_the_published_rows(loaded_engine: Engine) -> None:
    published = pd.read_csv(DATA / "ons_local" / "ess_tidy.csv.gz", dtype=str, keep_default_na=False)
    latest = published[
        (published["indicator"] == "Satisfaction") & (published["period_start"] == "2022-04-01")
    ]
    value_of = pd.to_numeric(latest.set_index("area_code")["value"], errors="coerce")
    rows = _derived(loaded_engine, [9_200_000]).set_index("area_code")
    oldham, anglesey = rows.loc["E08000004"], rows.loc["W06000001"]
    assert oldham["period"] == "2022/23"
    assert oldham["england_value"] == oldham["country_value"] == value_of["E92000001"]
    assert oldham["region_value"] == value_of["E12000002"]
    assert anglesey["country_value"] == value_of["W92000004"]
    # England is an alternative comparator for a Welsh area (ADR 0053): England's published row
    assert anglesey["england_value"] == value_of["E92000001"]
    for row in (oldham, anglesey):
        expected = benchmark(
            [row["value"]],
            [row["lower95_0cl"]],
            [row["upper95_0cl"]],
            [row["country_value"]],
            ["High is good"],
        )
        assert row["country_benchmark"] == expected[0]


def test_no_comparator_published_is_said_instead_of_benchmarking(loaded_engine: Engine) -> None:
    smoking = _derived(loaded_engine, [9_200_100]).set_index("area_code")  # no region rows published
    assert smoking.loc["E08000004", "region_benchmark"] == NO_COMPARATOR
    assert smoking.loc["E08000004", "england_benchmark"] in ("Better", "Similar", "Worse")
    poverty = _derived(loaded_engine, [9_200_104]).set_index("area_code")  # no England row: quintiles
    assert poverty.loc["E08000004", ["england_value"]].isna().all()
    assert poverty.loc["E08000004", "england_benchmark"] in ("Best", "Better", "Middle", "Worse", "Worst")


def test_suppressed_values_stay_suppressed(loaded_engine: Engine) -> None:
    values = fetch_values(
        loaded_engine, ValueFilter(indicators=[9_200_000], areas=["E06000053"], periods=["2022/23"])
    )
    assert len(values) == 1 and np.isnan(values["value"].iloc[0])
    assert values["value_note"].iloc[0] == "Suppressed by the publisher ([x] not available)"
    shown = apply_disclosure(values, disclosure_of(loaded_engine))
    assert shown["value_status"].tolist() == [SUPPRESSED]


def test_natural_capital_is_compared_per_resident(loaded_engine: Engine) -> None:
    people = pd.read_csv(
        DATA / "geography" / "lsoa21_population_census2021_ew.csv", usecols=["LSOA21CD", "total"]
    )
    lookup = pd.read_csv(DATA / "geography" / "lsoa21_lookup_ew.csv", usecols=["LSOA21CD", "LAD24CD"])
    residents = people.merge(lookup, on="LSOA21CD").groupby("LAD24CD")["total"].sum()
    values = fetch_values(
        loaded_engine, ValueFilter(indicators=[9_200_030, 9_200_031], areas=["E08000004", "W06000015"])
    )
    for code in ("E08000004", "W06000015"):
        mine = values[(values["area_code"] == code) & (values["period"] == "2024")].set_index("indicator_id")
        assert mine.loc[9_200_031, "value"] == pytest.approx(
            mine.loc[9_200_030, "value"] * 1e6 / residents[code]
        )
    rows = _derived(loaded_engine, [9_200_030, 9_200_031]).set_index(["indicator_id", "area_code"])
    assert (
        rows.loc[(9_200_030, "E08000004"), "england_benchmark"] == "Not compared"
    )  # the total: shown, not judged
    assert rows.loc[(9_200_031, "E08000004"), "england_benchmark"] in (
        "Best",
        "Better",
        "Middle",
        "Worse",
        "Worst",
    )


def test_quintiles_rank_each_country_separately(loaded_engine: Engine) -> None:
    rows = _derived(loaded_engine, [9_200_020])  # residents within a walk of a library: no CIs
    authorities = set(_current_authorities())
    peers = rows[rows["area_code"].isin(authorities)].assign(polarity="High is good").reset_index(drop=True)
    peers["country"] = peers["area_code"].str[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QuantileWarning)
        apart = benchmark_quintiles(peers, "value", "polarity", group_by="country")
        together = benchmark_quintiles(peers, "value", "polarity")
    assert (peers["country_benchmark"] == apart).all()
    assert (peers["country_benchmark"] != together).any()
    welsh = peers[peers["country"] == "W"]
    assert len(welsh) == 22 and welsh["country_benchmark"].value_counts().max() <= 5
    english = peers[peers["country"] == "E"]
    assert (english["england_benchmark"] == english["country_benchmark"]).all()


def test_the_load_writes_one_batch_per_source_and_counts_what_it_leaves(loaded_geography: Engine) -> None:
    loaded = load_ons_local(loaded_geography, DATA / "ons_local", DATA / "geography")
    ess, nsw = loaded.reports
    assert (ess.source, nsw.source) == (ESS_SOURCE, NSW_SOURCE)
    assert nsw.rows_loaded == 6 * 23 and nsw.rows_rejected == 0
    rejected = ess.to_frame()
    unknown = rejected[rejected["reason"].str.startswith("unknown area code")]
    with loaded_geography.connect() as connection:
        held = set(
            connection.scalars(text("SELECT code FROM areas WHERE code LIKE 'E07%' OR code LIKE 'E10%'"))
        )
        stored = set(connection.scalars(text("SELECT DISTINCT area_code FROM indicator_values")))
    # the authorities replaced in 2023: loaded under their own codes where they are areas, else
    # reported — never dropped silently or moved to their successor
    for code in ("E07000026", "E07000163", "E07000187", "E10000006"):
        assert (code in stored) if code in held else unknown["reason"].str.endswith(code).any(), code
    assert not {"E06000063", "E06000065"} & set(unknown["reason"].str.slice(-9))
    assert ess.rows_read == ess.rows_loaded + ess.rows_rejected
    skipped = loaded.skipped["ess_tidy.csv.gz"]
    assert skipped["outside England and Wales (Scotland, Northern Ireland)"] > 10_000
    assert any("Skipped (ess_tidy.csv.gz)" in line for line in loaded.lines())
    with loaded_geography.connect() as connection:
        batches = dict(connection.execute(text("SELECT source, rows_loaded FROM import_batches")).all())
        indicators = connection.scalar(
            text("SELECT count(*) FROM indicators WHERE id >= 9200000 AND id < 9220000")
        )
    assert batches == {ESS_SOURCE: ess.rows_loaded, NSW_SOURCE: nsw.rows_loaded}
    assert indicators == 46
