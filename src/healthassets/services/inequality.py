"""Use case: the inequality within a local authority for one small-area indicator — its value in
each of the authority's own deprivation deciles and the slope index of inequality
(:mod:`healthassets.indicators.inequality`; docs/adr/0055).

The section an authority's profile opens with (its default indicator) is computed for every
authority once per data load and stored (:mod:`healthassets.services.inequality_defaults`,
docs/adr/0075); any other indicator is computed on request (a few tenths of a second for an
authority of 100–1,000 LSOAs, most of it the SII's 100,000 simulations) and memoised per data
version by the pages. The simulation's seed is fixed per authority and indicator
(:func:`~healthassets.indicators.inequality.authority_seed`), so a page, its CSV, its chart and the
stored section always show the same limits.

Inputs: the authority's LSOAs (the area hierarchy), their IMD 2025 scores (indicator 9000001,
England only), Census 2021 usual residents per LSOA (the bundled population file) and the
indicator's latest LSOA values (the headline series: no category, Persons where it has them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from healthassets import settings
from healthassets.errors import NotFoundError
from healthassets.indicators.inequality import REPETITIONS, Reason, authority_seed, inequality, method_for
from healthassets.indicators.local_deciles import Method
from healthassets.services.asset_places import lsoa_population
from healthassets.services.derived import ensure_derived
from healthassets.services.inequality_rows import decode
from healthassets.services.reference import reference_data
from healthassets.store import Engine
from healthassets.store import areas as area_queries
from healthassets.store import indicators as indicator_store
from healthassets.store import inequality as inequality_store
from healthassets.store.areas import AreaInfo as AreaInfo
from healthassets.store.derived import values_version
from healthassets.store.inequality import indicators_with_values
from healthassets.store.values import ValueFilter, fetch_values

IMD_SCORE = 9_000_001
_NO_VALUES = pd.DataFrame({"indicator_id": pd.Series(dtype=int), "value": pd.Series(dtype=float)})
#: the authorities whose LSOAs are ranked into deciles (districts, unitary authorities, counties)
AUTHORITY_TYPES = frozenset({"unitary", "metropolitan", "london-borough", "district", "county"})
#: shown first where the authority has their values: community assets per 1,000 residents, the
#: distance to the nearest park, households deprived in one or more dimensions
DEFAULT_ORDER = (9_100_001, 9_220_000, 9_000_101)


@dataclass(frozen=True)
class Choice:
    indicator_id: int
    name: str
    #: "deprivation", "census", "assets", "access" or "other" (the chooser's groups)
    source: str


@dataclass
class AreaInequality:
    area: AreaInfo
    indicator_id: int
    metadata: dict[str, Any]
    method: Method | None
    multiplier: float
    period: str | None
    #: one row per decile (empty when nothing could be computed): lsoas, population, weight,
    #: count, denominator, value, lower95_0cl, upper95_0cl, rank, fitted
    deciles: pd.DataFrame
    #: lsoas, scored, missing, sii, sii_lower95_0cl, sii_upper95_0cl, intercept (NaN when not computed)
    summary: dict[str, Any]
    reason: Reason | None
    choices: list[Choice] = field(default_factory=list)

    @property
    def computed(self) -> bool:
        return self.reason is None


def is_authority(area: AreaInfo) -> bool:
    return area.area_type in AUTHORITY_TYPES


def source_of(indicator_id: int) -> str:
    """The chooser group of an indicator id (docs/adr/0004, 0020, 0046)."""
    if 9_000_001 <= indicator_id <= 9_000_099:
        return "deprivation"
    if 9_000_100 <= indicator_id <= 9_000_199:
        return "census"
    if 9_100_000 <= indicator_id < 9_110_000:
        return "assets"
    if 9_110_000 <= indicator_id < 9_120_000:
        return "access"
    return "other"


def inequality_choices(engine: Engine) -> list[Choice]:
    """Indicators with LSOA values that can be shown by decile: not ranks or deciles, and for the
    asset register's counts only their rates (a count by decile is shown as a rate anyway). Read
    once per data version (reference data)."""
    return reference_data(engine).get("inequality_choices", lambda: _choices(engine))


def _choices(engine: Engine) -> list[Choice]:
    ensure_derived(engine)
    meta = indicator_store.indicator_metadata(engine)
    out = []
    for ident in indicators_with_values(engine, "lsoa"):
        if ident not in meta.index:
            continue
        row = meta.loc[ident]
        chosen = method_for(ident, row["value_type"], row["multiplier"])
        if chosen is None or (source_of(ident) == "assets" and ident % 10 == 0):
            continue
        out.append(Choice(ident, str(row["name"]), source_of(ident)))
    return out


def area_inequality(
    engine: Engine,
    code: str,
    indicator_id: int | None = None,
    *,
    data_dir: Path | None = None,
    repetitions: int = REPETITIONS,
    choices: list[Choice] | None = None,
    stored: bool = True,
) -> AreaInequality:
    """The inequality of ``indicator_id`` (default: the first of :data:`DEFAULT_ORDER` the
    authority has values of) within the authority ``code``: the stored default section when it is
    the one asked for and current (``stored``), else computed."""
    area = area_queries.get_area(engine, code)
    choices = inequality_choices(engine) if choices is None else choices
    if stored and repetitions == REPETITIONS and is_authority(area):
        found = stored_section(engine, area, indicator_id, choices)
        if found is not None:
            return found
    lsoas = (
        [a.code for a in area_queries.descendants(engine, area.code, "lsoa")] if is_authority(area) else []
    )
    offered = [c.indicator_id for c in choices]
    wanted = [indicator_id] if indicator_id is not None else [i for i in DEFAULT_ORDER if i in offered]
    if not wanted and not offered:
        raise NotFoundError("no small-area indicator is loaded")
    values = latest_headline_values(engine, area.code, [IMD_SCORE, *wanted]) if lsoas else _NO_VALUES
    if indicator_id is None:
        present = set(values["indicator_id"])
        indicator_id = next((i for i in wanted if i in present), (wanted or offered)[0])
    metadata = indicator_store.indicator_record(engine, indicator_id)
    chosen = method_for(indicator_id, metadata.get("value_type"), metadata.get("multiplier"))
    method, multiplier = chosen if chosen else (None, float(metadata.get("multiplier") or 1))
    series = values[values["indicator_id"] == indicator_id]
    period = _latest_period(series)
    result = AreaInequality(
        area=area, indicator_id=indicator_id, metadata=metadata, method=method, multiplier=multiplier,
        period=period, deciles=pd.DataFrame(), summary={"lsoas": len(lsoas)}, reason=None, choices=choices,
    )  # fmt: skip
    result.reason = reason_before(area, method, series, indicator_id)
    if result.reason is not None or method is None:
        return result
    frame = lsoa_frame(area.code, lsoas, values, series, period, data_dir)
    seed = authority_seed(area.code, indicator_id)
    computed = inequality(frame, method, multiplier, repetitions=repetitions, seed=seed)
    summary = computed.summary.iloc[0].to_dict()
    result.summary = summary
    result.reason = Reason(summary["reason"]) if isinstance(summary.get("reason"), str) else None
    result.deciles = computed.deciles.drop(columns="authority_code")
    return result


def reason_before(
    area: AreaInfo, method: Method | None, series: pd.DataFrame, indicator_id: int
) -> Reason | None:
    """Why nothing can be computed before ranking any LSOA, if so."""
    if area.code.startswith("W"):
        return Reason.WALES
    if not is_authority(area):
        return Reason.NOT_AUTHORITY
    if method is None:
        return Reason.NOT_AVERAGED
    if not series["value"].notna().any():
        return Reason.NOT_MAPPED if source_of(indicator_id) in ("assets", "access") else Reason.NO_VALUES
    return None


def latest_headline_values(
    engine: Engine, code: str, indicators: list[int], area_type: str = "lsoa"
) -> pd.DataFrame:
    """The latest headline values of ``indicators`` for the areas of ``area_type`` within ``code``:
    no category, Persons where a series has them, its most common age."""
    found = fetch_values(
        engine, ValueFilter(indicators=indicators, area_type=area_type, parent=code, latest_only=True)
    )
    return headline_rows(found)


def headline_rows(found: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """Each indicator's headline rows of ``found`` (within each group of ``by``, e.g. per
    authority): no category, Persons where a series has them, its most common age (the smallest of
    equally common ones); one row per indicator and area, the first as ``found`` is ordered."""
    keys = [*by, "indicator_id"]
    plain = found[found["category_type"].fillna("") == ""]
    if plain.empty:
        return plain
    persons = plain["sex"] == "Persons"
    has_persons = persons.groupby([plain[k] for k in keys]).transform("any")
    plain = plain[persons | ~has_persons]
    counts = plain.groupby([*keys, "age"]).size().rename("_n").reset_index()
    ascending = [True] * len(keys) + [False, True]
    top = counts.sort_values([*keys, "_n", "age"], ascending=ascending, kind="stable").drop_duplicates(keys)
    plain = plain.merge(top[[*keys, "age"]], on=[*keys, "age"])  # keeps the left order
    return plain.drop_duplicates([*by, "indicator_id", "area_code"]).reset_index(drop=True)


def record_of(engine: Engine, indicator_id: int) -> dict[str, Any]:
    """The indicator's stored record (read once per data version; a copy)."""
    reference = reference_data(engine)
    key = ("indicator_record", indicator_id)
    return dict(reference.get(key, lambda: indicator_store.indicator_record(engine, indicator_id)))


def stored_section(
    engine: Engine, area: AreaInfo, indicator_id: int | None, choices: list[Choice]
) -> AreaInequality | None:
    """The authority's stored default section (:mod:`healthassets.services.inequality_defaults`) when
    it is current and of ``indicator_id`` (None: the default), else None."""
    row = inequality_store.default_inequality(engine, area.code)
    if row is None or row["values_version"] != values_version(engine):
        return None
    chosen, period, reason, summary, deciles = decode(row)
    if indicator_id is not None and indicator_id != chosen:
        return None
    metadata = record_of(engine, chosen)
    method = method_for(chosen, metadata.get("value_type"), metadata.get("multiplier"))
    kind, multiplier = method if method else (None, float(metadata.get("multiplier") or 1))
    return AreaInequality(
        area=area, indicator_id=chosen, metadata=metadata, method=kind, multiplier=multiplier,
        period=period, deciles=deciles, summary=summary, reason=reason, choices=choices,
    )  # fmt: skip


def _latest_period(series: pd.DataFrame) -> str | None:
    if series.empty:
        return None
    return str(series.loc[series["period_sortable"].idxmax(), "period"])


def lsoa_frame(
    code: str,
    lsoas: list[str],
    values: pd.DataFrame,
    series: pd.DataFrame,
    period: str | None,
    data_dir: Path | None,
) -> pd.DataFrame:
    """One row per LSOA of the authority: IMD score, residents and the indicator's value, count
    and denominator at ``period`` (missing where it has none)."""
    frame = pd.DataFrame({"authority_code": code, "area_code": lsoas})
    imd = values[values["indicator_id"] == IMD_SCORE].set_index("area_code")["value"]
    frame["imd_score"] = frame["area_code"].map(imd).astype(float)
    population = lsoa_population(settings.data_dir(data_dir))
    frame["population"] = frame["area_code"].map(population).astype(float)
    now = series[series["period"] == period].set_index("area_code")
    for column in ("value", "count", "denominator"):
        frame[column] = frame["area_code"].map(now[column]).astype(float) if len(now) else np.nan
    return frame
