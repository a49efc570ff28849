"""Life expectancy by the Chiang II abridged life table (PHEindicatormethods
``phe_life_expectancy``; Fingertips technical guidance "Life expectancy").

Bands start at 0, 1, 5, 10, …, 85 and 90 (open). For band i of width nᵢ with deaths Dᵢ and
population Pᵢ: Mᵢ = Dᵢ/Pᵢ, aᵢ = 0.1 for age 0 and 0.5 otherwise,

    qᵢ = nᵢMᵢ / (1 + nᵢ(1 − aᵢ)Mᵢ)    (q = 1 in the open band)
    l₀ = 100000, lᵢ₊₁ = lᵢ(1 − qᵢ),   dᵢ = lᵢ − lᵢ₊₁
    Lᵢ = nᵢ(lᵢ₊₁ + aᵢdᵢ)              (L = l/M in the open band)
    eₓ = Σ_{i≥x} Lᵢ / lₓ

Variance (Chiang 1984, with Silcocks et al. 2001 for the open band):

    var(qᵢ) = qᵢ²(1 − qᵢ)/Dᵢ
    var(eₓ) = [Σ_{x≤i<ω} lᵢ²((1 − aᵢ)nᵢ + eᵢ₊₁)² var(qᵢ) + l_ω² P_ω² / D_ω³] / lₓ²

Limits eₓ ∓ z·√var(eₓ). Fingertips suppression (value and limits missing, with a warning): a band
with zero population or more deaths than population (the whole group); the population from the
start age up ≤ 5000; a 95 % interval wider than 20 years. A missing population or deaths in any
band makes the group's value and limits missing (with a warning), as NA does in PHEindicatormethods.
"""

from __future__ import annotations

import warnings

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
from healthassets.stats.ci import z_value

START_AGES = np.array([0, 1, *range(5, 95, 5)], dtype=float)
WIDTHS = np.diff(np.append(START_AGES, np.inf))
A_FRACTION = np.where(START_AGES == 0, 0.1, 0.5)
#: Fingertips suppresses LE where the population from the start age up is at most this
MIN_POPULATION = 5000
#: … or where the 95 % confidence interval is wider than this many years
MAX_CI_WIDTH = 20.0


class LifeExpectancyWarning(UserWarning):
    """A life expectancy was suppressed under the Fingertips rules."""


def life_expectancy(
    data: pd.DataFrame,
    age_start: str,
    population: str,
    deaths: str,
    *,
    group_by: GroupBy = None,
    confidence: Confidence = 0.95,
    start_ages: list[float] | None = None,
) -> pd.DataFrame:
    """Life expectancy at each start age (or ``start_ages``) per group.

    Each group needs exactly the 20 bands 0, 1, 5, …, 90 in any row order. Output: groups…,
    startage, pops_used, dths_used, value, limits.
    """
    levels = confidence_levels(confidence)
    groups = group_columns(group_by)
    require_columns(data, [age_start, population, deaths, *groups])
    ages = numeric_column(data, age_start)
    pops = numeric_column(data, population)
    dths = numeric_column(data, deaths)
    check(pops < 0, population, "populations must be zero or more")
    check(dths < 0, deaths, "deaths must be zero or more")
    band = np.searchsorted(START_AGES, ages)
    known = (band < START_AGES.size) & (START_AGES[np.minimum(band, START_AGES.size - 1)] == ages)
    check(~known, age_start, "start ages must be one of 0, 1, 5, 10, …, 85, 90")
    group_id, keys = _groups(data, groups)
    n_groups = len(keys)
    _check_complete(group_id, band, n_groups)
    pop_grid = np.zeros((n_groups, START_AGES.size))
    dth_grid = np.zeros_like(pop_grid)
    pop_grid[group_id, band] = pops
    dth_grid[group_id, band] = dths
    table = _life_table(pop_grid, dth_grid)
    return _output(keys, groups, table, pop_grid, dth_grid, levels, start_ages)


def _groups(data: pd.DataFrame, groups: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    if not groups:
        return np.zeros(len(data), dtype=np.int64), pd.DataFrame(index=range(1))
    codes, uniques = pd.MultiIndex.from_frame(data[groups]).factorize()
    return codes, pd.DataFrame(list(uniques), columns=groups)


def _check_complete(group_id: np.ndarray, band: np.ndarray, n_groups: int) -> None:
    counts = np.zeros((n_groups, START_AGES.size), dtype=np.int64)
    np.add.at(counts, (group_id, band), 1)
    duplicated = np.argwhere(counts > 1)
    if duplicated.size:
        g, b = duplicated[0]
        row = int(np.flatnonzero((group_id == g) & (band == b))[1]) + 1
        raise InputError(f"age band {START_AGES[b]:g} appears more than once in its group", row=row)
    missing = np.argwhere(counts == 0)
    if missing.size:
        g, b = missing[0]
        row = int(np.flatnonzero(group_id == g)[0]) + 1
        raise InputError(
            f"the group starting at this row lacks age band {START_AGES[b]:g}: life expectancy "
            "needs all 20 bands 0, 1, 5, …, 90",
            row=row,
        )


def _life_table(pops: np.ndarray, dths: np.ndarray) -> dict[str, np.ndarray]:
    """Life expectancy and its variance at every band for a groups × 20 grid."""
    with np.errstate(invalid="ignore", divide="ignore"):
        m = dths / pops
        n, a = WIDTHS[:-1], A_FRACTION[:-1]
        q = n * m[:, :-1] / (1 + n * (1 - a) * m[:, :-1])
        q = np.concatenate([q, np.ones((len(pops), 1))], axis=1)
        survivors = np.cumprod(np.concatenate([np.ones((len(pops), 1)), 1 - q[:, :-1]], axis=1), axis=1)
        l = 100_000 * survivors  # noqa: E741 — l is the life-table name
        d = l * q
        years = np.empty_like(l)
        years[:, :-1] = n * (l[:, 1:] + a * d[:, :-1])
        years[:, -1] = l[:, -1] / m[:, -1]
        total_years = np.cumsum(years[:, ::-1], axis=1)[:, ::-1]
        e = total_years / l
        var_q = np.where(dths[:, :-1] > 0, q[:, :-1] ** 2 * (1 - q[:, :-1]) / dths[:, :-1], 0.0)
        terms = np.empty_like(l)
        terms[:, :-1] = l[:, :-1] ** 2 * ((1 - a) * n + e[:, 1:]) ** 2 * var_q
        terms[:, -1] = l[:, -1] ** 2 * pops[:, -1] ** 2 / dths[:, -1] ** 3
        variance = np.cumsum(terms[:, ::-1], axis=1)[:, ::-1] / l**2
    return {"e": e, "variance": variance}


def _output(
    keys: pd.DataFrame,
    groups: list[str],
    table: dict[str, np.ndarray],
    pops: np.ndarray,
    dths: np.ndarray,
    levels: tuple[float, ...],
    start_ages: list[float] | None,
) -> pd.DataFrame:
    n_groups, n_bands = pops.shape
    pops_used = np.cumsum(pops[:, ::-1], axis=1)[:, ::-1]
    dths_used = np.cumsum(dths[:, ::-1], axis=1)[:, ::-1]
    e, se = table["e"], np.sqrt(table["variance"])
    bad_band: np.ndarray = np.asarray(((pops <= 0) | (dths > pops)).any(axis=1, keepdims=True))
    # a missing population or deaths makes the whole group missing (in PHEindicatormethods NA
    # runs through the life table to every start age); not a suppression
    missing = np.isnan(pops).any(axis=1, keepdims=True) | np.isnan(dths).any(axis=1, keepdims=True)
    small = (pops_used <= MIN_POPULATION) & ~missing
    z95 = z_value(0.95)
    wide = ~(2 * z95 * se <= MAX_CI_WIDTH) & ~bad_band & ~small & ~missing
    suppress = bad_band | small | wide | missing
    _warn(keys, groups, bad_band[:, 0], small, wide, missing[:, 0])
    out = keys.loc[np.repeat(np.arange(n_groups), n_bands)].reset_index(drop=True)
    out["startage"] = np.tile(START_AGES, n_groups)
    out["pops_used"] = pops_used.ravel()
    out["dths_used"] = dths_used.ravel()
    out["value"] = np.where(suppress, np.nan, e).ravel()
    for level in levels:
        z = z_value(level)
        low_name, up_name = ci_columns(level)
        out[low_name] = np.where(suppress, np.nan, e - z * se).ravel()
        out[up_name] = np.where(suppress, np.nan, e + z * se).ravel()
    if start_ages is not None:
        out = out[out["startage"].isin([float(s) for s in start_ages])].reset_index(drop=True)
    return out


def _warn(
    keys: pd.DataFrame,
    groups: list[str],
    bad_band: np.ndarray,
    small: np.ndarray,
    wide: np.ndarray,
    missing: np.ndarray,
) -> None:
    def name(g: int) -> str:
        return ", ".join(f"{c}={keys.iloc[g][c]}" for c in groups) or "the data"

    if bad_band.any():
        first = int(np.flatnonzero(bad_band)[0])
        warnings.warn(
            f"life expectancy not calculated for {bad_band.sum()} group(s) (first: {name(first)}): "
            "an age band has a population of zero or fewer people than deaths",
            LifeExpectancyWarning,
            stacklevel=4,
        )
    if missing.any():
        first = int(np.flatnonzero(missing)[0])
        warnings.warn(
            f"life expectancy missing for {missing.sum()} group(s) (first: {name(first)}): "
            "an age band's population or deaths is missing",
            LifeExpectancyWarning,
            stacklevel=4,
        )
    for mask, reason in (
        (small, f"the population from the start age up is {MIN_POPULATION} or fewer"),
        (wide, f"the 95% confidence interval is wider than {MAX_CI_WIDTH:g} years"),
    ):
        if mask.any():
            first = int(np.argwhere(mask)[0][0])
            warnings.warn(
                f"life expectancy suppressed at {mask.sum()} start age(s) (first group: "
                f"{name(first)}): {reason}",
                LifeExpectancyWarning,
                stacklevel=4,
            )
