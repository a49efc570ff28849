"""Inequality within an authority: an indicator by the authority's own deprivation deciles and its
slope index of inequality (SII), for every authority at once (pure: frames in, frames out).

Deciles and the value in each: :mod:`healthassets.indicators.local_deciles`. The SII is
:func:`healthassets.stats.sii` (PHEindicatormethods ``phe_sii``; Low & Low 2004): the deciles,
1 = most deprived … 10 = least deprived, are placed at the midpoints of their cumulative population
shares bᵢ (the population being the indicator's denominator for proportions — households for the
Census household-deprivation indicators — and residents otherwise), the population-weighted line
Y = α + β·b is fitted, and SII = Y(1) − Y(0) = β: the fitted difference between the least and the
most deprived ends of the authority. Its sign follows ``phe_sii``: positive when the value is
higher in the less deprived parts. 95 % limits are simulated (``repetitions`` draws of every
decile's value from its sampling distribution: logit-normal for proportions, log-normal for rates,
normal for means; ADR 0011). The fitted value of each decile, α + β·bᵢ, is returned for the chart.

How each indicator is aggregated (:func:`method_for`): proportions from summed counts (Wilson),
crude rates and the asset register's counts as rates from summed counts (per 1,000 residents for
the counts), everything else — scores, distances, access measures — as population-weighted means.
Ranks and deciles are never averaged: no inequality is computed for them.

An authority gets no SII, and a :class:`Reason`, when a decile is missing or incomplete, when a
proportion or rate is 0 (or a proportion 100 %: its logit or log is infinite), or when a mean's
decile holds a single LSOA (no spread, no standard error).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from healthassets import stats
from healthassets.assets.area_measures import ACCESS_BASE, COUNT_BASE, PER
from healthassets.indicators.local_deciles import DECILES, Method, decile_values, local_deciles

#: PHEindicatormethods' default number of simulations for the SII's limits
REPETITIONS = 100_000
SII_COLUMNS = ["sii", "sii_lower95_0cl", "sii_upper95_0cl", "intercept"]


class Reason(StrEnum):
    """Why an authority has no SII for an indicator (the page says it in words)."""

    WALES = "wales"  # the Welsh Index of Multiple Deprivation is not bundled
    NOT_AUTHORITY = "not-authority"  # deciles are made within local authorities only
    NOT_AVERAGED = "not-averaged"  # a rank or decile: never averaged
    NOT_MAPPED = "not-mapped"  # the asset register does not cover the authority
    NO_VALUES = "no-values"  # the indicator has no small-area values here
    NO_SCORES = "no-scores"  # no LSOA has an IMD score
    TOO_FEW_LSOAS = "too-few-lsoas"  # fewer than ten scored LSOAs
    EMPTY_DECILE = "empty-decile"  # tied scores left a decile without LSOAs
    MISSING_VALUES = "missing-values"  # some LSOAs have no value
    ZERO_VALUE = "zero-value"  # a proportion or rate of 0 (or 100 %)
    SINGLE_LSOA = "single-lsoa"  # a mean's decile of one LSOA: no standard error


@dataclass(frozen=True)
class Inequality:
    """``deciles``: one row per authority and decile (see
    :func:`~healthassets.indicators.local_deciles.decile_values`) plus ``rank`` (bᵢ) and
    ``fitted``; ``summary``: one row per authority — ``lsoas``, ``scored`` (with an IMD score),
    ``missing`` (without a value), the SII, its 95 % limits, ``intercept`` (Y(0)) and ``reason``
    (None when the SII was computed)."""

    deciles: pd.DataFrame
    summary: pd.DataFrame


def method_for(
    indicator_id: int, value_type: str | None, multiplier: float | None
) -> tuple[Method, float] | None:
    """How an indicator's LSOA values make a decile's value, and its multiplier; None for ranks
    and deciles (never averaged)."""
    kind = (value_type or "").strip().lower()
    if kind in ("rank", "decile"):
        return None
    if COUNT_BASE <= indicator_id < ACCESS_BASE and indicator_id % 10 == 0:
        return Method.RATE, PER  # an asset count → assets per 1,000 residents
    if kind == "proportion":
        return Method.PROPORTION, float(multiplier or 100)
    if kind == "crude rate":
        return Method.RATE, float(multiplier or PER)
    return Method.MEAN, 1.0


def inequality(
    lsoas: pd.DataFrame,
    method: Method,
    multiplier: float,
    *,
    repetitions: int = REPETITIONS,
    seed: int | np.random.Generator | None = None,
    seeds: pd.Series | None = None,
) -> Inequality:
    """Deciles, their values and the SII of every authority in ``lsoas`` (one row per authority and
    LSOA: ``authority_code``, ``area_code``, ``imd_score``, ``population`` (residents), ``value``,
    ``count``, ``denominator``). ``seeds`` (authority code → integer) gives each authority's
    simulation its own generator, so its limits are those it has computed alone with that seed."""
    positions, codes = pd.factorize(lsoas["authority_code"])  # group on integers: much faster
    frame = lsoas[INPUT_COLUMNS].assign(authority_code=positions)
    frame["decile"] = local_deciles(frame)
    table = decile_values(frame, method, multiplier)
    summary = _summary(frame, table, method, multiplier)
    usable = summary.loc[summary["reason"].isna(), "authority_code"]
    chosen = table[table["authority_code"].isin(set(usable))]
    table = table.assign(rank=_ranks(table))
    if len(chosen):
        if seeds is not None:
            own = seeds.reindex(codes).to_numpy(dtype=np.int64)
            chosen = chosen.assign(seed=own[chosen["authority_code"].to_numpy(dtype=int)])
        fitted = _sii(chosen, method, multiplier, repetitions, seed)
        summary = summary.drop(columns=SII_COLUMNS).merge(fitted, on="authority_code", how="left")
        line = table.merge(fitted[["authority_code", "sii", "intercept"]], on="authority_code", how="left")
        table["fitted"] = (line["intercept"] + line["sii"] * line["rank"]).to_numpy()
    else:
        table["fitted"] = np.nan
    table["authority_code"] = codes[table["authority_code"].to_numpy()]
    summary["authority_code"] = codes[summary["authority_code"].to_numpy()]
    return Inequality(deciles=table.reset_index(drop=True), summary=summary[_SUMMARY].reset_index(drop=True))


INPUT_COLUMNS = ["authority_code", "area_code", "imd_score", "population", "value", "count", "denominator"]
_SUMMARY = ["authority_code", "lsoas", "scored", "missing", *SII_COLUMNS, "reason"]


def _summary(frame: pd.DataFrame, table: pd.DataFrame, method: Method, multiplier: float) -> pd.DataFrame:
    """Per authority (``authority_code`` here being positions 0…k−1): counts of LSOAs and the first
    reason, in :class:`Reason` order, it has no SII."""
    k = int(frame["authority_code"].max()) + 1 if len(frame) else 0
    at = table["authority_code"].to_numpy(dtype=int)

    def per_authority(where: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(where, weights, minlength=k)

    value = table["value"].to_numpy(dtype=float)
    zero = np.zeros(len(table), dtype=bool)  # a mean may be 0 or negative (scores)
    if method is not Method.MEAN:  # log and logit need values above 0 (and proportions below 1)
        zero = (value <= 0) | ((value >= multiplier) & (method is Method.PROPORTION))
    positions = frame["authority_code"].to_numpy(dtype=int)
    out = pd.DataFrame(
        {
            "authority_code": np.arange(k),
            "lsoas": per_authority(positions).astype(int),
            "scored": per_authority(positions, frame["imd_score"].notna().to_numpy(float)).astype(int),
            "missing": per_authority(at, table["missing"].to_numpy(float)).astype(int),
        }
    )
    deciles = per_authority(at)
    single = per_authority(at, (table["lsoas"] == 1).to_numpy(float)) > 0
    checks = [
        (out["scored"].to_numpy() == 0, Reason.NO_SCORES),
        (out["scored"].to_numpy() < DECILES, Reason.TOO_FEW_LSOAS),
        (deciles < DECILES, Reason.EMPTY_DECILE),
        (out["missing"].to_numpy() > 0, Reason.MISSING_VALUES),
        (per_authority(at, zero.astype(float)) > 0, Reason.ZERO_VALUE),
        (single & (method is Method.MEAN), Reason.SINGLE_LSOA),
    ]
    reasons = np.select([c for c, _ in checks], [r.value for _, r in checks], default="")
    out["reason"] = pd.Series(reasons, dtype=object).replace("", None)
    for column in SII_COLUMNS:
        out[column] = np.nan
    return out


def _ranks(table: pd.DataFrame) -> np.ndarray:
    """bᵢ: the midpoint of each decile's cumulative population share within its authority."""
    ordered = table.sort_values(KEYS_ORDER)
    share = ordered["weight"] / ordered.groupby("authority_code")["weight"].transform("sum")
    rank = share.groupby(ordered["authority_code"]).cumsum() - share / 2
    return rank.reindex(table.index).to_numpy(dtype=float)


KEYS_ORDER = ["authority_code", "decile"]


def _sii(
    table: pd.DataFrame,
    method: Method,
    multiplier: float,
    repetitions: int,
    seed: int | np.random.Generator | None,
) -> pd.DataFrame:
    """The SII, its simulated 95 % limits and intercept per authority (``stats.sii``, phe_sii):
    means with their standard errors (value type 0), proportions on the 0-1 scale from their
    Wilson limits (2, logit) scaled back by the multiplier, rates from their limits (1, log)."""
    data = table.sort_values(KEYS_ORDER).reset_index(drop=True)
    mean = method is Method.MEAN
    scale = multiplier if method is Method.PROPORTION else 1.0
    if scale != 1.0:
        data = data.assign(**{c: data[c] / scale for c in ("value", "lower95_0cl", "upper95_0cl")})
    result = stats.sii(
        data,
        "decile",
        "weight",
        value="value",
        value_type=VALUE_TYPES[method],
        se="se" if mean else None,
        lower_cl=None if mean else "lower95_0cl",
        upper_cl=None if mean else "upper95_0cl",
        multiplier=scale,
        repetitions=repetitions,
        confidence=0.95,
        intercept=True,
        group_by="authority_code",
        seed=seed,
        type="standard",
        seeds="seed" if "seed" in data else None,
    )
    return result[["authority_code", *SII_COLUMNS]]


#: phe_sii's value_type of each method: 0 other (normal), 1 rate (log), 2 proportion (logit)
VALUE_TYPES = {Method.MEAN: 0, Method.RATE: 1, Method.PROPORTION: 2}


def authority_seed(authority_code: str, indicator_id: int) -> int:
    """The simulation seed of an authority's SII for an indicator (CRC-32 of "code:indicator"): fixed,
    so a page, its CSV and its chart — and the stored default — show the same limits."""
    return zlib.crc32(f"{authority_code}:{indicator_id}".encode())
