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
    out = pd.concat(parts, ignore_index=True)
    return out[columns]


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
