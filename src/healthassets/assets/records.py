"""Asset records as tables: the canonical columns, and whole-column validation (pure, no I/O).

Every importer (the GM layers, bulk CSV, GeoJSON) produces a DataFrame with :data:`ASSET_COLUMNS`
(all text; lists ';'-separated) plus ``row`` (1-based data row in the source). :func:`validate_assets`
checks every cell with vectorised pandas operations and returns a :class:`AssetTable` — typed scalar
columns, the link tables (dimensions, Five Ways, served areas) keyed by ``row`` — and every problem,
each naming its row and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

import numpy as np
import pandas as pd

from healthassets.assets.vocabulary import LABELS, SHORT_LABELS, AssetType, Dimension, FiveWays, Status
from healthassets.errors import RowProblem

#: text columns of an asset record; lists (dimensions, five_ways, tags, served_areas) are ';'-separated
ASSET_COLUMNS = [
    "source_id",
    "name",
    "description",
    "asset_type",
    "dimensions",
    "five_ways",
    "physical",
    "tags",
    "latitude",
    "longitude",
    "served_areas",
    "address",
    "postcode",
    "opening_times",
    "email",
    "phone",
    "website",
    "cost",
    "accessibility",
    "organisation_name",
    "service_name",
    "service_description",
    "eligibility",
    "minimum_age",
    "maximum_age",
    "status",
    "is_person",
    "consent_recorded_at",
    "last_verified_at",
    "source",
    "licence",
    "attribution",
]
#: scalar text columns stored as given (after trimming; empty → None)
PLAIN_TEXT = [
    "description",
    "address",
    "opening_times",
    "phone",
    "website",
    "cost",
    "accessibility",
    "organisation_name",
    "service_name",
    "service_description",
    "eligibility",
    "source",
    "licence",
    "attribution",
]
#: Great Britain's extent in WGS84 (with a margin): points outside are bad coordinates
LATITUDE_RANGE = (49.8, 60.95)
LONGITUDE_RANGE = (-8.75, 1.85)
POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$")
AREA_CODE = r"^[EWSN]\d{8}$"
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
WEBSITE = r"^(https?://|www\.)[^\s]+\.[^\s]+$"
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


@dataclass
class AssetTable:
    """Validated assets: one row per asset (``row`` = source row) and the link tables."""

    assets: pd.DataFrame
    dimensions: pd.DataFrame
    five_ways: pd.DataFrame
    served_areas: pd.DataFrame
    problems: list[RowProblem] = field(default_factory=list)

    def without_rows(self, rows: Iterable[int]) -> AssetTable:
        """The same table without the given source rows (e.g. the rejected ones)."""
        bad = set(rows)
        keep = {
            name: frame[~frame["row"].isin(bad)].reset_index(drop=True)
            for name, frame in (
                ("assets", self.assets),
                ("dimensions", self.dimensions),
                ("five_ways", self.five_ways),
                ("served_areas", self.served_areas),
            )
        }
        return AssetTable(**keep, problems=[])


@cache
def term_lookup(kind: type[StrEnum]) -> dict[str, str]:
    """Normalised spelling → value for a vocabulary (value, NAME, label and short label)."""
    out: dict[str, str] = {}
    for term in kind:
        for key in (term.value, term.name, LABELS.get(term, ""), SHORT_LABELS.get(term, "")):
            if key:
                out[" ".join(key.lower().replace("&", "and").replace("_", " ").split())] = term.value
    return out


def _normalise(text: pd.Series) -> pd.Series:
    return (
        text.astype("string")
        .str.lower()
        .str.replace("&", "and", regex=False)
        .str.replace(r"[_\s]+", " ", regex=True)
        .str.strip()
    )


def _problems(
    rows: pd.Series, mask: pd.Series | np.ndarray, column: str, reason: str | pd.Series, file: str | None
) -> list[RowProblem]:
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return []
    picked = rows.to_numpy()[mask]
    reasons = reason[mask].tolist() if isinstance(reason, pd.Series) else [reason] * len(picked)
    return [RowProblem(int(r), column, str(text), file) for r, text in zip(picked, reasons, strict=True)]


def _terms(
    frame: pd.DataFrame, column: str, kind: type[StrEnum], file: str | None
) -> tuple[pd.DataFrame, list[RowProblem]]:
    """The ';'-separated terms of ``column`` exploded to (row, value); unknown terms are problems."""
    parts = frame[["row", column]].assign(term=frame[column].str.split(r"[;,]"))[["row", "term"]]
    parts = parts.explode("term")
    parts["term"] = parts["term"].fillna("").str.strip()
    parts = parts[parts["term"] != ""]
    values = _normalise(parts["term"]).map(term_lookup(kind))
    bad = values.isna()
    allowed = ", ".join(t.value for t in kind)
    reason = f"unknown {column.rstrip('s').replace('_', ' ')} '" + parts["term"] + f"' (allowed: {allowed})"
    problems = _problems(parts["row"], bad, column, reason, file)
    links = pd.DataFrame({"row": parts["row"][~bad].to_numpy(), "value": values[~bad].to_numpy()})
    return links.drop_duplicates().reset_index(drop=True), problems


def _flags(text: pd.Series, default: bool) -> tuple[pd.Series, pd.Series]:
    low = text.str.lower()
    value = pd.Series(default, index=text.index, dtype=bool)
    value[low.isin(YES)] = True
    value[low.isin(NO)] = False
    bad = (low != "") & ~low.isin(YES | NO)
    return value, bad


def validate_assets(
    frame: pd.DataFrame,
    file: str | None = None,
    *,
    default_status: Status = Status.PUBLISHED,
    known_areas: set[str] | None = None,
    require_location: bool = True,
) -> AssetTable:
    """Check every record; see the module docstring. Rules:

    name given; asset type one of the six ABCD types; at least one known Arup dimension; Five Ways
    tags known; physical/is_person yes or no; latitude and longitude numbers, both or neither,
    inside Great Britain; a point or served areas (when ``require_location``); served area codes
    well formed (and known when ``known_areas`` is given); postcode, email and website well formed;
    ages whole numbers 0–130 with minimum ≤ maximum; status a known status; a person only with a
    consent date; no source id twice.
    """
    text = _text_cells(frame)
    rows = text["row"]
    out = pd.DataFrame({"row": rows.to_numpy(), "source_id": text["source_id"].replace("", None)})
    problems = _name_and_type(text, out, file)
    dimensions, five_ways, found = _vocabulary_links(text, file)
    problems += found
    for column, default in (("physical", True), ("is_person", False)):
        values, bad = _flags(text[column], default)
        problems += _problems(rows, bad, column, "not yes or no: '" + text[column] + "'", file)
        out[column] = values.to_numpy()
    problems += _location(text, out, file, require_location)
    served, found = _served_areas(text, file, known_areas)
    problems += found
    if require_location:
        nowhere = out["latitude"].isna().to_numpy() & ~rows.isin(served["row"]).to_numpy()
        nowhere &= (text["latitude"] == "").to_numpy() & (text["longitude"] == "").to_numpy()
        problems += _problems(
            rows, nowhere, "latitude", "no location: give latitude and longitude, or served areas", file
        )
    problems += _contact(text, out, file)
    problems += _people_and_ages(text, out, file)
    problems += _status_text_and_tags(text, out, file, default_status)
    return AssetTable(
        assets=out,
        dimensions=dimensions.rename(columns={"value": "dimension"}),
        five_ways=five_ways.rename(columns={"value": "way"}),
        served_areas=served,
        problems=sorted(problems, key=lambda p: p.row),
    )


def _text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Every :data:`ASSET_COLUMNS` cell as trimmed text ('' when missing), with ``row``."""
    frame = frame.copy()
    for column in ASSET_COLUMNS:
        if column not in frame:
            frame[column] = ""
    if "row" not in frame:
        frame["row"] = np.arange(1, len(frame) + 1)
    text = frame[ASSET_COLUMNS].astype("string").fillna("").apply(lambda c: c.str.strip())
    text["row"] = frame["row"].to_numpy()
    return text


def _name_and_type(text: pd.DataFrame, out: pd.DataFrame, file: str | None) -> list[RowProblem]:
    rows = text["row"]
    out["name"] = text["name"]
    problems = _problems(rows, text["name"] == "", "name", "name is missing", file)
    problems += _problems(
        rows, text["name"].str.len() > 500, "name", "name is longer than 500 characters", file
    )
    asset_type = _normalise(text["asset_type"]).map(term_lookup(AssetType))
    problems += _problems(rows, text["asset_type"] == "", "asset_type", "asset type is missing", file)
    unknown = asset_type.isna() & (text["asset_type"] != "")
    allowed = ", ".join(t.value for t in AssetType)
    reason = "unknown asset type '" + text["asset_type"] + f"' (allowed: {allowed})"
    problems += _problems(rows, unknown, "asset_type", reason, file)
    out["asset_type"] = asset_type.to_numpy()
    return problems


def _vocabulary_links(
    text: pd.DataFrame, file: str | None
) -> tuple[pd.DataFrame, pd.DataFrame, list[RowProblem]]:
    """(dimensions, five_ways) as (row, value) links, and their problems (at least one dimension)."""
    rows = text["row"]
    dimensions, problems = _terms(text, "dimensions", Dimension, file)
    no_dimension = ~rows.isin(dimensions["row"]) & ~rows.isin([p.row for p in problems])
    problems += _problems(rows, no_dimension, "dimensions", "at least one dimension is needed", file)
    five_ways, found = _terms(text, "five_ways", FiveWays, file)
    return dimensions, five_ways, problems + found


def _served_areas(
    text: pd.DataFrame, file: str | None, known_areas: set[str] | None
) -> tuple[pd.DataFrame, list[RowProblem]]:
    """The served area codes as (row, area_code) links: well formed, and known when ``known_areas``."""
    served = text[["row", "served_areas"]].assign(area_code=text["served_areas"].str.split(r"[;,]"))
    served = served.explode("area_code")[["row", "area_code"]]
    served["area_code"] = served["area_code"].fillna("").str.strip().str.upper()
    served = served[served["area_code"] != ""].drop_duplicates().reset_index(drop=True)
    malformed = ~served["area_code"].str.match(AREA_CODE)
    problems = _problems(
        served["row"], malformed, "served_areas", "malformed area code '" + served["area_code"] + "'", file
    )
    if known_areas is not None:
        unknown = ~malformed & ~served["area_code"].isin(known_areas)
        reason = "unknown area code '" + served["area_code"] + "'"
        problems += _problems(served["row"], unknown, "served_areas", reason, file)
    return served, problems


def _status_text_and_tags(
    text: pd.DataFrame, out: pd.DataFrame, file: str | None, default_status: Status
) -> list[RowProblem]:
    """Status (known, else the default), the plain text columns, tags as lists; no source id twice."""
    rows = text["row"]
    status = _normalise(text["status"]).map(term_lookup(Status))
    bad_status = status.isna() & (text["status"] != "")
    problems = _problems(rows, bad_status, "status", "unknown status '" + text["status"] + "'", file)
    out["status"] = status.fillna(default_status.value).to_numpy()
    for column in PLAIN_TEXT:
        out[column] = text[column].replace("", None).to_numpy()
    tags = (
        text["tags"]
        .str.split(";")
        .map(lambda items: list(dict.fromkeys(t.strip() for t in items if t.strip())))
    )
    out["tags"] = tags.map(lambda items: items or None).to_numpy()
    given = out["source_id"].notna()
    duplicate = given & out.duplicated("source_id", keep="first")
    problems += _problems(rows, duplicate, "source_id", "source id appears twice", file)
    return problems


def _numbers(text: pd.Series) -> pd.Series:
    return pd.to_numeric(text.replace("", None), errors="coerce").astype(float)


def _location(text: pd.DataFrame, out: pd.DataFrame, file: str | None, require: bool) -> list[RowProblem]:
    rows = text["row"]
    problems: list[RowProblem] = []
    lat, lon = _numbers(text["latitude"]), _numbers(text["longitude"])
    for column, values in (("latitude", lat), ("longitude", lon)):
        bad = values.isna() & (text[column] != "")
        problems += _problems(rows, bad, column, "not a number: '" + text[column] + "'", file)
    one = (text["latitude"] == "") != (text["longitude"] == "")
    problems += _problems(rows, one, "longitude", "give both latitude and longitude, or neither", file)
    outside = ~lat.between(*LATITUDE_RANGE) & lat.notna()
    outside |= ~lon.between(*LONGITUDE_RANGE) & lon.notna()
    reason = "coordinates outside Great Britain: " + text["latitude"] + ", " + text["longitude"]
    problems += _problems(rows, outside, "latitude", reason, file)
    ok = ~outside & ~one & lat.notna() & lon.notna()
    out["latitude"] = lat.where(ok).to_numpy()
    out["longitude"] = lon.where(ok).to_numpy()
    return problems


def _contact(text: pd.DataFrame, out: pd.DataFrame, file: str | None) -> list[RowProblem]:
    rows = text["row"]
    postcode = text["postcode"].str.upper().str.replace(r"\s+", " ", regex=True)
    bad = (postcode != "") & ~postcode.str.match(POSTCODE.pattern)
    problems = _problems(rows, bad, "postcode", "malformed postcode '" + text["postcode"] + "'", file)
    out["postcode"] = postcode.replace("", None).to_numpy()
    email = text["email"]
    problems += _problems(
        rows, (email != "") & ~email.str.match(EMAIL), "email", "malformed email '" + email + "'", file
    )
    out["email"] = email.replace("", None).to_numpy()
    website = text["website"]
    bad = (website != "") & ~website.str.match(WEBSITE, case=False)
    problems += _problems(rows, bad, "website", "malformed website '" + website + "'", file)
    return problems


def _people_and_ages(text: pd.DataFrame, out: pd.DataFrame, file: str | None) -> list[RowProblem]:
    rows = text["row"]
    problems: list[RowProblem] = []
    consent = pd.to_datetime(text["consent_recorded_at"].replace("", None), errors="coerce", utc=True)
    bad = consent.isna() & (text["consent_recorded_at"] != "")
    problems += _problems(
        rows, bad, "consent_recorded_at", "not a date: '" + text["consent_recorded_at"] + "'", file
    )
    no_consent = out["is_person"].to_numpy() & consent.isna().to_numpy() & ~bad.to_numpy()
    problems += _problems(
        rows,
        no_consent,
        "consent_recorded_at",
        "a person is listed only with the date their consent was recorded",
        file,
    )
    out["consent_recorded_at"] = consent.to_numpy()
    verified = pd.to_datetime(text["last_verified_at"].replace("", None), errors="coerce", utc=True)
    bad = verified.isna() & (text["last_verified_at"] != "")
    problems += _problems(
        rows, bad, "last_verified_at", "not a date: '" + text["last_verified_at"] + "'", file
    )
    out["last_verified_at"] = verified.to_numpy()
    ages = {}
    for column in ("minimum_age", "maximum_age"):
        values = _numbers(text[column])
        not_number = values.isna() & (text[column] != "")
        bad = not_number | (values.notna() & ((values % 1 != 0) | ~values.between(0, 130)))
        problems += _problems(
            rows, bad, column, "not a whole number of years 0–130: '" + text[column] + "'", file
        )
        ages[column] = values.where(~bad)
        out[column] = ages[column].astype("Int64").to_numpy()
    crossed = ages["minimum_age"] > ages["maximum_age"]
    problems += _problems(rows, crossed, "minimum_age", "minimum age is above the maximum age", file)
    return problems
