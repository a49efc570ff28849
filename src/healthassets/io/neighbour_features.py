"""Read ``geography/neighbour_features.csv``: the per-authority variables of the statistical
neighbours (built by scripts/build_neighbour_features.py; docs/adr/0041).

Validated as a whole, every problem reported at once with file, row (1 = first data row) and
column: codes must be authority or county codes and unique, every number must parse, population
must be positive, shares must lie in 0…1, and IMD domain scores must be present for English areas
(they are empty for Welsh ones).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.errors import ImportValidationError, InputError, RowProblem
from healthassets.geography.areas import area_types_of
from healthassets.io.csv_files import read_csv

FILE = Path("geography") / "neighbour_features.csv"
SHARES = (
    "share_aged_0_15",
    "share_aged_65_plus",
    "share_households_deprived_1plus",
    "share_households_deprived_2plus",
    "share_rural",
)
IMD = (
    "imd_income",
    "imd_employment",
    "imd_education",
    "imd_health",
    "imd_crime",
    "imd_housing_services",
    "imd_environment",
)
COLUMNS = ("code", "name", "population", *SHARES, *IMD)
AUTHORITY_TYPES = ("unitary", "metropolitan", "london-borough", "district", "county")
MAX_PROBLEMS_PER_KIND = 50


def read_neighbour_features(path: Path) -> pd.DataFrame:
    """The features indexed by area code (columns ``name``, ``population``, the shares and the IMD
    domain scores as floats; IMD missing outside England)."""
    if not Path(path).exists():
        raise InputError("file not found (run scripts/build_neighbour_features.py)", file=str(path))
    table = read_csv(path, text=True)
    table.columns = [str(c).strip() for c in table.columns]
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ImportValidationError(
            [RowProblem(0, c, "required column is missing", str(path)) for c in missing]
        )
    table = table[list(COLUMNS)].apply(lambda column: column.str.strip())
    table.index = pd.RangeIndex(1, len(table) + 1)
    numbers = table[["population", *SHARES, *IMD]].apply(pd.to_numeric, errors="coerce")
    problems = _problems(table, numbers, str(path))
    if problems:
        raise ImportValidationError(problems, file=str(path))
    out = numbers.astype(float)
    out.insert(0, "name", table["name"])
    out.index = pd.Index(table["code"].str.upper(), name="code")
    return out


def _problems(table: pd.DataFrame, numbers: pd.DataFrame, file: str) -> list[RowProblem]:
    problems: list[RowProblem] = []

    def report(mask: pd.Series, column: str, reason: str) -> None:
        for row, value in table.loc[mask, column].head(MAX_PROBLEMS_PER_KIND).items():
            problems.append(RowProblem(int(row), column, f"{reason}: {value!r}", file))

    codes = table["code"].str.upper()
    report(~area_types_of(codes).isin(AUTHORITY_TYPES), "code", "not a local authority or county code")
    report(codes.duplicated(keep="first"), "code", "area appears twice")
    report(table["name"] == "", "name", "empty name")
    for column in numbers.columns:
        written = table[column] != ""
        report(written & numbers[column].isna(), column, "not a number")
        report(written & ~np.isfinite(numbers[column].fillna(0.0)), column, "not a finite number")
    report(~(numbers["population"] > 0), "population", "population must be a positive number")
    for column in SHARES:
        report(~numbers[column].between(0, 1), column, "a share must lie between 0 and 1")
    english = codes.str.startswith("E")
    for column in IMD:
        report(english & (table[column] == ""), column, "an English area needs its IMD domain score")
    return problems
