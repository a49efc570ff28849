"""A reduced data directory for tests that run ``healthassets load`` end to end (the fault tests):
the bundled data with the small-area files cut to one authority (Oldham's 142 LSOAs), the
Fingertips values and ONS local statistics cut to England, Wales, regions and Greater Manchester's
districts, the detailed boundaries to Greater Manchester's, and no asset register (its
step is skipped when ``assets/classification.csv`` is missing). Files not cut are symbolic links to
the repository's ``data/``, so building one costs a few hundred milliseconds.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "data"
AUTHORITY = "E08000004"  # Oldham
#: small-area files cut to the authority's LSOAs (their first column is the LSOA code)
LSOA_FILES = (
    "imd2025_england_lsoa21.csv",
    "census2021_household_deprivation_lsoa21.csv",
    "lsoa21_population_census2021_ew.csv",
    "lsoa21_pwc_ew.csv",
)
#: Fingertips values kept: England, regions, metropolitan districts
VALUE_PREFIXES = ("E92", "E12", *(f"E080000{n:02d}" for n in range(1, 11)))
#: detailed small-area boundaries kept: Greater Manchester's (where the register's points are placed)
BOUNDARY_AUTHORITIES = tuple(f"E080000{n:02d}" for n in range(1, 11))
BOUNDARY_FOLDERS = ("lsoa21_north_west", "msoa21_north_west")
LINKED = ("boundaries", "planning", "instruments")
#: ONS local statistics kept: the same kinds of area (and Wales, whose survey rows need it)
ONS_PREFIXES = ("E92", "E12", *VALUE_PREFIXES[2:], "W92")


def build(target: Path) -> Path:
    """Write the reduced data directory into ``target`` (created) and return it."""
    target.mkdir(parents=True, exist_ok=True)
    for name in LINKED:
        (target / name).symlink_to(DATA / name, target_is_directory=True)
    fingertips, geography, ons = target / "fingertips", target / "geography", target / "ons_local"
    for folder in (fingertips, geography, ons):
        folder.mkdir()
    for path in (DATA / "ons_local").iterdir():
        if path.name != "ess_tidy.csv.gz":
            (ons / path.name).symlink_to(path, target_is_directory=path.is_dir())
    local = pd.read_csv(DATA / "ons_local" / "ess_tidy.csv.gz", dtype=str, keep_default_na=False)
    local[local["area_code"].str.startswith(ONS_PREFIXES)].to_csv(ons / "ess_tidy.csv.gz", index=False)
    for path in (DATA / "fingertips").iterdir():
        if path.name != "healthdata.csv":
            (fingertips / path.name).symlink_to(path)
    values = pd.read_csv(DATA / "fingertips" / "healthdata.csv", dtype=str, keep_default_na=False)
    values[values["AreaCode"].str.startswith(VALUE_PREFIXES)].to_csv(
        fingertips / "healthdata.csv", index=False
    )
    lookup = pd.read_csv(DATA / "geography" / "lsoa21_lookup_ew.csv", dtype=str, keep_default_na=False)
    lookup = lookup[lookup["LAD24CD"] == AUTHORITY]
    lookup.to_csv(geography / "lsoa21_lookup_ew.csv", index=False)
    lsoas = set(lookup["LSOA21CD"])
    for name in LSOA_FILES:
        table = pd.read_csv(DATA / "geography" / name, dtype=str, keep_default_na=False)
        table[table.iloc[:, 0].isin(lsoas)].to_csv(geography / name, index=False)
    for name in BOUNDARY_FOLDERS:
        (geography / name).mkdir()
        for code in BOUNDARY_AUTHORITIES:
            (geography / name / f"{code}.geojson.gz").symlink_to(
                DATA / "geography" / name / f"{code}.geojson.gz"
            )
    for path in (DATA / "geography").iterdir():
        if not (geography / path.name).exists():
            (geography / path.name).symlink_to(path, target_is_directory=path.is_dir())
    return target


def lsoa_codes(data_dir: Path) -> list[str]:
    """The LSOAs of the reduced directory's authority."""
    lookup = pd.read_csv(data_dir / "geography" / "lsoa21_lookup_ew.csv", usecols=["LSOA21CD"], dtype=str)
    return sorted(lookup["LSOA21CD"])
