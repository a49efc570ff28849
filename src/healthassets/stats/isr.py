"""Indirectly standardised ratios and rates (PHEindicatormethods ``calculate_ISRatio`` /
``calculate_ISRate``).

For a group with age bands i (local population nᵢ, reference events Xᵢ and population Nᵢ):

    O = Σ observed events (or the group's observed total)
    E = Σ nᵢ · Xᵢ / Nᵢ                        expected events
    ISRatio = O / E × reference_value            (e.g. 1 or 100)
    ISRate  = O / E × (ΣXᵢ / ΣNᵢ) × multiplier   (the reference crude rate, rescaled)

Limits: the Poisson limits of O (exact below 10, Byar's from 10; see :mod:`ci`) divided by E and
scaled like the value. Sources: Breslow & Day (1987); Fingertips technical guidance.
Zero local populations are allowed (they add nothing to E); as in PHEindicatormethods a missing
count, population or reference count adds nothing either. ``observed_totals`` holds one total per
group (repeated, or on some rows only; two different values in one group are an error).

Two steps: the group sums (O, E, ΣXᵢ, ΣNᵢ — by pandas, or by Dask for a Dask DataFrame,
:func:`stats._dask.isr_sums`), then the ratio or rate and its limits from them (:func:`isr_limits`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from healthassets.errors import InputError
from healthassets.stats._frame import (
    Confidence,
    GroupBy,
    check,
    ci_columns,
    confidence_levels,
    group_columns,
    is_dask,
    numeric_column,
    require_columns,
)
from healthassets.stats.ci import poisson_limits

Reference: TypeAlias = str | Sequence[float] | np.ndarray | pd.Series
#: the group sums of the reference, from which the ISR's reference crude rate comes
REFERENCE_SUMS = ("reference_count_sum", "reference_population_sum")


def isratio(
    data: pd.DataFrame | Any,
    count: str,
    population: str,
    reference_count: Reference,
    reference_population: Reference,
    *,
    reference_value: float = 1,
    observed_totals: str | None = None,
    group_by: GroupBy = None,
    confidence: Confidence = 0.95,
) -> pd.DataFrame:
    """Indirectly standardised ratio O/E × reference_value, one row per group (a Dask DataFrame is
    summed by Dask; rows sorted by the group keys)."""
    levels = confidence_levels(confidence)
    sums = _sums(data, count, population, reference_count, reference_population, observed_totals, group_by)
    label = f"indirectly standardised ratio x {reference_value:g}"
    return isr_limits(sums.drop(columns=list(REFERENCE_SUMS)), levels, float(reference_value), label)


def isr(
    data: pd.DataFrame | Any,
    count: str,
    population: str,
    reference_count: Reference,
    reference_population: Reference,
    *,
    observed_totals: str | None = None,
    group_by: GroupBy = None,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
) -> pd.DataFrame:
    """Indirectly standardised rate O/E × reference crude rate × multiplier, one row per group (a
    Dask DataFrame is summed by Dask; rows sorted by the group keys)."""
    levels = confidence_levels(confidence)
    sums = _sums(data, count, population, reference_count, reference_population, observed_totals, group_by)
    reference_count_sum, reference_population_sum = (sums[c].to_numpy(dtype=float) for c in REFERENCE_SUMS)
    with np.errstate(invalid="ignore", divide="ignore"):
        reference_rate = reference_count_sum / reference_population_sum
    per = f"{multiplier:.0f}" if float(multiplier).is_integer() else f"{multiplier:g}"
    label = f"indirectly standardised rate per {per}"
    return isr_limits(sums.drop(columns=list(REFERENCE_SUMS)), levels, reference_rate * multiplier, label)


def _sums(
    data: pd.DataFrame | Any,
    count: str,
    population: str,
    reference_count: Reference,
    reference_population: Reference,
    observed_totals: str | None,
    group_by: GroupBy,
) -> pd.DataFrame:
    """groups…, observed, expected and :data:`REFERENCE_SUMS` per group."""
    if is_dask(data):
        from healthassets.stats import _dask

        if not (isinstance(reference_count, str) and isinstance(reference_population, str)):
            raise InputError("with a Dask DataFrame the reference counts and populations must be columns")
        groups = group_columns(group_by)
        require_columns(
            data, [count, population, observed_totals, reference_count, reference_population, *groups]
        )
        return _dask.isr_sums(
            data, count, population, reference_count, reference_population, observed_totals, groups
        )
    return _observed_expected(
        data, count, population, reference_count, reference_population, observed_totals, group_by
    )


def _observed_expected(
    data: pd.DataFrame,
    count: str,
    population: str,
    reference_count: Reference,
    reference_population: Reference,
    observed_totals: str | None,
    group_by: GroupBy,
) -> pd.DataFrame:
    groups = group_columns(group_by)
    named = [c for c in (reference_count, reference_population) if isinstance(c, str)]
    require_columns(data, [count, population, observed_totals, *named, *groups])
    x = numeric_column(data, count)
    n = numeric_column(data, population)
    check(x < 0, count, "observed counts must all be greater than or equal to zero")
    check(n < 0, population, "populations must all be greater than or equal to zero")
    group_id = _group_ids(data, groups)
    ref_x = _reference(data, reference_count, group_id, "reference_count")
    ref_n = _reference(data, reference_population, group_id, "reference_population")
    check(
        ref_x < 0,
        _name(reference_count, "reference_count"),
        "reference counts must all be greater than or equal to zero",
    )
    check(  # a missing one makes the group's expected count missing, as in PHEindicatormethods
        ref_n <= 0,
        _name(reference_population, "reference_population"),
        "reference populations must all be greater than zero",
    )
    size = int(group_id.max()) + 1 if group_id.size else 0
    # as PHEindicatormethods: a missing population or reference count adds nothing
    expected = np.bincount(group_id, weights=np.nan_to_num(n) * np.nan_to_num(ref_x) / ref_n, minlength=size)
    observed = np.bincount(group_id, weights=np.nan_to_num(x), minlength=size)
    if observed_totals is not None:
        totals = numeric_column(data, observed_totals)
        check(totals < 0, observed_totals, "observed totals must be greater than or equal to zero")
        # one total per group: given on every row (or only some), never two different values
        per_group = pd.Series(totals).groupby(group_id)
        first = per_group.transform("first").to_numpy()
        check(
            ~np.isnan(totals) & (totals != first),
            observed_totals,
            "observed totals must be the same on every row of a group",
        )
        observed = per_group.first().to_numpy()
    if groups:
        first_rows = pd.Series(np.arange(group_id.size)).groupby(group_id).first().to_numpy()
        out = data.iloc[first_rows][groups].reset_index(drop=True)
    else:
        out = pd.DataFrame(index=range(size))
    out["observed"] = observed
    out["expected"] = expected
    out["reference_count_sum"] = np.bincount(group_id, weights=np.nan_to_num(ref_x), minlength=size)
    out["reference_population_sum"] = np.bincount(group_id, weights=ref_n, minlength=size)
    return out


def _group_ids(data: pd.DataFrame, groups: list[str]) -> np.ndarray:
    if not groups:
        return np.zeros(len(data), dtype=np.int64)
    if len(groups) == 1:
        return pd.factorize(data[groups[0]], use_na_sentinel=False)[0]
    return pd.MultiIndex.from_frame(data[groups]).factorize()[0]


def _name(reference: Reference, default: str) -> str:
    return reference if isinstance(reference, str) else default


def _reference(data: pd.DataFrame, reference: Reference, group_id: np.ndarray, name: str) -> np.ndarray:
    """A reference column, or a vector (one value per age band) repeated by position per group."""
    if isinstance(reference, str):
        return numeric_column(data, reference)
    vector = np.asarray(reference, dtype=float)
    position = pd.Series(group_id).groupby(group_id).cumcount().to_numpy()
    sizes = np.bincount(group_id) if group_id.size else np.array([], dtype=int)
    bad = np.flatnonzero(sizes != vector.size)
    if bad.size:
        row = int(np.flatnonzero(group_id == bad[0])[0]) + 1
        raise InputError(
            f"the {name} vector has {vector.size} values but this group has {sizes[bad[0]]} rows",
            row=row,
            column=name,
        )
    return vector[position]


def isr_limits(
    out: pd.DataFrame, levels: tuple[float, ...], scale: float | np.ndarray, label: str
) -> pd.DataFrame:
    """value = O / E × scale and the Poisson limits of O likewise scaled, from the group sums."""
    observed = out["observed"].to_numpy(dtype=float)
    expected = out["expected"].to_numpy(dtype=float)
    method: np.ndarray | None = None
    with np.errstate(invalid="ignore", divide="ignore"):  # E = 0: value missing, upper infinite, as R
        factor = scale / expected
        out["value"] = observed * factor
        for level in levels:
            lower, upper, method = poisson_limits(observed, level)
            low_name, up_name = ci_columns(level)
            out[low_name] = lower * factor
            out[up_name] = upper * factor
    out["statistic"] = label
    out["method"] = method
    return out
