"""Which published area rows are held, code changes, and resident populations."""

from __future__ import annotations

import pandas as pd

from healthassets.io.ons_areas import (
    ITL,
    NOT_HELD,
    OUTSIDE,
    TOTALS,
    held_codes,
    read_la_codes,
    renamed_codes,
    resident_population,
    skip_reasons,
)
from tests.conftest import DATA


def test_skip_reasons_by_code() -> None:
    codes = pd.Series(["E92000001", "W06000001", "E07000026", "S12000033", "N09000001", "K02000001"])
    codes = pd.concat([codes, pd.Series(["TLD", "TLL", "E11000001", "E13000001", "E67000001", "W42000004"])])
    reasons = skip_reasons(codes.reset_index(drop=True)).tolist()
    assert reasons == ["", "", "", OUTSIDE, OUTSIDE, TOTALS, "", ITL, NOT_HELD, NOT_HELD, NOT_HELD, NOT_HELD]


def test_codes_changed_for_a_boundary_change_map_to_the_held_code_only() -> None:
    la_codes = read_la_codes(DATA / "geography" / "la_all_codes.csv")
    held = ["E08000016", "E08000019", "E06000063", "E06000058"]
    renamed = renamed_codes(la_codes, held)
    assert renamed.to_dict() == {"E08000038": "E08000016", "E08000039": "E08000019"}
    # a predecessor (Allerdale) is never moved to its successor
    assert held_codes(pd.Series(["E07000026", "TLC", "e08000038"]), renamed).tolist() == [
        "E07000026",
        "E12000001",
        "E08000016",
    ]


def test_resident_population_sums_census_lsoas() -> None:
    population = resident_population(DATA / "geography")
    lsoas = pd.read_csv(DATA / "geography" / "lsoa21_population_census2021_ew.csv")
    assert population["E92000001"] + population["W92000004"] == lsoas["total"].sum()
    lookup = pd.read_csv(DATA / "geography" / "lsoa21_lookup_ew.csv", usecols=["LSOA21CD", "LAD24CD"])
    oldham = lookup.loc[lookup["LAD24CD"] == "E08000004", "LSOA21CD"]
    assert population["E08000004"] == lsoas.loc[lsoas["LSOA21CD"].isin(oldham), "total"].sum()
    # 2022 authorities (replaced in 2023) from the LSOA 2021 → LAD 2022 lookup; Cumberland = its three
    cumberland = population[["E07000026", "E07000028", "E07000029"]].sum()
    assert population["E06000063"] == cumberland
