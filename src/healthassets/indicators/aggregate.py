"""Aggregate child areas' counts and denominators into a parent area's value.

Fingertips publishes regional values computed from the counts and denominators of the areas in the
region. Where an extract has no region rows (the bundled one has none), a region's value can be
rebuilt the same way — but only for value types whose value is a function of the summed count and
denominator:

- proportion: ``value = Σcount / Σdenominator × multiplier``, Wilson score limits;
- crude rate: ``value = Σcount / Σdenominator × multiplier``, exact Poisson limits below 10 events,
  Byar's from 10 (Fingertips technical guidance, "Confidence intervals").

Other value types (directly standardised rates, life expectancy, scores, ratios) need the age-band
detail and are not aggregated. A parent value is made only when every expected child has a count and
a denominator for that indicator, period, sex, age and category: a partial sum would be wrong.

Small areas (LSOAs) aggregate to MSOAs, wards, authorities and countries by the kind of value
(:func:`aggregate_small_areas`, docs/adr/0049): counts summed, proportions and rates rebuilt from
summed counts, scores and distances as population-weighted means, ranks and deciles never.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from healthassets import stats

#: value types (Fingertips spelling, lower-cased) that aggregate from counts and denominators
AGGREGATABLE = {"proportion": "proportion", "crude rate": "rate"}

VALUE_KEYS = ["indicator_id", "period", "sex", "age", "category_type", "category"]


def aggregatable(value_type: str | None) -> bool:
    """True when values of this type can be rebuilt from summed counts and denominators."""
    return value_type is not None and value_type.strip().lower() in AGGREGATABLE


def aggregate_to_parent(
    children: pd.DataFrame,
    *,
    expected_children: int,
    value_type: pd.Series,
    multiplier: pd.Series,
    keys: Sequence[str] = VALUE_KEYS,
    confidence: Sequence[float] = (0.95, 0.998),
) -> pd.DataFrame:
    """One parent row per key where all ``expected_children`` have a count and a denominator.

    ``children`` holds the child areas' rows with ``keys``, ``area_code``, ``count`` and
    ``denominator``; ``value_type`` and ``multiplier`` are indexed by indicator id. Returns the keys,
    ``count``, ``denominator``, ``value`` and the limit columns for every level in ``confidence``.
    """
    keys = list(keys)
    columns = [*keys, "count", "denominator", "value"]
    for level in confidence:
        columns += list(stats.ci_columns(level))
    if children.empty:
        return pd.DataFrame(columns=columns)
    summary = _complete_sums(children, keys, expected_children)
    return _limits_by_kind(summary, value_type, multiplier, keys, confidence)[columns]


def _limits_by_kind(
    summary: pd.DataFrame,
    value_type: pd.Series,
    multiplier: pd.Series,
    keys: list[str],
    confidence: Sequence[float],
) -> pd.DataFrame:
    """Value and limits of summed counts and denominators, by each indicator's kind (proportion or
    crude rate) and multiplier; other indicators, and proportions above 1, are left out."""
    columns = [*keys, "count", "denominator", "value"]
    for level in confidence:
        columns += list(stats.ci_columns(level))
    kind_by_indicator = value_type.astype("string").str.strip().str.lower().map(AGGREGATABLE)
    summary = summary.assign(
        _kind=summary["indicator_id"].map(kind_by_indicator),
        _multiplier=summary["indicator_id"].map(multiplier),
    )
    summary = summary[summary["_kind"].notna() & summary["_multiplier"].notna()]
    parts = []
    for (kind, factor), block in summary.groupby(["_kind", "_multiplier"], sort=False):
        if kind == "proportion":
            block = block[block["count"] <= block["denominator"]]
        if len(block):
            parts.append(_with_limits(block, str(kind), float(factor), keys, confidence))
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def _complete_sums(children: pd.DataFrame, keys: list[str], expected_children: int) -> pd.DataFrame:
    """Summed count and denominator per key, only where every expected child has both (and the
    denominator is positive)."""
    complete = children["count"].notna() & children["denominator"].notna()
    summary = (
        children.assign(_complete=complete)
        .groupby(keys, sort=False, dropna=False)
        .agg(
            count=("count", "sum"),
            denominator=("denominator", "sum"),
            areas=("area_code", "nunique"),
            complete=("_complete", "all"),
        )
        .reset_index()
    )
    summary = summary[(summary["areas"] == expected_children) & summary["complete"]]
    return summary[summary["denominator"] > 0]


def _with_limits(
    block: pd.DataFrame, kind: str, factor: float, keys: list[str], confidence: Sequence[float]
) -> pd.DataFrame:
    """The block's keys, count and denominator with the value and limits of its kind:
    :func:`healthassets.stats.proportion` (Wilson score) or :func:`healthassets.stats.rate` (exact
    Poisson / Byar), scaled by ``factor``."""
    method = stats.proportion if kind == "proportion" else stats.rate
    result = method(
        block.reset_index(drop=True), "count", "denominator", confidence=list(confidence), multiplier=factor
    )
    limits = result.drop(columns=["numerator", "denominator", "statistic", "method"])
    return pd.concat(
        [block[[*keys, "count", "denominator"]].reset_index(drop=True), limits.reset_index(drop=True)], axis=1
    )


def infer_multiplier(value: pd.Series, count: pd.Series, denominator: pd.Series) -> float | None:
    """The power of ten that turns count/denominator into value (median over rows), if any."""
    ratio = value / (count / denominator)
    ratio = ratio[np.isfinite(ratio) & (ratio > 0)]
    if ratio.empty:
        return None
    power = np.round(np.log10(ratio.median()))
    return float(10**power)


# --- small areas: LSOA values to MSOAs, wards, authorities and countries ---------------------------
#
# One function per kind of value (docs/adr/0049), each over a ``membership`` table (child_code,
# parent_code: every LSOA once per parent level) and each making a parent value only where every
# member LSOA has one (a partial sum or mean would be wrong):
#
# - counts are summed: value = Σ value;
# - proportions and crude rates are recomputed from the summed counts and denominators
#   (:func:`aggregate_to_parent`'s arithmetic: Wilson score limits, exact Poisson / Byar's);
# - scores and distances are population-weighted means, value = Σ wᵢvᵢ / Σ wᵢ (MHCLG's "average
#   score" summary of the Indices of Deprivation, weighted here by Census 2021 residents);
# - ranks, deciles and quintiles are never aggregated: a mean of ranks is not a rank, and the
#   sources publish none at these levels.

SMALL_AREA_METHODS = {
    "count": "sum",
    "proportion": "ratio",
    "crude rate": "ratio",
    "score": "weighted mean",
    "distance": "weighted mean",
    "mean": "weighted mean",
}


def small_area_method(value_type: str | None) -> str | None:
    """'sum', 'ratio', 'weighted mean' or None (not aggregated: ranks, deciles, anything else)."""
    if value_type is None:
        return None
    return SMALL_AREA_METHODS.get(str(value_type).strip().lower())


def _complete_parent_sums(
    children: pd.DataFrame, membership: pd.DataFrame, keys: list[str], columns: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Per key and parent: the sums of ``columns`` (arrays aligned with ``children``) over the
    member children, kept only where every member child has a row (``children`` holds one row per
    child and key). Returns the keys, ``area_code`` (the parent) and the summed columns."""
    if children.empty:
        return pd.DataFrame(columns=[*keys, "area_code", *columns])
    series = children.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    first = children[keys].assign(_s=series).drop_duplicates("_s")
    rows = pd.DataFrame({"_s": series, "child_code": children["area_code"].to_numpy(), **columns})
    joined = rows.merge(membership[["child_code", "parent_code"]], on="child_code")
    grouped = joined.groupby(["_s", "parent_code"], sort=False)
    sums = grouped[list(columns)].sum().assign(_n=grouped.size()).reset_index()
    expected = membership.groupby("parent_code")["child_code"].nunique()
    sums = sums[sums["_n"].to_numpy() == sums["parent_code"].map(expected).to_numpy()]
    out = sums.merge(first, on="_s").rename(columns={"parent_code": "area_code"})
    return out[[*keys, "area_code", *columns]].reset_index(drop=True)


def sum_to_parents(
    children: pd.DataFrame, membership: pd.DataFrame, keys: Sequence[str] = VALUE_KEYS
) -> pd.DataFrame:
    """Counts: one row per parent and key, value = count = Σ value over every member child."""
    keys = list(keys)
    usable = children.dropna(subset=["value"])
    out = _complete_parent_sums(usable, membership, keys, {"value": usable["value"].to_numpy(float)})
    return out.assign(count=out["value"], denominator=np.nan)


def ratio_to_parents(
    children: pd.DataFrame,
    membership: pd.DataFrame,
    *,
    value_type: pd.Series,
    multiplier: pd.Series,
    keys: Sequence[str] = VALUE_KEYS,
    confidence: Sequence[float] = (0.95, 0.998),
) -> pd.DataFrame:
    """Proportions and crude rates rebuilt per parent from the summed counts and denominators of
    every member child (:func:`aggregate_to_parent`'s arithmetic, per parent)."""
    keys = list(keys)
    usable = children.dropna(subset=["count", "denominator"])
    columns = {c: usable[c].to_numpy(float) for c in ("count", "denominator")}
    summary = _complete_parent_sums(usable, membership, keys, columns)
    summary = summary[summary["denominator"] > 0]
    return _limits_by_kind(summary, value_type, multiplier, [*keys, "area_code"], confidence)


def weighted_mean_to_parents(
    children: pd.DataFrame, membership: pd.DataFrame, weights: pd.Series, keys: Sequence[str] = VALUE_KEYS
) -> pd.DataFrame:
    """Scores and distances: value = Σ wᵢvᵢ / Σ wᵢ over every member child, ``weights`` by child
    code (population); a child without a positive weight makes its parent incomplete."""
    keys = list(keys)
    w = weights.reindex(children["area_code"].to_numpy()).to_numpy(float)
    usable = children["value"].notna().to_numpy() & (w > 0)
    chosen = children[usable]
    wv = w[usable] * chosen["value"].to_numpy(float)
    out = _complete_parent_sums(chosen, membership, keys, {"_wv": wv, "_w": w[usable]})
    return out.assign(value=out["_wv"] / out["_w"], count=np.nan, denominator=np.nan).drop(
        columns=["_wv", "_w"]
    )


def aggregate_small_areas(
    children: pd.DataFrame,
    membership: pd.DataFrame,
    *,
    value_type: pd.Series,
    multiplier: pd.Series,
    weights: pd.Series,
    keys: Sequence[str] = VALUE_KEYS,
) -> pd.DataFrame:
    """Every child row aggregated to every parent by its indicator's method
    (:func:`small_area_method` of ``value_type``, indexed by indicator id); indicators without one
    are left out. Returns the keys, ``area_code``, ``value``, ``count``, ``denominator`` and the
    95 % / 99.8 % limits (empty but for proportions and rates)."""
    keys = list(keys)
    limits = [*stats.ci_columns(0.95), *stats.ci_columns(0.998)]
    columns = [*keys, "area_code", "value", "count", "denominator", *limits]
    method = children["indicator_id"].map(value_type.map(small_area_method))
    parts = [
        sum_to_parents(children[method == "sum"], membership, keys),
        ratio_to_parents(
            children[method == "ratio"], membership, value_type=value_type, multiplier=multiplier, keys=keys
        ),
        weighted_mean_to_parents(children[method == "weighted mean"], membership, weights, keys),
    ]
    found = [p.reindex(columns=columns) for p in parts if len(p)]
    if not found:
        return pd.DataFrame(columns=columns)
    return pd.concat(found, ignore_index=True)
