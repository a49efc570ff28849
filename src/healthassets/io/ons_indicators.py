"""``data/ons_local/indicators.csv``: the committed metadata of every ONS local statistics and
National Survey for Wales indicator we load, checked, and turned into indicator records with every
Fingertips metadata field (as :mod:`healthassets.io.needs` writes them).

Columns: ``id`` (docs/adr/0046: 9,200,000–9,209,999 ESS, 9,210,000–9,219,999 NSW), ``dataset`` and
``source_indicator`` (which published rows), ``sex``, ``age``, ``name``, ``short_name``,
``definition``, ``rationale``, ``unit``, ``value_type``, ``multiplier``, ``decimal_places``,
``period_type``, ``frequency``, ``polarity`` + ``polarity_reason``, ``benchmark_method``,
``ci_method``, ``levels_published``, ``transform`` ('' or 'per_resident'), ``phw_dimension``
(individual / community / structural for protective factors, needs for deficits) + ``placement``,
``source_org``, ``source_url``, ``source_date``, ``source_commit``, ``data_source``, ``licence``,
``attribution``, ``caveats``, ``experimental``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.benchmark.polarity import BenchmarkMethod, parse_method, parse_polarity
from healthassets.errors import InputError
from healthassets.io.csv_files import read_csv

TABLE_COLUMNS = [
    "id", "dataset", "source_indicator", "sex", "age", "name", "short_name", "definition", "rationale",
    "unit", "value_type", "multiplier", "period_type", "frequency", "polarity", "polarity_reason",
    "benchmark_method", "ci_method", "levels_published", "transform", "phw_dimension", "placement",
    "source_org", "source_url", "source_date", "source_commit", "data_source", "licence", "attribution",
    "caveats", "experimental",
]  # fmt: skip
REQUIRED = ["dataset", "source_indicator", "sex", "age", "name", "definition", "unit", "value_type"]
REQUIRED += ["polarity", "polarity_reason", "benchmark_method", "phw_dimension", "source_org"]
REQUIRED += ["data_source", "licence", "attribution"]
DIMENSIONS = ("individual", "community", "structural", "needs")
TRANSFORMS = ("", "per_resident")
NSW_DATASET = "national-survey-for-wales"
ESS_IDS = (9_200_000, 9_209_999)
NSW_IDS = (9_210_000, 9_219_999)

METHOD_TEXT = {
    BenchmarkMethod.CI_95: "The area's 95% confidence interval is set against the comparator's value "
    "(England, Wales or the region) as the source publishes it, never recomputed from authorities; "
    "where the source publishes no comparator row the profile says so instead of benchmarking.",
    BenchmarkMethod.QUINTILES: "No confidence intervals are published: each authority is placed in a "
    "quintile among the authorities of the same kind in its own country (England and Wales ranked "
    "separately), best to worst.",
    BenchmarkMethod.NONE: "Shown, not judged.",
}
PER_RESIDENT = (
    " Per resident: the published total (£ million) × 1,000,000 ÷ usual residents (Census 2021, summed "
    "from LSOAs 2021 in data/geography/lsoa21_population_census2021_ew.csv; the 2022 authorities that "
    "2023's reorganisations replaced from the LSOA 2021 → LAD 2022 lookup)."
)
WITHHELD = (
    "The publisher withholds some values ([x] not available, [u] low reliability): they are shown as "
    "suppressed, never as zero."
)


def _fail(table: pd.DataFrame, mask: pd.Series, column: str, reason: str, file: str) -> None:
    if mask.any():
        row = int(np.flatnonzero(mask.to_numpy())[0])
        raise InputError(f"{reason}: {table[column].iloc[row]!r}", file=file, row=row + 1, column=column)


def read_indicator_table(path: Path) -> pd.DataFrame:
    """The table indexed by id, every row checked (the first problem is an InputError naming the
    row and column): ids whole, unique and in their source's range; the required texts given;
    polarity, benchmark method, dimension and transform from their vocabularies; a judged
    polarity for every compared indicator; a placement for every protective factor."""
    file = str(path)
    table = read_csv(path, text=True).fillna("")
    for column in TABLE_COLUMNS:
        if column not in table:
            raise InputError("required column is missing", file=file, column=column)
    table = table.apply(lambda column: column.astype(str).str.strip())
    ids = pd.to_numeric(table["id"], errors="coerce")
    _fail(table, ids.isna() | (ids % 1 != 0), "id", "not a whole number", file)
    _fail(table, table["id"].duplicated(), "id", "indicator id appears twice", file)
    nsw = table["dataset"] == NSW_DATASET
    low = np.where(nsw, NSW_IDS[0], ESS_IDS[0])
    high = np.where(nsw, NSW_IDS[1], ESS_IDS[1])
    _fail(table, (ids < low) | (ids > high), "id", "outside the source's id range (docs/adr/0046)", file)
    for column in REQUIRED:
        _fail(table, table[column] == "", column, "missing", file)
    _fail(table, ~table["phw_dimension"].isin(DIMENSIONS), "phw_dimension", f"not one of {DIMENSIONS}", file)
    _fail(table, ~table["transform"].isin(TRANSFORMS), "transform", f"not one of {TRANSFORMS}", file)
    protective = table["phw_dimension"] != "needs"
    _fail(
        table,
        protective & (table["placement"] == ""),
        "placement",
        "a protective factor needs a placement",
        file,
    )
    _fail(
        table, pd.to_numeric(table["multiplier"], errors="coerce").isna(), "multiplier", "not a number", file
    )
    polarity = [parse_polarity(p, row=i + 1) for i, p in enumerate(table["polarity"])]
    method = [parse_method(m, row=i + 1) for i, m in enumerate(table["benchmark_method"])]
    judged = np.array([p.judges for p in polarity], dtype=bool)
    compared = np.array([m != BenchmarkMethod.NONE for m in method], dtype=bool)
    _fail(
        table, pd.Series(compared & ~judged), "polarity", "a compared indicator needs a judged polarity", file
    )
    _fail(
        table, pd.Series(judged & ~compared), "benchmark_method", "a judged indicator must be compared", file
    )
    table["polarity"] = [p.value for p in polarity]
    table["benchmark_method"] = [m.value for m in method]
    table["multiplier"] = pd.to_numeric(table["multiplier"])
    table.index = pd.Index(ids.astype(int), name="id")
    return table.drop(columns="id")


def indicator_records(table: pd.DataFrame, withheld: set[int]) -> pd.DataFrame:
    """Store records (the ``indicators`` table's columns) of every indicator in ``table``;
    ``withheld``: ids some of whose published values are suppressed (their disclosure note)."""
    methods = table["benchmark_method"].map(lambda m: METHOD_TEXT[BenchmarkMethod(m)])
    per_resident = np.where(table["transform"] == "per_resident", PER_RESIDENT, "")
    experimental = np.where(table["experimental"] != "", " Official statistics in development.", "")
    notes = (
        "Polarity: "
        + table["polarity"]
        + ". "
        + table["polarity_reason"]
        + " Published for: "
        + table["levels_published"]
        + "."
        + experimental
    )
    records = pd.DataFrame(
        {
            "id": table.index.to_numpy(),
            "name": table["name"].to_numpy(),
            "short_name": table["short_name"].replace("", None).to_numpy(),
            "definition": table["definition"].to_numpy(),
            "rationale": table["rationale"].replace("", None).to_numpy(),
            "data_source": (table["data_source"] + ". " + table["source_url"]).to_numpy(),
            "methodology": (("Benchmarking: " + methods).to_numpy() + per_resident),
            "ci_method": table["ci_method"].replace("", None).to_numpy(),
            "caveats": table["caveats"].replace("", None).to_numpy(),
            "copyright": table["attribution"].to_numpy(),
            "data_reuse": table["licence"].to_numpy(),
            "notes": notes.to_numpy(),
            "unit": table["unit"].to_numpy(),
            "multiplier": table["multiplier"].astype(float).to_numpy(),
            "value_type": table["value_type"].to_numpy(),
            "year_type": table["period_type"].to_numpy(),
            "frequency": table["frequency"].replace("", None).to_numpy(),
            "polarity": table["polarity"].to_numpy(),
            "benchmark_method": table["benchmark_method"].to_numpy(),
            "last_updated": table["source_date"].replace("", None).to_numpy(),
            "source": table["source_org"].to_numpy(),
            "disclosure_control": [WITHHELD if i in withheld else "None applied" for i in table.index],
            "has_full_metadata": True,
            "requires_geo_aggregation": False,
            "has_multiple_sexes": False,
            "has_multiple_ages": False,
        }
    )
    return records
