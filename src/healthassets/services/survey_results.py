"""Use case: a survey's scored results as an indicator of the store (issue 14 part 3; docs/adr/0066).

Each response names the LSOA it was placed in; the results are summarised for every LSOA, MSOA,
ward (best fit, as the store links them) and local authority holding responses
(:func:`healthassets.surveys.area_summaries`: means with Student's t limits, disclosure control
with protection against differencing), and written as one batch per indicator and period — a
second publication of the same period replaces the first — with the indicator's metadata
(instrument, wave, responses, method). Suppressed areas are stored without a value, so every page,
the API and the exports show them as suppressed; the number of responses is stored as the
denominator of published rows only. The derived tables of the indicator are rebuilt, so the
result appears on profiles, indicator pages and the assets-and-needs view at once.

Ids: the local range 9,500,000–9,599,999, kept free of bundled indicators.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from healthassets import surveys
from healthassets.errors import InputError
from healthassets.geography.areas import TYPE_GROUPS
from healthassets.indicators.value_columns import VALUE_FIELDS
from healthassets.io.values import validate_values
from healthassets.services.derived import rebuild_derived
from healthassets.services.inequality_defaults import store_default_inequalities
from healthassets.services.profiles import install_local_survey_profile
from healthassets.store import Engine
from healthassets.store import areas as area_store
from healthassets.store.derived import administrative_links
from healthassets.store.indicators import save_indicators
from healthassets.store.values import BatchOfValues, write_batches

LOCAL_IDS = range(9_500_000, 9_600_000)
SEX, AGE = "Persons", "16+ yrs"
SUPPRESSED_NOTE = "Suppressed: fewer than {n} responses, directly or by differencing with another area"


@dataclass(frozen=True)
class PublishedResults:
    indicator_id: int
    period: str
    responses: int
    #: area type → (areas published, areas suppressed)
    by_type: dict[str, tuple[int, int]]


def survey_membership(engine: Engine, lsoas: pd.Series) -> pd.DataFrame:
    """``area_code``, ``area_type``, ``lsoa``: each LSOA of ``lsoas`` itself, its MSOA, its ward
    and its local authority (through its MSOA)."""
    codes = lsoas.dropna().astype(str)
    wanted = pd.Index(codes[codes != ""].unique())
    links = administrative_links(engine)
    up = links[links["child_code"].isin(wanted) & links["parent_type"].isin(["msoa", "ward"])]
    msoa = up[up["parent_type"] == "msoa"][["child_code", "parent_code"]]
    authorities = links[links["child_type"].eq("msoa") & links["parent_type"].isin(TYPE_GROUPS["ltla"])]
    to_authority = msoa.merge(
        authorities[["child_code", "parent_code", "parent_type"]],
        how="inner",
        left_on="parent_code",
        right_on="child_code",
        suffixes=("", "_up"),
    )
    parts = [
        pd.DataFrame({"area_code": wanted, "area_type": "lsoa", "lsoa": wanted}),
        pd.DataFrame(
            {"area_code": up["parent_code"], "area_type": up["parent_type"], "lsoa": up["child_code"]}
        ),
        pd.DataFrame(
            {
                "area_code": to_authority["parent_code_up"],
                "area_type": "ltla",
                "lsoa": to_authority["child_code"],
            }
        ),
    ]
    return pd.concat(parts, ignore_index=True).drop_duplicates(["area_code", "lsoa"])


def _check(engine: Engine, responses: pd.DataFrame, lsoa: str, indicator_id: int, file: str) -> None:
    if indicator_id not in LOCAL_IDS:
        raise InputError(
            f"{indicator_id} is outside the local range {LOCAL_IDS.start:,}–{LOCAL_IDS.stop - 1:,}",
            column="--indicator-id",
        )
    if lsoa not in responses.columns:
        raise InputError("no such column", file=file, column=lsoa)
    codes = responses[lsoa].astype("string").str.strip().str.upper()
    known = area_store.existing_codes(engine, codes.dropna().unique())
    lsoa_like = codes.fillna("").str.startswith(("E01", "W01"))
    bad = (codes.notna() & codes.ne("") & (~codes.isin(known) | ~lsoa_like)).fillna(False)
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise InputError(
            f"{responses[lsoa].iloc[row]!r} is not an LSOA the store holds",
            file=file,
            row=row + 1,
            column=lsoa,
        )


def _values(found: pd.DataFrame, indicator_id: int, period: str, min_count: int) -> pd.DataFrame:
    published = found["suppressed"].eq("false")
    frame = pd.DataFrame(
        {
            "indicator_id": indicator_id,
            "area_code": found["area_code"],
            "period": period,
            "sex": SEX,
            "age": AGE,
            "category_type": "",
            "category": "",
            "value": found["mean"].where(published),
            "count": float("nan"),
            "denominator": found["n"].where(published),
            "lower95_0cl": found["lower95_0cl"].where(published),
            "upper95_0cl": found["upper95_0cl"].where(published),
            "lower99_8cl": float("nan"),
            "upper99_8cl": float("nan"),
            "value_note": (~published).map({True: SUPPRESSED_NOTE.format(n=min_count), False: ""}),
            "recent_trend": "",
        }
    )
    return frame.reset_index(drop=True)


def indicator_record(
    indicator_id: int, name: str, instrument: str, wave: str, value: str, min_count: int, polarity: str
) -> pd.DataFrame:
    """The indicator's metadata: what was asked, of whom, and how it was summarised."""
    method = (
        f"Mean of '{value}' over the responses placed in each area (LSOA, MSOA, best-fit ward, local "
        "authority), with Student's t 95% limits. Responses are a survey sample, not a census."
    )
    return pd.DataFrame(
        [
            {
                "id": indicator_id,
                "name": name,
                "definition": f"{name}: {instrument or 'survey'} results"
                + (f", wave {wave}" if wave else ""),
                "methodology": method,
                "ci_method": "Student's t (SD with n − 1)",
                "disclosure_control": SUPPRESSED_NOTE.format(n=min_count) + " (docs/adr/0065).",
                "denominator_definition": "Responses with a value in the area",
                "unit": "Score",
                "value_type": "Mean",
                "polarity": polarity,
                "benchmark_method": "Confidence intervals overlapping reference value (95.0)",
                "data_source": f"Local survey ({instrument or 'custom'})",
                "source": "survey",
                "has_full_metadata": True,
            }
        ]
    )


def publish_survey_results(
    engine: Engine,
    responses: pd.DataFrame,
    *,
    value: str,
    lsoa: str,
    indicator_id: int,
    name: str,
    period: str,
    instrument: str = "",
    wave: str = "",
    polarity: str = "High is good",
    min_count: int = 10,
    file: str = "responses",
) -> PublishedResults:
    """Summarise ``responses`` by area and write them as indicator ``indicator_id`` at ``period``
    (all or nothing: any bad input raises before anything is written)."""
    _check(engine, responses, lsoa, indicator_id, file)
    placed = responses.assign(lsoa=responses[lsoa].astype("string").str.strip().str.upper())
    membership = survey_membership(engine, placed["lsoa"])
    found = surveys.area_summaries(placed, value, membership, min_count=min_count)
    frame = _values(found, indicator_id, period, min_count)
    frame.insert(0, "row", np.arange(1, len(frame) + 1))
    checked, problems = validate_values(frame, set(frame["area_code"]), file)
    if problems:
        first = problems[0]
        raise InputError(
            first.reason, file=file, column="--period" if first.column == "period" else first.column
        )
    save_indicators(
        engine, indicator_record(indicator_id, name, instrument, wave, value, min_count, polarity)
    )
    source = f"survey:{indicator_id}:{period}"
    write_batches(engine, [BatchOfValues(source, "survey", [checked[VALUE_FIELDS]], file)])
    rebuild_derived(engine, [indicator_id])
    store_default_inequalities(engine, [indicator_id])  # not an input of theirs: re-stamped
    install_local_survey_profile(engine)
    counts = found.groupby("area_type")["suppressed"].agg(
        published=lambda s: int(s.eq("false").sum()), suppressed=lambda s: int(s.eq("true").sum())
    )
    by_type = {str(t): (int(r.published), int(r.suppressed)) for t, r in counts.iterrows()}
    responses_with_value = int(pd.to_numeric(responses[value], errors="coerce").notna().sum())
    return PublishedResults(indicator_id, period, responses_with_value, by_type)
