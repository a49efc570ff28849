"""Directly standardised rates with Dobson limits (PHEindicatormethods ``calculate_dsr``).

For a group with age bands i (events xᵢ, population nᵢ, standard population wᵢ):

    DSR   = Σ(wᵢ xᵢ / nᵢ) / Σwᵢ × multiplier
    V(DSR)= Σ(wᵢ² xᵢ / nᵢ²) / (Σwᵢ)²
    limits= DSR + √(V(DSR) / O) × (O_limit − O) × multiplier,   O = Σxᵢ

with O_limit the Byar's limits of O (Dobson AJ et al. 1991, Stat Med 10:457-462). Suppressed
(value and limits missing) when O < 10 (Fingertips technical guidance).

Non-independent events (a person can have several events): rows give, per age band and event
frequency f, the number of *persons* with f events. Then xᵢ = Σ_f f·p_{i,f} events and the
variance uses Var(xᵢ) = Σ_f f²·p_{i,f} in place of xᵢ (PHEindicatormethods DSR vignette,
"non-independent events"); the Dobson adjustment is applied with that variance and the method
is labelled "Dobson, with confidence adjusted for non-independent events". Σwᵢ is the group's
whole standard population, so absent person-frequency rows count as zero persons (ADR 0012).

Two steps: the group sums (O, Σnᵢ, Σwᵢ, Σwᵢxᵢ/nᵢ, Σwᵢ²xᵢ/nᵢ² — by pandas, or by Dask for a Dask
DataFrame, :func:`stats._dask.dsr_sums`), then :func:`dsr_limits` on them. ``standard="esp2013"``
joins the 19 bands by label (0-4 … 90+) where every age band is one of ESP2013's, else by position
within each group as PHEindicatormethods (ADR 0071).
"""

from __future__ import annotations

import warnings
from typing import Any

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
from healthassets.stats.ci import byars_limits
from healthassets.stats.standard_populations import check_each_band_once, esp2013, esp2013_positions

#: Fingertips suppresses a DSR whose total count is below this
MIN_TOTAL_COUNT = 10
#: PHEindicatormethods' method label when confidence limits allow for non-independent events
NON_INDEPENDENT_METHOD = "Dobson, with confidence adjusted for non-independent events"
#: the group sums :func:`dsr_limits` needs besides ``total_count`` and ``total_pop``
SUM_COLUMNS = ("standard_sum", "weighted_rate_sum", "weighted_variance_sum")


class DSRWarning(UserWarning):
    """A DSR is missing because its group lacks a population or standard population."""


def dsr(
    data: pd.DataFrame | Any,
    count: str,
    population: str,
    *,
    standard_population: str | None = None,
    standard: str | None = None,
    age_band: str | None = None,
    event_frequency: str | None = None,
    group_by: GroupBy = None,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
) -> pd.DataFrame:
    """Directly standardised rate per group (one row per group; the whole frame when ungrouped).

    The standard population comes from a column (``standard_population``) or ``standard="esp2013"``,
    whose 19 bands are joined by label when every ``age_band`` is an ESP2013 label, else by position
    within each group (rows in ESP2013 order, as PHEindicatormethods does). A missing count counts
    as zero (PHEindicatormethods). A missing population or standard population makes its group's
    DSR and limits missing, with a warning
    (PHEindicatormethods stops instead; ADR 0039). With ``event_frequency`` the events are
    non-independent and ``age_band`` names the standardisation category. A Dask DataFrame is
    summed by Dask (ESP2013 joined by label; rows sorted by the group keys).
    """
    levels = confidence_levels(confidence)
    # as PHEindicatormethods, a group-by on the event frequency itself is ignored
    groups = [g for g in group_columns(group_by) if g != event_frequency]
    require_columns(data, [count, population, standard_population, age_band, event_frequency, *groups])
    if (standard_population is None) == (standard is None):
        raise InputError("give exactly one of standard_population (a column) or standard='esp2013'")
    if event_frequency is not None and age_band is None:
        raise InputError("non-independent events need the age band column", column="age_band")
    if standard is not None and standard != "esp2013":
        raise InputError(f"unknown standard population {standard!r} (known: esp2013)")
    if is_dask(data):
        from healthassets.stats import _dask

        sums = _dask.dsr_sums(data, count, population, groups, standard_population, age_band, event_frequency)
        return dsr_limits(
            sums, levels, multiplier, "Dobson" if event_frequency is None else NON_INDEPENDENT_METHOD
        )
    x = np.nan_to_num(numeric_column(data, count), nan=0.0)
    n = numeric_column(data, population)
    check(x < 0, count, "counts must all be greater than or equal to zero")
    check(n <= 0, population, "populations must all be greater than zero")
    keys = [data[g] for g in groups] if groups else [pd.Series(0, index=data.index)]
    group_id = (
        pd.MultiIndex.from_arrays(keys).factorize()[0]
        if len(keys) > 1
        else pd.factorize(keys[0], use_na_sentinel=False)[0]
    )
    band_id = None
    if event_frequency is not None and age_band is not None:
        check(data[age_band].isna().to_numpy(), age_band, "age bands must not be missing")
        band_id = pd.MultiIndex.from_arrays([group_id, data[age_band].to_numpy()]).factorize()[0]
    w = _standard(data, standard_population, age_band, group_id, band_id)
    if band_id is not None:
        _check_constant_within_bands(band_id, n, population, "population")
        if standard_population is not None:
            _check_constant_within_bands(band_id, w, standard_population, "standard population")
    frequency = None
    if event_frequency is not None:
        frequency = numeric_column(data, event_frequency)
        check(~(frequency > 0), event_frequency, "event frequencies must be greater than zero")
    sums = _group_sums(data, groups, group_id, x, n, w, frequency, age_band)
    return dsr_limits(sums, levels, multiplier, "Dobson" if frequency is None else NON_INDEPENDENT_METHOD)


def _standard(
    data: pd.DataFrame,
    column: str | None,
    age_band: str | None,
    group_id: np.ndarray,
    band_id: np.ndarray | None = None,
) -> np.ndarray:
    if column is not None:
        w = numeric_column(data, column)
        check(w < 0, column, "standard populations must be zero or more")
        return w
    bands = esp2013().to_numpy()
    positions = esp2013_positions(data[age_band]) if age_band is not None else np.array([-1])
    if (positions >= 0).all():
        _check_bands_by_label(positions, group_id, band_id)
        return bands[positions]
    if band_id is None:  # one row per band: position of the row within its group
        position = pd.Series(group_id).groupby(group_id).cumcount().to_numpy()
        sizes = np.bincount(group_id)
    else:  # person-frequency rows: position of the row's age band among its group's bands
        first = pd.Series(np.arange(band_id.size)).groupby(band_id).first().to_numpy()
        band_group = group_id[first]
        band_position = pd.Series(band_group).groupby(band_group).cumcount().to_numpy()
        position = band_position[band_id]
        sizes = np.bincount(band_group)
    bad = np.flatnonzero(sizes != bands.size)
    if bad.size:
        first_row = int(np.flatnonzero(group_id == bad[0])[0]) + 1
        raise InputError(
            f"the ESP2013 standard needs {bands.size} age bands per group; this group has {sizes[bad[0]]}",
            row=first_row,
        )
    return bands[position]


def _check_bands_by_label(positions: np.ndarray, group_id: np.ndarray, band_id: np.ndarray | None) -> None:
    """Each group has each ESP2013 band once (person-frequency rows: once per distinct band)."""
    rows = np.arange(group_id.size)
    if band_id is not None:  # one representative row per group and age band
        rows = pd.Series(rows).groupby(band_id).first().to_numpy()
    size = int(group_id.max()) + 1 if group_id.size else 0
    gid = group_id[rows]
    count = np.bincount(gid, minlength=size)
    bits = np.bincount(gid, weights=2.0 ** positions[rows], minlength=size)
    first_row = pd.Series(np.arange(group_id.size)).groupby(group_id).first().to_numpy()
    check_each_band_once(count, bits, first_row)


def _group_sums(
    data: pd.DataFrame,
    groups: list[str],
    group_id: np.ndarray,
    x: np.ndarray,
    n: np.ndarray,
    w: np.ndarray,
    frequency: np.ndarray | None,
    age_band: str | None,
) -> pd.DataFrame:
    """groups…, total_count, total_pop and :data:`SUM_COLUMNS` per group (order of first appearance)."""
    n_groups = int(group_id.max()) + 1 if group_id.size else 0
    if frequency is None:
        events, var_events, pop, weight = x, x, n, w
        gid = group_id
    else:
        # collapse persons-by-frequency rows to one row per group and age band
        band_id = pd.MultiIndex.from_arrays([group_id, data[age_band].to_numpy()]).factorize()[0]
        sums = pd.DataFrame({"e": x * frequency, "v": x * frequency**2, "band": band_id})
        per_band = sums.groupby("band", sort=True)[["e", "v"]].sum()
        first = pd.DataFrame({"band": band_id, "n": n, "w": w, "g": group_id}).groupby("band").first()
        events, var_events = per_band["e"].to_numpy(), per_band["v"].to_numpy()
        pop, weight, gid = first["n"].to_numpy(), first["w"].to_numpy(), first["g"].to_numpy()
    total_count = np.bincount(gid, weights=events, minlength=n_groups)
    total_pop = np.bincount(gid, weights=pop, minlength=n_groups)
    if groups:
        first_rows = pd.Series(np.arange(group_id.size)).groupby(group_id).first().to_numpy()
        out = data.iloc[first_rows][groups].reset_index(drop=True)
    else:
        out = pd.DataFrame(index=range(n_groups))
    out["total_count"] = total_count
    out["total_pop"] = total_pop
    out["standard_sum"] = np.bincount(gid, weights=weight, minlength=n_groups)
    out["weighted_rate_sum"] = np.bincount(gid, weights=weight * events / pop, minlength=n_groups)
    out["weighted_variance_sum"] = np.bincount(
        gid, weights=weight**2 * var_events / pop**2, minlength=n_groups
    )
    return out


def dsr_limits(sums: pd.DataFrame, levels: tuple[float, ...], multiplier: float, method: str) -> pd.DataFrame:
    """The DSR, its Dobson limits, statistic and method from the group sums (which it replaces):
    DSR = Σwx/n ÷ Σw, V = Σw²x/n² ÷ (Σw)², suppressed below :data:`MIN_TOTAL_COUNT` events."""
    out = sums.drop(columns=list(SUM_COLUMNS))
    total_count = out["total_count"].to_numpy(dtype=float)
    total_pop = out["total_pop"].to_numpy(dtype=float)
    sum_w = sums["standard_sum"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = sums["weighted_rate_sum"].to_numpy(dtype=float) / sum_w
        variance = sums["weighted_variance_sum"].to_numpy(dtype=float) / sum_w**2
    missing = np.isnan(total_pop) | np.isnan(sum_w)
    if missing.any():
        warnings.warn(
            f"DSR missing for {int(missing.sum())} group(s): a population or standard population is missing",
            DSRWarning,
            stacklevel=3,
        )
    suppressed = total_count < MIN_TOTAL_COUNT
    out["value"] = np.where(suppressed, np.nan, rate * multiplier)
    with np.errstate(invalid="ignore", divide="ignore"):
        factor = np.sqrt(variance / total_count)
    for level in levels:
        lower, upper = byars_limits(total_count, level)
        low_name, up_name = ci_columns(level)
        out[low_name] = np.where(suppressed, np.nan, (rate + factor * (lower - total_count)) * multiplier)
        out[up_name] = np.where(suppressed, np.nan, (rate + factor * (upper - total_count)) * multiplier)
    label = f"dsr per {multiplier:.0f}" if float(multiplier).is_integer() else f"dsr per {multiplier:g}"
    out["statistic"] = np.where(suppressed, f"dsr NA for total count < {MIN_TOTAL_COUNT}", label)
    out["method"] = method
    return out


def _check_constant_within_bands(band_id: np.ndarray, values: np.ndarray, column: str, what: str) -> None:
    """Person-frequency rows of one group and age band must share one population (PHEindicatormethods);
    a missing population on some of the rows is taken from the others."""
    reference = pd.Series(values).groupby(band_id).transform("first").to_numpy()
    check(
        ~np.isnan(values) & (reference != values),
        column,
        f"rows with the same group and age band have different {what}s",
    )
