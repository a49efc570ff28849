"""Protective-factor and needs indicators for every local authority in England and Wales, from ONS
"Explore local statistics" (ESS) and the National Survey for Wales (NSW), as indicators and values.

``data/ons_local/indicators.csv`` lists every indicator we load (ids: docs/adr/0046; polarity,
benchmark method and placement: docs/adr/0047) and which published rows feed it (``dataset`` +
``source_indicator``). The readers here turn the published tidy files into rows of
:data:`healthassets.io.values.VALUE_COLUMNS` and report every problem as a
:class:`~healthassets.errors.RowProblem` (file, 1-based data row, column, reason); the caller
validates the rows (:func:`healthassets.io.values.validate_values`) and writes them
(:mod:`healthassets.services.ons_local`). Nothing is recomputed from authorities: comparator rows
(England, Wales, regions) are the publishers' own. The one transformation is per resident: a
published total in £ million × 1,000,000 ÷ usual residents (Census 2021, :func:`resident_population`).
Suppressed values (``status`` x = not available, u = low reliability) stay rows without a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.errors import InputError, RowProblem
from healthassets.io.csv_files import header, read_csv
from healthassets.io.ons_areas import held_codes, resident_population, skip_reasons
from healthassets.io.ons_indicators import read_indicator_table
from healthassets.io.values import VALUE_COLUMNS, to_numbers

__all__ = [
    "ESS_FILE",
    "NSW_FILE",
    "ParsedSource",
    "ess_periods",
    "read_ess",
    "read_indicator_table",
    "read_nsw",
    "resident_population",
]

ESS_FILE = "ess_tidy.csv.gz"
NSW_FILE = "wales_national_survey/nsw_adult_lifestyles_tidy.csv"
ESS_COLUMNS = ["area_code", "indicator", "period_start", "period_length", "value", "lower_ci_95"]
ESS_COLUMNS += ["upper_ci_95", "status", "notes", "dataset"]
NSW_COLUMNS = ["area_code", "area_name", "indicator", "period", "value"]
#: publishers' status marks for a withheld value (GSS symbols)
SUPPRESSION = {"x": "not available", "u": "low reliability"}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
NO_POPULATION = "no resident population for a per-resident value (combined authority)"


@dataclass
class ParsedSource:
    """One published file read into value rows: the rows, the problems found reading them, and the
    rows not loaded, counted by reason."""

    values: pd.DataFrame
    problems: list[RowProblem] = field(default_factory=list)
    skipped: pd.Series = field(default_factory=lambda: pd.Series(dtype="int64"))


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    """The ``columns`` of the CSV at ``path`` as text (a missing column is an InputError), with
    ``row``: the 1-based data row."""
    names = [name.strip() for name in header(path)] if path.exists() else []
    for column in columns:
        if names and column not in names:
            raise InputError("required column is missing", file=str(path), column=column)
    raw = read_csv(path, text=True, usecols=lambda name: name.strip() in columns)
    raw.columns = [str(c).strip() for c in raw.columns]
    raw["row"] = np.arange(1, len(raw) + 1)
    return raw


def ess_periods(start: pd.Series, length: pd.Series) -> pd.Series:
    """Fingertips period labels for ISO 8601 periods: ``2022-04-01``/``P1Y`` → '2022/23',
    ``2023-01-01``/``P1Y`` → '2023', ``2011-01-01``/``P3Y`` → '2011 - 13', a bare date (a snapshot)
    → 'May 2024'. Anything else → missing (a malformed period)."""
    parts = start.astype("string").str.extract(r"^(\d{4})-(\d{2})-(\d{2})$")
    year = pd.to_numeric(parts[0], errors="coerce").astype(float).to_numpy()
    month = pd.to_numeric(parts[1], errors="coerce").astype(float).to_numpy()
    span = length.astype("string").fillna("").str.strip()
    years = pd.to_numeric(span.str.extract(r"^P(\d)Y$")[0], errors="coerce").astype(float).to_numpy()
    known = ~np.isnan(year) & (month >= 1) & (month <= 12)
    y = np.where(known, year, 2000).astype(int)
    first = pd.Series(y.astype(str), index=start.index)
    following = pd.Series(((y + 1) % 100).astype(str), index=start.index).str.zfill(2)
    last = pd.Series(((y + np.nan_to_num(years, nan=1).astype(int) - 1) % 100).astype(str), index=start.index)
    names = pd.Series(
        np.asarray(MONTHS, dtype=object)[np.where(known, month, 1).astype(int) - 1], index=start.index
    )
    snapshot = known & (span == "").to_numpy()
    single = known & (years == 1)
    rolling = known & (years > 1) & (month == 1)
    label = pd.Series(None, index=start.index, dtype=object)
    label[snapshot] = (names + " " + first)[snapshot]
    label[single & (month == 1)] = first[single & (month == 1)]
    label[single & (month > 1)] = (first + "/" + following)[single & (month > 1)]
    label[rolling] = (first + " - " + last.str.zfill(2))[rolling]
    return label


def _labels(start: pd.Series, length: pd.Series) -> pd.Series:
    """:func:`ess_periods` of each distinct (start, length) pair, mapped back to every row; a
    malformed period keeps its published text (the validation reports it)."""
    pairs = pd.DataFrame({"start": start, "length": length})
    codes, distinct = pd.factorize(pairs["start"] + "|" + pairs["length"])
    first, _, span = pd.Series(distinct).str.partition("|").T.to_numpy()[[0, 1, 2]]
    labels = ess_periods(pd.Series(first), pd.Series(span))
    written = pd.Series(first) + "/" + pd.Series(span)
    return pd.Series(labels.fillna(written).to_numpy()[codes], index=start.index, dtype=object)


def _numbers(
    frame: pd.DataFrame, columns: dict[str, str], file: str
) -> tuple[pd.DataFrame, list[RowProblem]]:
    """Source text columns → floats under new names; text that is not a number is a problem."""
    problems: list[RowProblem] = []
    for source, target in columns.items():
        text = frame[source].astype("string").str.strip()
        numbers = to_numbers(text)
        bad = numbers.isna() & text.fillna("").ne("")
        for row, cell in zip(frame.loc[bad, "row"], text[bad], strict=True):
            problems.append(RowProblem(int(row), source, f"not a number: {cell!r}", file))
        frame[target] = numbers.where(~bad)
    return frame, problems


def _value_rows(frame: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Rows in :data:`VALUE_COLUMNS` (+ ``row``) from a frame holding ``indicator_id``,
    ``area_code``, ``period``, numbers and ``value_note``; sex and age from the indicator table."""
    out = frame.assign(
        sex=frame["indicator_id"].map(table["sex"]),
        age=frame["indicator_id"].map(table["age"]),
        category_type="",
        category="",
        count=np.nan,
        denominator=np.nan,
        lower99_8cl=np.nan,
        upper99_8cl=np.nan,
        recent_trend="",
    )
    for column in ("lower95_0cl", "upper95_0cl"):
        if column not in out:
            out[column] = np.nan
    out["period_sortable"] = pd.NA
    return out[[*VALUE_COLUMNS, "row"]].reset_index(drop=True)


def _notes(status: pd.Series, notes: pd.Series) -> pd.Series:
    """The value note: the publisher's suppression mark in words, then its own note."""
    mark = status.astype("string").fillna("").str.strip()
    withheld = mark.str.lower().map(SUPPRESSION)
    first = ("Suppressed by the publisher ([" + mark.str.lower() + "] " + withheld + ")").where(
        withheld.notna(), mark
    )
    first = first.fillna("")
    second = notes.astype("string").fillna("").str.strip()
    both = (first != "") & (second != "")
    return (first + np.where(both, "; ", "") + second).astype(object)


def read_ess(path: Path, table: pd.DataFrame, renamed: pd.Series, population: pd.Series) -> ParsedSource:
    """ESS tidy rows → value rows of the indicators in ``table`` (indexed by id). ``renamed``: new
    code → held code; ``population``: code → residents for the per-resident indicators."""
    file = str(path)
    raw = _read(path, ESS_COLUMNS)
    reasons = skip_reasons(raw["area_code"])
    skipped = reasons[reasons != ""].value_counts()
    kept = raw[(reasons == "").to_numpy()].copy()
    kept["published_code"] = kept["area_code"].str.strip().str.upper()
    kept["area_code"] = held_codes(kept["area_code"], renamed)
    sources = table.reset_index().rename(columns={"source_indicator": "indicator"})
    joined = kept.merge(sources[["id", "dataset", "indicator", "transform"]], on=["dataset", "indicator"])
    unmatched = len(kept) - joined["row"].nunique()
    if unmatched:
        skipped["indicator not in indicators.csv"] = unmatched
    joined, problems = _numbers(
        joined, {"value": "value", "lower_ci_95": "lower95_0cl", "upper_ci_95": "upper95_0cl"}, file
    )
    joined["period"] = _labels(joined["period_start"], joined["period_length"])
    joined["value_note"] = _notes(joined["status"], joined["notes"])
    withheld = joined["status"].astype("string").str.strip().str.lower().isin(list(SUPPRESSION))
    joined.loc[withheld.to_numpy(), ["value", "lower95_0cl", "upper95_0cl"]] = np.nan
    joined, per_resident = _per_resident(joined.rename(columns={"id": "indicator_id"}), population)
    if per_resident:
        skipped[NO_POPULATION] = per_resident
    joined, twice = _published_twice(joined)
    if twice:
        skipped["published twice (the same area under two codes or two area types)"] = twice
    return ParsedSource(_value_rows(joined, table), problems, skipped.astype("int64"))


def _per_resident(frame: pd.DataFrame, population: pd.Series) -> tuple[pd.DataFrame, int]:
    """Per-resident rows: £ million × 1,000,000 ÷ residents (no limits); rows without a population
    are left out and counted."""
    mine = (frame["transform"] == "per_resident").to_numpy()
    people = frame.loc[mine, "area_code"].map(population)
    frame.loc[mine, "value"] = frame.loc[mine, "value"] * 1_000_000 / people
    frame.loc[mine, ["lower95_0cl", "upper95_0cl"]] = np.nan
    missing = np.zeros(len(frame), dtype=bool)
    missing[mine] = people.isna().to_numpy()
    return frame[~missing], int(missing.sum())


def _published_twice(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Drop rows the source publishes again for the same key: a copy under a changed code (or an
    ITL1 code) where the held code has the row, and identical copies under two area types (a
    combined authority also listed as an ITL2 area). Differing copies stay: the validation reports
    them as duplicate keys."""
    key = ["indicator_id", "area_code", "period"]
    recoded = frame["published_code"] != frame["area_code"]
    ordered = frame.assign(_recoded=recoded).sort_values("_recoded", kind="stable")
    drop = ordered.duplicated(key, keep="first") & ordered["_recoded"]
    drop |= ordered.duplicated([*key, "value", "lower95_0cl", "upper95_0cl"], keep="first")
    kept = ordered[~drop.to_numpy()].sort_values("row", kind="stable")
    return kept.drop(columns="_recoded"), int(drop.sum())


def read_nsw(path: Path, table: pd.DataFrame) -> ParsedSource:
    """National Survey for Wales tidy rows → value rows of the NSW indicators in ``table``: one
    category per measure (the others counted, not loaded); health boards (no code) counted."""
    file = str(path)
    raw = _read(path, NSW_COLUMNS)
    no_code = raw["area_code"].fillna("").str.strip() == ""
    skipped = pd.Series({"health board (the source gives no code)": int(no_code.sum())}, dtype="int64")
    sources = table[table["dataset"] == "national-survey-for-wales"].reset_index()
    joined = raw[~no_code].merge(
        sources[["id", "source_indicator"]].rename(columns={"source_indicator": "indicator"}), on="indicator"
    )
    other = int((~no_code).sum()) - len(joined)
    if other:
        skipped["category not loaded (one indicator per measure)"] = other
    joined, problems = _numbers(joined.rename(columns={"id": "indicator_id"}), {"value": "value"}, file)
    joined["area_code"] = joined["area_code"].str.strip().str.upper()
    joined["period"] = nsw_periods(joined["period"])
    joined["value_note"] = ""
    return ParsedSource(_value_rows(joined, table), problems, skipped)


def nsw_periods(period: pd.Series) -> pd.Series:
    """'2021-22 & 2022-23' (two survey years pooled) → '2021/22 - 22/23'; a single '2022-23' →
    '2022/23'; anything else is kept as written (and reported as malformed by the validation)."""
    text = period.astype("string").str.strip()
    pooled = text.str.extract(r"^(\d{4})-(\d{2}) & (\d{4})-(\d{2})$")
    single = text.str.extract(r"^(\d{4})-(\d{2})$")
    out = text.astype(object)
    out = out.mask(
        pooled[0].notna(), pooled[0] + "/" + pooled[1] + " - " + pooled[2].str.slice(2) + "/" + pooled[3]
    )
    return out.mask(single[0].notna(), single[0] + "/" + single[1])
