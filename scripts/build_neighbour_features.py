"""Derive data/geography/neighbour_features.csv: one row per local authority of England and Wales
(every district, unitary, metropolitan district, London borough and Welsh principal area) and per
English county, with the variables the statistical neighbours are computed from (docs/adr/0041).

    python scripts/build_neighbour_features.py

Every value is aggregated from LSOA 2021 rows of the bundled files in data/geography/ (all ONS or
MHCLG, Open Government Licence v3.0):

- ``lsoa21_lookup_ew.csv``: LSOA → authority (``LAD24CD``) → county (``UTLACD``) and the Rural–Urban
  Classification 2021 (``RUC21_urban_rural``);
- ``lsoa21_population_census2021_ew.csv``: Census 2021 usual residents by age band;
- ``census2021_household_deprivation_lsoa21.csv``: Census 2021 households by deprivation dimensions;
- ``imd2025_england_lsoa21.csv``: English Indices of Deprivation 2025 domain scores (England only).

Shares are sums over the authority's LSOAs (residents, households); the rural share is the share of
residents living in LSOAs classed rural; IMD scores are the population-weighted mean of the LSOA
scores (MHCLG's "average score" summary, weighted here by Census 2021 residents). Welsh rows have no
IMD columns (the English indices do not cover Wales).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
GEOGRAPHY = ROOT / "data" / "geography"
OUT = GEOGRAPHY / "neighbour_features.csv"
IMD_DOMAINS = {
    "Income_score": "imd_income",
    "Employment_score": "imd_employment",
    "Education_score": "imd_education",
    "Health_score": "imd_health",
    "Crime_score": "imd_crime",
    "Housing_and_Services_score": "imd_housing_services",
    "Environment_score": "imd_environment",
}
#: authorities that are their own upper tier (the lookup's UTLACD carries 2025 codes for two of them)
OWN_UPPER_TIER = ("E06", "E08", "E09", "W06")


def lsoa_table() -> pd.DataFrame:
    """One row per LSOA 2021: its authority, county, rurality, population, households and IMD."""
    lookup = pd.read_csv(
        GEOGRAPHY / "lsoa21_lookup_ew.csv",
        dtype=str,
        usecols=["LSOA21CD", "LAD24CD", "LAD24NM", "UTLACD", "UTLANM", "RUC21_urban_rural"],
    )
    population = pd.read_csv(GEOGRAPHY / "lsoa21_population_census2021_ew.csv").drop(columns="LSOA21NM")
    households = pd.read_csv(GEOGRAPHY / "census2021_household_deprivation_lsoa21.csv").rename(
        columns={"lsoa21_code": "LSOA21CD"}
    )
    imd = pd.read_csv(GEOGRAPHY / "imd2025_england_lsoa21.csv", usecols=["lsoa21_code", *IMD_DOMAINS])
    imd = imd.rename(columns={"lsoa21_code": "LSOA21CD", **IMD_DOMAINS})
    table = lookup.merge(population, on="LSOA21CD", validate="1:1").merge(
        households, on="LSOA21CD", validate="1:1"
    )
    table = table.merge(imd, on="LSOA21CD", how="left", validate="1:1")
    if len(table) != len(lookup):
        raise SystemExit(f"{len(lookup) - len(table)} LSOAs lack population or household data")
    own = table["LAD24CD"].str[:3].isin(OWN_UPPER_TIER)
    table["upper_code"] = table["UTLACD"].where(~own, table["LAD24CD"])
    table["upper_name"] = table["UTLANM"].where(~own, table["LAD24NM"])
    table["rural_residents"] = table["total"].where(table["RUC21_urban_rural"] == "Rural", 0)
    deprived = [f"households_deprived_in_{n}_dimensions" for n in (2, 3, 4)]
    table["households_deprived_2plus"] = table[deprived].sum(axis=1)
    table["households_deprived_1plus"] = (
        table["households_deprived_2plus"] + table["households_deprived_in_1_dimension"]
    )
    for column in IMD_DOMAINS.values():
        table[f"{column}_x_pop"] = table[column] * table["total"]
    table["imd_pop"] = table["total"].where(table[list(IMD_DOMAINS.values())].notna().all(axis=1), 0)
    return table


def aggregate(table: pd.DataFrame, code: str, name: str) -> pd.DataFrame:
    """Sum the LSOAs of each area (``code`` column) and turn the sums into the features."""
    sums = table.groupby([code, name]).agg(
        population=("total", "sum"),
        age_0_15=("age_0_15", "sum"),
        age_65_plus=("age_65_plus", "sum"),
        households=("households_total", "sum"),
        deprived_1plus=("households_deprived_1plus", "sum"),
        deprived_2plus=("households_deprived_2plus", "sum"),
        rural=("rural_residents", "sum"),
        imd_pop=("imd_pop", "sum"),
        **{f"{c}_x_pop": (f"{c}_x_pop", "sum") for c in IMD_DOMAINS.values()},
    )
    out = pd.DataFrame(index=sums.index)
    out["population"] = sums["population"]
    out["share_aged_0_15"] = sums["age_0_15"] / sums["population"]
    out["share_aged_65_plus"] = sums["age_65_plus"] / sums["population"]
    out["share_households_deprived_1plus"] = sums["deprived_1plus"] / sums["households"]
    out["share_households_deprived_2plus"] = sums["deprived_2plus"] / sums["households"]
    out["share_rural"] = sums["rural"] / sums["population"]
    english = sums["imd_pop"] > 0
    for column in IMD_DOMAINS.values():
        out[column] = (sums[f"{column}_x_pop"] / sums["imd_pop"]).where(english)
    out = out.reset_index().rename(columns={code: "code", name: "name"})
    return out


def build_features() -> pd.DataFrame:
    """Every authority and county with its features, sorted by code, rounded as written."""
    table = lsoa_table()
    lower = aggregate(table, "LAD24CD", "LAD24NM")
    counties = table[table["upper_code"].str.startswith("E10")]
    upper = aggregate(counties, "upper_code", "upper_name")
    features = pd.concat([lower, upper], ignore_index=True).sort_values("code", ignore_index=True)
    shares = [c for c in features.columns if c.startswith("share_")]
    features[shares] = features[shares].round(6)
    imd = list(IMD_DOMAINS.values())
    features[imd] = features[imd].round(4)
    return features


def main() -> None:
    features = build_features()
    features.to_csv(OUT, index=False, lineterminator="\n")
    print(f"wrote {len(features)} areas to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
