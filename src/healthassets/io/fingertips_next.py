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
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from healthassets.errors import InputError
from healthassets.indicators.corrections import apply_corrections
from healthassets.indicators.periods import period_labels
from healthassets.io.corrections import FILE_NAME as CORRECTIONS
from healthassets.io.corrections import read_corrections
from healthassets.io.values import (
    ImportReport,
    known_area_codes,
    raise_or_keep,
    validate_values,
    write_batch,
)
from healthassets.store.indicator_corrections import record_corrections
from healthassets.store.models import Indicator

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
    table = pd.read_csv(directory / "indicators.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
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


def save_indicators(engine: Engine, indicators: pd.DataFrame) -> None:
    """Insert or update indicators (by id) in one transaction."""
    records = indicators.astype(object).where(indicators.notna(), None).to_dict("records")
    with Session(engine) as session, session.begin():
        for record in records:
            session.merge(Indicator(**{str(k): v for k, v in record.items()}))


def read_values(directory: Path, indicators: pd.DataFrame) -> pd.DataFrame:
    """healthdata.csv in the canonical value layout, with 1-based ``row`` numbers."""
    path = directory / "healthdata.csv"
    if not path.exists():
        raise InputError("file not found", file=str(path))
    table = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
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


def load_fingertips_next(
    engine: Engine,
    directory: Path,
    *,
    skip_invalid: bool = True,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Load the extract's indicators, with ``corrections.csv`` applied (ADR 0040), and values (one
    batch, invalid rows reported)."""
    directory = Path(directory)
    corrected = apply_corrections(read_indicators(directory), read_corrections(directory / CORRECTIONS))
    indicators = corrected.indicators
    file = str(directory / "healthdata.csv")
    frame = read_values(directory, indicators)
    frame, problems = validate_values(frame, known_area_codes(engine), file)
    unknown = ~frame["indicator_id"].isin(indicators["id"]) & frame["indicator_id"].notna()
    if unknown.any():
        from healthassets.io.values import _problems

        problems += _problems(frame, unknown, "indicator_id", "indicator not in the metadata", file)
    report = ImportReport(source="fingertips-next", rows_read=len(frame), problems=problems)
    valid = raise_or_keep(frame, problems, skip_invalid=skip_invalid, file=file)
    save_indicators(engine, indicators)
    record_corrections(engine, "fingertips-next", corrected.outcome)
    write_batch(
        engine,
        "fingertips-next:healthdata.csv",
        "fingertips-next",
        valid,
        file_name="healthdata.csv",
        rows_rejected=report.rows_rejected,
        progress=progress,
    )
    report.rows_loaded = len(valid)
    return report
