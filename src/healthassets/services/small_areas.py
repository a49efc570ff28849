"""Use case: the small-area indicators at every level — LSOA values loaded, then aggregated from the
LSOAs to MSOAs, electoral wards, local authorities and the two countries (docs/adr/0049).

Aggregated: IMD 2025 score and domain scores (population-weighted means; the IMD rank and decile
never), Census 2021 household deprivation (proportions from summed households, Wilson limits),
Census 2021 residents (counts summed) and the distance to
the nearest park or public garden (population-weighted mean). The weights are Census 2021 usual
residents per LSOA. Authorities and countries get a value only where every LSOA in them has one, so
IMD values stop at England, and a Welsh area has none.

The aggregates are one batch (``small-areas:aggregates``), rewritten whole at each load, after the
LSOA sources they are built from.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.geography.lsoa_change import lsoa11_to_lsoa21
from healthassets.indicators.aggregate import aggregate_small_areas
from healthassets.indicators.periods import period_sortable
from healthassets.io import parks
from healthassets.io.csv_files import read_csv
from healthassets.io.geography import read_lsoa_membership
from healthassets.io.population import FILE_NAME as POPULATION_FILE
from healthassets.io.population import SOURCE as POPULATION_SOURCE
from healthassets.io.population import population_indicators, read_population
from healthassets.io.values import ImportReport, raise_or_keep, validate_values
from healthassets.services.asset_places import lsoa_population
from healthassets.store import Engine
from healthassets.store import areas as area_store
from healthassets.store.derived import values_of_area_type
from healthassets.store.indicators import indicator_metadata, save_indicators
from healthassets.store.values import BatchOfValues, write_batches

__all__ = [
    "AGGREGATES_SOURCE",
    "SMALL_AREA_INDICATORS",
    "aggregate_lsoa_values",
    "load_parks_access",
    "load_population",
]

AGGREGATES_SOURCE = "small-areas:aggregates"
#: IMD 2025 scores (9,000,001–008), household deprivation (9,000,101–104), population
#: (9,220,010) and parks access (9,220,000); ranks and deciles are left out on purpose
SMALL_AREA_INDICATORS = [
    *range(9_000_001, 9_000_009),
    *range(9_000_101, 9_000_105),
    9_220_000,
    9_220_010,
]


def load_population(engine: Engine, geography_dir: Path, *, skip_invalid: bool = True) -> ImportReport:
    """Census 2021 residents per LSOA as an indicator (one batch, replaced)."""
    path = Path(geography_dir) / POPULATION_FILE
    return _write_lsoa_source(
        engine, path, read_population(path), population_indicators(), POPULATION_SOURCE, skip_invalid
    )


def load_parks_access(engine: Engine, data_dir: Path, *, skip_invalid: bool = True) -> ImportReport:
    """ONS distance to the nearest park (LSOA 2011, 2020) moved onto LSOA 2021 (one batch)."""
    data_dir = Path(data_dir)
    path = data_dir / parks.FILE
    lookup = read_csv(data_dir / "geography" / "lsoa11_lsoa21_lookup_ew.csv", text=True)
    weights = parks.read_lsoa11_population(data_dir / "geography" / "imd2019_england_lsoa11.csv")
    lsoa21 = lsoa11_to_lsoa21(parks.read_parks(path), lookup, weights)
    return _write_lsoa_source(
        engine, path, parks.parks_values(lsoa21), parks.parks_indicator(), parks.SOURCE, skip_invalid
    )


def _write_lsoa_source(
    engine: Engine, path: Path, frame: pd.DataFrame, metadata: pd.DataFrame, source: str, skip_invalid: bool
) -> ImportReport:
    """Validate a source's LSOA values against the stored areas, then write its indicators and its
    batch (replacing the previous one)."""
    frame, problems = validate_values(
        frame.astype({"indicator_id": str}), area_store.known_area_codes(engine), str(path)
    )
    valid = raise_or_keep(frame, problems, skip_invalid=skip_invalid, file=str(path))
    report = ImportReport(source=source, rows_read=len(frame), rows_loaded=len(valid), problems=problems)
    save_indicators(engine, metadata)
    write_batches(engine, [BatchOfValues(source, "small-areas", [valid], path.name, report.rows_rejected)])
    return report


def aggregate_lsoa_values(
    engine: Engine, data_dir: Path, indicators: list[int] | None = None
) -> ImportReport:
    """Aggregate the stored LSOA values of ``indicators`` (default :data:`SMALL_AREA_INDICATORS`) to
    every MSOA, ward, authority and country, each by its kind's method, and write them as one batch."""
    data_dir = Path(data_dir)
    wanted = indicators or SMALL_AREA_INDICATORS
    children = values_of_area_type(engine, wanted, "lsoa")
    membership = read_lsoa_membership(data_dir / "geography" / "lsoa21_lookup_ew.csv")
    meta = indicator_metadata(engine)
    found = aggregate_small_areas(
        children,
        membership,
        value_type=meta["value_type"],
        multiplier=meta["multiplier"],
        weights=lsoa_population(data_dir),
    )
    found = found[found["area_code"].isin(area_store.existing_codes(engine, found["area_code"].unique()))]
    frame = _value_frame(found)
    write_batches(engine, [BatchOfValues(AGGREGATES_SOURCE, "small-areas", [frame], None, 0)])
    return ImportReport(source=AGGREGATES_SOURCE, rows_read=len(children), rows_loaded=len(frame))


def _value_frame(found: pd.DataFrame) -> pd.DataFrame:
    """The aggregates in the canonical value layout (their period's sort key, no notes or trend)."""
    periods = pd.Series(found["period"].unique())
    sortable = dict(zip(periods, period_sortable(periods), strict=True))
    frame = found.assign(
        indicator_id=found["indicator_id"].astype("int64"),
        period_sortable=found["period"].map(sortable).astype("int64"),
        value_note=None,
        recent_trend=None,
    )
    for column in (
        "value",
        "count",
        "denominator",
        "lower95_0cl",
        "upper95_0cl",
        "lower99_8cl",
        "upper99_8cl",
    ):
        frame[column] = frame[column].astype(float)
    return frame[np.isfinite(frame["value"])].reset_index(drop=True)
