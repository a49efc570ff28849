"""The FingertipsNext extract (data/fingertips/): indicators with full metadata, and values.

Column layouts (see data/README.md): ``indicators.csv`` (IndicatorID, Polarity,
BenchmarkComparisonMethod, ValueType, IndicatorName, PeriodType, Frequency, …),
``indicators_metadata.json`` (39 keys per indicator) and ``healthdata.csv`` (IndicatorId, AreaCode,
Year, Sex, Age, CategoryType, Category, Value, LowerCI, UpperCI, Count, Denominator, Trend, …).

``Year`` is the *start* year of the period (the metadata's ``latestDataPeriod`` 01/04/2023 is the
2023/24 financial year), labelled by the indicator's period type (see
:func:`healthassets.indicators.periods.period_labels`). The extract's CIs are 95 % only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.errors import InputError, RowProblem
from healthassets.indicators.periods import period_labels
from healthassets.io.csv_files import read_csv
from healthassets.io.values import _problems, validate_values

#: metadata JSON key → Indicator attribute
METADATA_KEYS = {
    "indicatorName": "name",
    "indicatorDefinition": "definition",
    "rationale": "rationale",
    "dataSource": "data_source",
    "method": "methodology",
    "standardPopulation": "standard_population",
    "ciMethod": "ci_method",
    "ciMethodDetails": "ci_method_details",
    "countDefinition": "numerator_definition",
    "countSource": "numerator_source",
    "denominatorDefinition": "denominator_definition",
    "denominatorSource": "denominator_source",
    "denominatorType": "denominator_type",
    "disclouseControl": "disclosure_control",
    "caveats": "caveats",
    "copyright": "copyright",
    "reuse": "data_reuse",
    "notes": "notes",
    "rounding": "rounding",
    "unitLabel": "unit",
    "valueType": "value_type",
    "periodType": "year_type",
    "frequency": "frequency",
    "polarity": "polarity",
    "benchmarkComparisonMethod": "benchmark_method",
    "earliestDataPeriod": "earliest_period",
    "latestDataPeriod": "latest_period",
    "lastUpdatedDate": "last_updated",
}
#: metadata JSON flag → Indicator boolean attribute. Not stored: ``indicatorID`` (the id),
#: ``unitValue`` (→ ``multiplier``), ``associatedAreaCodes`` (follows from the values) and
#: ``usedInPoc`` (a FingertipsNext proof-of-concept switch, not indicator metadata).
FLAG_KEYS = {
    "hasInequalities": "has_inequalities",
    "requiresGeoAggregation": "requires_geo_aggregation",
    "hasMultipleSexes": "has_multiple_sexes",
    "hasMultipleAges": "has_multiple_ages",
    "hasMultipleDeprivation": "has_multiple_deprivation",
    "containsCumulativePeriodData": "contains_cumulative_period_data",
    "hideInSearch": "hide_in_search",
}
#: indicator.csv column → Indicator attribute
CSV_KEYS = {
    "IndicatorName": "name",
    "Polarity": "polarity",
    "BenchmarkComparisonMethod": "benchmark_method",
    "ValueType": "value_type",
    "PeriodType": "year_type",
    "Frequency": "frequency",
}
#: indicators in the values but in neither indicator file (name from data/README.md)
KNOWN_GAPS = {
    92026: {
        "name": "Reception prevalence of obesity (including severe obesity), 5 years data combined",
        "value_type": "Proportion",
        "year_type": "Academic",
        "unit": "%",
        "multiplier": 100.0,
    }
}
SOURCE = "Office for Health Improvement and Disparities, Fingertips (via FingertipsNext, MIT)"


def _blank(value: object) -> object:
    text = str(value).strip() if value is not None else ""
    return None if text in ("", "None", "nan") else text.replace("\r\n", "\n")


def _flags(values: pd.Series | None) -> pd.Series | None:
    """JSON booleans or 'True'/'False' text → object column of True/False/None."""
    if values is None:
        return None
    text = values.astype("string").str.strip().str.lower()
    return text.map({"true": True, "false": False}).astype(object).where(text.isin(["true", "false"]), None)


def read_indicators(directory: Path) -> pd.DataFrame:
    """One row per indicator with every metadata field the extract has."""
    table = read_csv(directory / "indicators.csv", text=True)
    base = table.rename(columns=CSV_KEYS).assign(id=pd.to_numeric(table["IndicatorID"]).astype(int))
    base["requires_geo_aggregation"] = _flags(table.get("RequiresGeoAggregation"))
    base = base[["id", *CSV_KEYS.values(), "requires_geo_aggregation"]].set_index("id")
    with (directory / "indicators_metadata.json").open(encoding="utf-8-sig") as handle:
        metadata = pd.DataFrame(json.load(handle))
    meta = metadata.rename(columns=METADATA_KEYS)
    meta["id"] = pd.to_numeric(metadata["indicatorID"]).astype(int)
    meta["multiplier"] = pd.to_numeric(metadata.get("unitValue"), errors="coerce")
    for key, attribute in FLAG_KEYS.items():
        meta[attribute] = _flags(metadata.get(key))
    meta = meta[["id", "multiplier", *METADATA_KEYS.values(), *FLAG_KEYS.values()]].set_index("id")
    gaps = pd.DataFrame.from_dict(KNOWN_GAPS, orient="index")
    combined = meta.combine_first(base).combine_first(gaps)
    combined["has_full_metadata"] = combined.index.isin(meta.index)
    combined["source"] = SOURCE
    numeric = {"multiplier", "has_full_metadata", *FLAG_KEYS.values()}
    text_columns = [c for c in combined.columns if c not in numeric]
    combined[text_columns] = combined[text_columns].map(_blank)
    return combined.reset_index().rename(columns={"index": "id"})


def read_values(directory: Path, indicators: pd.DataFrame) -> pd.DataFrame:
    """healthdata.csv in the canonical value layout, with 1-based ``row`` numbers."""
    path = directory / "healthdata.csv"
    table = read_csv(path, text=True)
    needed = ["IndicatorId", "AreaCode", "Year", "Sex", "Age", "Value"]
    for column in needed:
        if column not in table:
            raise InputError("required column is missing", file=str(path), column=column)
    year = pd.to_numeric(table["Year"], errors="coerce")
    ids = pd.to_numeric(table["IndicatorId"], errors="coerce")
    period_type = ids.map(indicators.set_index("id")["year_type"])
    labels = pd.Series("", index=table.index, dtype=object)
    ok = year.notna()
    labels[ok] = period_labels(year[ok], period_type[ok].astype(object))
    return pd.DataFrame(
        {
            "indicator_id": table["IndicatorId"],
            "area_code": table["AreaCode"],
            "period": labels,
            "sex": table["Sex"],
            "age": table["Age"],
            "category_type": table.get("CategoryType", ""),
            "category": table.get("Category", ""),
            "value": table["Value"],
            "count": table.get("Count", ""),
            "denominator": table.get("Denominator", ""),
            "lower95_0cl": table.get("LowerCI", ""),
            "upper95_0cl": table.get("UpperCI", ""),
            "lower99_8cl": "",
            "upper99_8cl": "",
            "value_note": "",
            "recent_trend": table.get("Trend", ""),
            "row": np.arange(1, len(table) + 1),
        }
    )


def validate_extract_values(
    frame: pd.DataFrame, indicators: pd.DataFrame, known_areas: Iterable[str], file: str
) -> tuple[pd.DataFrame, list[RowProblem]]:
    """:func:`healthassets.io.values.validate_values`, and every value's indicator must be in the
    extract's metadata (``indicators``, from :func:`read_indicators`)."""
    frame, problems = validate_values(frame, known_areas, file)
    unknown = ~frame["indicator_id"].isin(indicators["id"]) & frame["indicator_id"].notna()
    if unknown.any():
        problems += _problems(frame, unknown, "indicator_id", "indicator not in the metadata", file)
    return frame, problems
