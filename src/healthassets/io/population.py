"""Census 2021 usual residents per LSOA as an indicator (id 9,220,010, docs/adr/0046 and 0049): the
size of the population every small area's other figures refer to.

Source: ``geography/lsoa21_population_census2021_ew.csv`` (ONS, Census 2021 usual residents by
"Age (6 categories)", OGL v3.0; ``total`` is the sum of the six bands, checked). Larger areas are
sums of their LSOAs (:func:`healthassets.indicators.aggregate.sum_to_parents`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.errors import InputError
from healthassets.io.csv_files import read_csv
from healthassets.io.needs import CENSUS_COPYRIGHT, _frame, _numbers

FILE_NAME = "lsoa21_population_census2021_ew.csv"
SOURCE = "small-areas:census2021-population"
POPULATION_SOURCE = (
    "Office for National Statistics, Census 2021: usual residents by age (6 categories), custom dataset"
)
RESIDENTS = 9_220_010
BANDS = ["age_0_15", "age_16_24", "age_25_34", "age_35_49", "age_50_64", "age_65_plus"]

_COMMON: dict[str, object] = {
    "has_full_metadata": True,
    "data_source": POPULATION_SOURCE,
    "source": POPULATION_SOURCE,
    "copyright": CENSUS_COPYRIGHT,
    "data_reuse": "Open Government Licence v3.0",
    "year_type": "Calendar",
    "frequency": "Every 10 years",
    "caveats": "Census day 21 March 2021. ONS perturbs small cells of custom tables (cell key "
    "perturbation), so LSOA counts can differ slightly from published totals; MSOA, ward and "
    "authority values are sums of their LSOAs (wards: their best-fit LSOAs, docs/adr/0049).",
    "polarity": "No judgement",
}


def population_indicators() -> pd.DataFrame:
    """Metadata: residents, a count shown and not compared."""
    rows = [
        {
            **_COMMON,
            "id": RESIDENTS,
            "name": "Usual residents (Census 2021)",
            "short_name": "Residents",
            "definition": "Number of usual residents on census day 2021.",
            "rationale": "The size of the population an area's assets and needs refer to.",
            "value_type": "Count",
            "unit": "residents",
            "multiplier": 1.0,
            "benchmark_method": "No comparison",
            "methodology": "LSOA counts as published; larger areas are the sum of their LSOAs.",
        }
    ]
    return pd.DataFrame(rows)


def read_population(path: Path) -> pd.DataFrame:
    """Residents per LSOA in the canonical value layout."""
    table = read_csv(path, text=True)
    for column in ["LSOA21CD", "total", *BANDS]:
        if column not in table:
            raise InputError("required column is missing", file=str(path), column=column)
    table = _numbers(table, ["total", *BANDS], path)
    for column in ["total", *BANDS]:
        bad = table[column].isna() | (table[column] < 0)
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
            raise InputError("residents must be a number, 0 or more", file=str(path), row=row, column=column)
    differs = (table[BANDS].sum(axis=1) - table["total"]).abs() > 0.5
    if differs.any():
        row = int(np.flatnonzero(differs.to_numpy())[0]) + 1
        raise InputError("the age bands do not add up to the total", file=str(path), row=row, column="total")
    codes = table["LSOA21CD"].str.strip()
    total = table["total"].to_numpy()
    frame = _frame(codes, RESIDENTS, "2021", value=total, count=total)
    frame["row"] = np.arange(1, len(table) + 1)
    return frame
