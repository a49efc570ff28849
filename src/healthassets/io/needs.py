"""Small-area needs data as indicators: IMD 2025 and Census 2021 household deprivation per LSOA.

Local indicator ids live in 9,000,000–9,999,999 so they never collide with Fingertips ids (which
are below 1,000,000); see docs/adr/0004-local-indicator-ids.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from healthassets import stats
from healthassets.errors import InputError
from healthassets.io.csv_files import read_csv
from healthassets.io.values import ImportReport, raise_or_keep, validate_values

IMD_SOURCE = "English Indices of Deprivation 2025, Ministry of Housing, Communities and Local Government"
IMD_COPYRIGHT = "© Crown copyright. Open Government Licence v3.0."
CENSUS_SOURCE = "Office for National Statistics, Census 2021 (TS011 Households by deprivation dimensions)"
CENSUS_COPYRIGHT = "Source: Office for National Statistics licensed under the Open Government Licence v.3.0."

IMD_DOMAINS = {
    "IMD": "Index of Multiple Deprivation",
    "Income": "Income deprivation domain",
    "Employment": "Employment deprivation domain",
    "Education": "Education, skills and training deprivation domain",
    "Health": "Health deprivation and disability domain",
    "Crime": "Crime domain",
    "Housing_and_Services": "Barriers to housing and services domain",
    "Environment": "Living environment deprivation domain",
}


def _indicator(ident: int, name: str, **fields: object) -> dict[str, object]:
    return {"id": ident, "name": name, "has_full_metadata": True, **fields}


#: metadata every IMD 2025 indicator shares
IMD_COMMON: dict[str, object] = {
    "data_source": IMD_SOURCE,
    "source": IMD_SOURCE,
    "copyright": IMD_COPYRIGHT,
    "data_reuse": "Open Government Licence v3.0",
    "methodology": "MHCLG English Indices of Deprivation 2025 technical report.",
    "multiplier": 1.0,
    "year_type": "Calendar",
    "frequency": "Every 4-5 years",
}


def imd_indicators() -> pd.DataFrame:
    """Score per domain (ids 9000001…), plus the IMD rank (9000010) and decile (9000011)."""
    rows = [
        _indicator(
            9_000_001 + offset,
            f"{title} score (IMD 2025)",
            **IMD_COMMON,
            definition=f"The {title} score of the English Indices of Deprivation 2025 for each "
            "Lower layer Super Output Area (2021). Higher scores mean more deprivation.",
            rationale="Deprivation is a key determinant of health; the IoD 2025 is the official "
            "measure of relative deprivation for small areas in England.",
            value_type="Score",
            unit="score",
            polarity="Low is good",
            benchmark_method="Quintiles",
            short_name=f"{key.replace('_', ' ')} score",
        )
        for offset, (key, title) in enumerate(IMD_DOMAINS.items())
    ]
    for ident, kind, definition in (
        (9_000_010, "rank", "Rank of the LSOA among all 33,755 in England; 1 = most deprived."),
        (9_000_011, "decile", "National decile of the LSOA's IMD rank; 1 = most deprived 10 %."),
    ):
        rows.append(
            _indicator(
                ident,
                f"Index of Multiple Deprivation {kind} (IMD 2025)",
                **IMD_COMMON,
                definition=definition,
                value_type=kind.capitalize(),
                unit=kind,
                polarity="High is good",
                benchmark_method="No comparison",
            )
        )
    return pd.DataFrame(rows)


CENSUS_LEVELS = {1: "one or more", 2: "two or more", 3: "three or more", 4: "all four"}


def census_indicators() -> pd.DataFrame:
    rows = [
        _indicator(
            9_000_100 + k,
            f"Households deprived in {words} dimensions (Census 2021)",
            definition=f"Percentage of households deprived in {words} of the four Census 2021 "
            "dimensions of deprivation: employment, education, health and disability, housing.",
            rationale="Household deprivation shows where needs concentrate within local authorities.",
            data_source=CENSUS_SOURCE,
            methodology="Numerator: households deprived in at least the stated number of dimensions; "
            "denominator: all households. Wilson score confidence intervals.",
            ci_method="Wilson Score method",
            numerator_definition=f"Households deprived in {words} dimensions",
            denominator_definition="All households",
            copyright=CENSUS_COPYRIGHT,
            data_reuse="Open Government Licence v3.0",
            value_type="Proportion",
            unit="%",
            multiplier=100.0,
            year_type="Calendar",
            frequency="Every 10 years",
            polarity="Low is good",
            benchmark_method="Confidence intervals overlapping reference value (95.0)",
            source=CENSUS_SOURCE,
            short_name=f"Households deprived ({k}+ dimensions)",
        )
        for k, words in CENSUS_LEVELS.items()
    ]
    return pd.DataFrame(rows)


def _frame(codes: pd.Series, ident: int, period: str, **columns: object) -> pd.DataFrame:
    n = len(codes)
    base = {
        "indicator_id": ident,
        "area_code": codes.to_numpy(),
        "period": period,
        "sex": "Persons",
        "age": "All ages",
        "category_type": "",
        "category": "",
        "value": np.nan,
        "count": np.nan,
        "denominator": np.nan,
        "lower95_0cl": np.nan,
        "upper95_0cl": np.nan,
        "lower99_8cl": np.nan,
        "upper99_8cl": np.nan,
        "value_note": "",
        "recent_trend": "",
    }
    base.update(columns)
    frame = pd.DataFrame(base, index=range(n))
    return frame


def read_imd(path: Path) -> pd.DataFrame:
    table = read_csv(path, text=True)
    needed = ["lsoa21_code", "IMD_rank", "IMD_decile", *[f"{key}_score" for key in IMD_DOMAINS]]
    for column in needed:
        if column not in table:
            raise InputError("required column is missing", file=str(path), column=column)
    table = _numbers(table, needed[1:], path)
    parts = [
        _frame(table["lsoa21_code"], 9_000_001 + i, "2025", value=table[f"{key}_score"].to_numpy())
        for i, key in enumerate(IMD_DOMAINS)
    ]
    parts.append(_frame(table["lsoa21_code"], 9_000_010, "2025", value=table["IMD_rank"].to_numpy()))
    parts.append(_frame(table["lsoa21_code"], 9_000_011, "2025", value=table["IMD_decile"].to_numpy()))
    frame = pd.concat(parts, ignore_index=True)
    frame["row"] = np.tile(np.arange(1, len(table) + 1), len(parts))
    return frame


def _numbers(table: pd.DataFrame, columns: list[str], path: Path) -> pd.DataFrame:
    """The columns as floats; the first cell that is not a number is an InputError (row, column)."""
    out = table.copy()
    for column in columns:
        text = table[column].astype("string").str.strip()
        numbers = pd.to_numeric(text, errors="coerce")
        bad = numbers.isna() & text.notna() & (text != "")
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(f"not a number: {text.iloc[row]!r}", file=str(path), row=row + 1, column=column)
        out[column] = numbers.astype(float)
    return out


def read_census_deprivation(path: Path) -> pd.DataFrame:
    table = read_csv(path, text=True)
    dims = [
        "households_deprived_in_1_dimension",
        "households_deprived_in_2_dimensions",
        "households_deprived_in_3_dimensions",
        "households_deprived_in_4_dimensions",
    ]
    for column in ["lsoa21_code", "households_total", *dims]:
        if column not in table:
            raise InputError("required column is missing", file=str(path), column=column)
    table = _numbers(table, ["households_total", *dims], path)
    for column in ["households_total", *dims]:
        for mask, reason in (
            (table[column].isna(), "the number of households is missing"),
            (table[column] < 0, "households cannot be negative"),
        ):
            if mask.any():
                row = int(np.flatnonzero(mask.to_numpy())[0]) + 1
                raise InputError(reason, file=str(path), row=row, column=column)
    deprived = table[dims].sum(axis=1)
    over = deprived > table["households_total"]
    if over.any():
        row = int(np.flatnonzero(over.to_numpy())[0]) + 1
        raise InputError(
            "more deprived households than households", file=str(path), row=row, column="households_total"
        )
    parts = []
    for k in CENSUS_LEVELS:
        count = table[dims[k - 1 :]].sum(axis=1)
        block = pd.DataFrame({"count": count, "denominator": table["households_total"]})
        valid = (block["denominator"] > 0) & (block["count"] <= block["denominator"])
        limits = stats.proportion(
            block.where(valid), "count", "denominator", confidence=[0.95, 0.998], multiplier=100
        )
        parts.append(
            _frame(
                table["lsoa21_code"],
                9_000_100 + k,
                "2021",
                **{
                    c: limits[c].to_numpy()
                    for c in ("value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl")
                },
                count=count.to_numpy(),
                denominator=table["households_total"].to_numpy(),
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    frame["row"] = np.tile(np.arange(1, len(table) + 1), len(parts))
    return frame


@dataclass(frozen=True)
class NeedsSource:
    """One needs file in ``data/geography/``: its reader, its indicators and its batch's source."""

    file_name: str
    source: str
    read: Callable[[Path], pd.DataFrame]
    indicators: Callable[[], pd.DataFrame]


NEEDS_SOURCES = (
    NeedsSource("imd2025_england_lsoa21.csv", "needs:imd2025", read_imd, imd_indicators),
    NeedsSource(
        "census2021_household_deprivation_lsoa21.csv",
        "needs:census2021-household-deprivation",
        read_census_deprivation,
        census_indicators,
    ),
)


def validate_needs(
    folder: Path, needs: NeedsSource, known_areas: Iterable[str], *, skip_invalid: bool = True
) -> tuple[pd.DataFrame, ImportReport]:
    """Read and check one needs file: the rows to store and the report (every problem raises an
    ImportValidationError unless ``skip_invalid``, which leaves the bad rows out)."""
    path = Path(folder) / needs.file_name
    frame = needs.read(path).astype({"indicator_id": str})
    frame, problems = validate_values(frame, known_areas, str(path))
    valid = raise_or_keep(frame, problems, skip_invalid=skip_invalid, file=str(path))
    report = ImportReport(
        source=needs.source, rows_read=len(frame), rows_loaded=len(valid), problems=problems
    )
    return valid, report
