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
"""

from __future__ import annotations

import warnings
from importlib import resources

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
    numeric_column,
    require_columns,
)
from healthassets.stats.ci import byars_limits

#: Fingertips suppresses a DSR whose total count is below this
MIN_TOTAL_COUNT = 10
#: PHEindicatormethods' method label when confidence limits allow for non-independent events
NON_INDEPENDENT_METHOD = "Dobson, with confidence adjusted for non-independent events"


class DSRWarning(UserWarning):
    """A DSR is missing because its group lacks a population or standard population."""


def esp2013() -> pd.Series:
    """The European Standard Population 2013: 19 bands (0-4 … 90+) indexed by band label."""
    with resources.files("healthassets.stats").joinpath("data/esp2013.csv").open() as handle:
        table = pd.read_csv(handle)
    return pd.Series(table["esp2013"].to_numpy(dtype=float), index=table["ageband"], name="esp2013")


def dsr(
    data: pd.DataFrame,
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
    whose 19 bands are joined by position within each group (rows in ESP2013 order, as
    PHEindicatormethods does). A missing count counts as zero (PHEindicatormethods). A missing
    population or standard population makes its group's DSR and limits missing, with a warning
    (PHEindicatormethods stops instead; ADR 0039). With ``event_frequency`` the events are
    non-independent and ``age_band`` names the standardisation category.
    """
    levels = confidence_levels(confidence)
    # as PHEindicatormethods, a group-by on the event frequency itself is ignored
    groups = [g for g in group_columns(group_by) if g != event_frequency]
    require_columns(data, [count, population, standard_population, age_band, event_frequency, *groups])
    if (standard_population is None) == (standard is None):
        raise InputError("give exactly one of standard_population (a column) or standard='esp2013'")
    if event_frequency is not None and age_band is None:
        raise InputError("non-independent events need the age band column", column="age_band")
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
    w = _standard(data, standard_population, standard, group_id, band_id)
    if band_id is not None:
        _check_constant_within_bands(band_id, n, population, "population")
        if standard_population is not None:
            _check_constant_within_bands(band_id, w, standard_population, "standard population")
    frequency = None
    if event_frequency is not None:
        frequency = numeric_column(data, event_frequency)
        check(~(frequency > 0), event_frequency, "event frequencies must be greater than zero")
    return _compute(data, groups, group_id, x, n, w, frequency, age_band, levels, multiplier)


def _standard(
    data: pd.DataFrame,
    column: str | None,
    standard: str | None,
    group_id: np.ndarray,
    band_id: np.ndarray | None = None,
) -> np.ndarray:
    if column is not None:
        w = numeric_column(data, column)
        check(w < 0, column, "standard populations must be zero or more")
        return w
    if standard != "esp2013":
        raise InputError(f"unknown standard population {standard!r} (known: esp2013)")
    bands = esp2013().to_numpy()
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


def _compute(
    data: pd.DataFrame,
    groups: list[str],
    group_id: np.ndarray,
    x: np.ndarray,
    n: np.ndarray,
    w: np.ndarray,
    frequency: np.ndarray | None,
    age_band: str | None,
    levels: tuple[float, ...],
    multiplier: float,
) -> pd.DataFrame:
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
    sum_w = np.bincount(gid, weights=weight, minlength=n_groups)
    rate = np.bincount(gid, weights=weight * events / pop, minlength=n_groups) / sum_w
    variance = np.bincount(gid, weights=weight**2 * var_events / pop**2, minlength=n_groups) / sum_w**2
    if groups:
        first_rows = pd.Series(np.arange(group_id.size)).groupby(group_id).first().to_numpy()
        out = data.iloc[first_rows][groups].reset_index(drop=True)
    else:
        out = pd.DataFrame(index=range(n_groups))
    out["total_count"] = total_count
    out["total_pop"] = total_pop
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
    out["method"] = "Dobson" if frequency is None else NON_INDEPENDENT_METHOD
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
