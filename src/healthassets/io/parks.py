"""ONS access to public parks (April 2020): the average distance to the nearest park, public garden
or playing field per LSOA 2011, and its indicator's metadata (id 9,220,000, docs/adr/0046, 0049).

Files: ``ons_local/ons_parks_access_lsoa11/parks_access_lsoa11_tidy.csv.gz`` (its README gives the
source), ``geography/lsoa11_lsoa21_lookup_ew.csv`` (ONS change types) and, as the 2011 population
weights of merged LSOAs, ``pop_total_mid2015`` of ``geography/imd2019_england_lsoa11.csv`` (England
only: Welsh merges take equal weights). The move onto LSOA 2021 is
:func:`healthassets.geography.lsoa_change.lsoa11_to_lsoa21`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.errors import ImportValidationError, InputError, RowProblem
from healthassets.geography.areas import area_types_of
from healthassets.io.csv_files import read_csv
from healthassets.io.needs import _frame

PARKS_ID = 9_220_000
FILE = Path("ons_local") / "ons_parks_access_lsoa11" / "parks_access_lsoa11_tidy.csv.gz"
SOURCE = "small-areas:ons-parks-access-2020"
PERIOD = "2020"
PUBLISHER = (
    "Office for National Statistics, Access to public parks and playing fields, Great Britain, April 2020"
)
COLUMNS = ["area_code", "area_type", "period", "value", "unit"]


def parks_indicator() -> pd.DataFrame:
    """The indicator's full metadata: ONS, OGL, contains OS data; low is good; quintiles."""
    return pd.DataFrame(
        [
            {
                "id": PARKS_ID,
                "name": "Distance to the nearest park, public garden or playing field (m)",
                "short_name": "Distance to nearest park (m)",
                "has_full_metadata": True,
                "definition": "Average distance, in metres, from the homes of the area to the nearest park, "
                "public garden or playing field, as ONS published it for April 2020.",
                "rationale": "Green space close to home is a structural health asset: it supports physical "
                "activity, mental well-being and social contact.",
                "data_source": PUBLISHER,
                "source": "Office for National Statistics",
                "methodology": "ONS, from Ordnance Survey greenspace data, averaged over each LSOA 2011 (see "
                "the ONS release for the distance method). Moved onto LSOA 2021 by the ONS change "
                "type (unchanged and split: the 2011 value; merged and irregular: the mean of the "
                "2011 values weighted by their mid-2015 populations where bundled, England, else "
                "equal weights). MSOAs, wards, authorities and countries: the mean of their LSOAs "
                "weighted by Census 2021 residents.",
                "value_type": "Distance",
                "unit": "m",
                "multiplier": 1.0,
                "polarity": "Low is good",
                "benchmark_method": "Quintiles",
                "year_type": "Calendar",
                "frequency": "One-off (2020)",
                "copyright": "Source: Office for National Statistics licensed under the Open Government "
                "Licence v.3.0. Contains OS data © Crown copyright and database right 2020.",
                "data_reuse": "Open Government Licence v3.0",
                "caveats": "Published for LSOAs 2011; 269 of 34,753 English and Welsh LSOAs 2011 are "
                "missing from the bundled copy, so the 2021 LSOAs made from them, and the areas holding "
                "those, have no value. Distances are not published with confidence intervals: compared "
                "by quintile, lower (nearer) is better.",
            }
        ]
    )


def read_parks(path: Path) -> pd.Series:
    """Distance (m) by LSOA 2011 code, English and Welsh rows only (Scottish data zones left out);
    every problem at once with its row and column."""
    table = read_csv(path, text=True)
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise InputError("required column is missing", file=str(path), column=missing[0])
    table.index = pd.RangeIndex(1, len(table) + 1)
    table = table[table["area_code"].str[:1].isin(["E", "W"])]
    numbers = pd.to_numeric(table["value"], errors="coerce")
    problems: list[RowProblem] = []
    for mask, column, reason in (
        (area_types_of(table["area_code"]) != "lsoa", "area_code", "not an LSOA code"),
        (numbers.isna() | (numbers < 0), "value", "not a distance in metres"),
        (table["unit"] != "metres", "unit", "not metres"),
        (table["area_code"].duplicated(), "area_code", "LSOA appears twice"),
    ):
        for row, value in table.loc[mask, column].head(50).items():
            problems.append(RowProblem(int(row), column, f"{reason}: {value!r}", str(path)))
    if problems:
        raise ImportValidationError(problems, file=str(path))
    return pd.Series(numbers.to_numpy(float), index=table["area_code"].to_numpy())


def read_lsoa11_population(path: Path) -> pd.Series:
    """Mid-2015 residents by LSOA 2011 (England) from the IMD 2019 file: the merge weights."""
    table = read_csv(path, text=True)
    for column in ("LSOA11CD", "pop_total_mid2015"):
        if column not in table:
            raise InputError("required column is missing", file=str(path), column=column)
    population = pd.to_numeric(table["pop_total_mid2015"], errors="coerce")
    return pd.Series(population.to_numpy(float), index=table["LSOA11CD"].to_numpy())


def parks_values(lsoa21: pd.DataFrame) -> pd.DataFrame:
    """The LSOA 2021 distances (``LSOA21CD``, ``value``) in the canonical value layout."""
    frame = _frame(lsoa21["LSOA21CD"], PARKS_ID, PERIOD, value=lsoa21["value"].to_numpy(float))
    frame["row"] = np.arange(1, len(frame) + 1)
    return frame
