"""Life expectancy by the Chiang II abridged life table, computed and suppressed as
PHEindicatormethods ``phe_life_expectancy`` (2.1.0) and the Fingertips Life Expectancy Calculator do.

Bands start at 0, 1, 5, 10, …, 85 and 90 (open, ω). For band i with width nᵢ = xᵢ₊₁ − xᵢ,
deaths Dᵢ and population Pᵢ: Mᵢ = Dᵢ/Pᵢ, aᵢ = 0.1 at age 0 and 0.5 otherwise (Chiang 1968;
Newell 1994),

    qᵢ = nᵢMᵢ / (1 + nᵢ(1 − aᵢ)Mᵢ),  or qᵢ = 1 when Dᵢ > Pᵢ/(nᵢaᵢ) (everyone dies in the band)
    l₀ = 100 000,  lᵢ₊₁ = lᵢ(1 − qᵢ),  dᵢ = lᵢ − lᵢ₊₁  (d_ω = l_ω)
    Lᵢ = nᵢ(lᵢ₊₁ + aᵢdᵢ),  L_ω = l_ω / M_ω,  Tᵢ = Σ_{j≥i} Lⱼ
    eᵢ = Tᵢ / lᵢ  (0 where lᵢ = 0: nobody is left alive)

Variance: Chiang's, with Silcocks et al (2001) for the open band, whose life expectancy 1/M_ω
depends on the mortality rate rather than on a probability of dying:

    var(qᵢ) = qᵢ²(1 − qᵢ)/Dᵢ  (0 where dᵢ = 0),   var(q_ω) = 4 / (D_ω M_ω²)
    var(eₓ) = [Σ_{x≤i<ω} lᵢ² ((1 − aᵢ)nᵢ + eᵢ₊₁)² var(qᵢ) + (l_ω/2)² var(q_ω)] / lₓ²

Limits eₓ ∓ z·√var(eₓ), z = Φ⁻¹(1/2 + c/2), for each confidence level c in [0.9, 1].

Suppression, each with a :class:`LifeExpectancyWarning` (PHEindicatormethods' documented rules):

- a whole group — value and every limit missing at every start age — when any band has negative
  deaths, a population of zero or less, or more deaths than population; when the group lacks one
  of the 20 bands (or has one twice); or when its *total* population, summed over all 20 bands
  whatever the start age, is 5000 or fewer;
- the value alone at a start age whose 95 % interval is wider than 20 years (1.96·SE > 10): its
  limits at every confidence level stay, and so do the group's other start ages;
- with no death in the 90+ band L_ω is infinite: the value is missing at every start age and the
  limits are what the arithmetic gives (the package's NaN lower and +∞ upper limit).

One departure (ADR 0038): a missing population or death count makes the whole group missing,
where the package would treat the band as one in which everyone dies.

Sources: PHEindicatormethods 2.1.0 ``phe_life_expectancy`` documentation and source
(R/LifeExpectancy.R); Fingertips technical guidance "Life expectancy"; Chiang CL (1968)
Introduction to Stochastic Processes in Biostatistics, 189-214; Silcocks PBS, Jenner DA, Reza R
(2001) J Epidemiol Community Health 55:38-43; Eayres DP, Williams ES (2004) JECH 58:243-249.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from healthassets.errors import InputError
from healthassets.stats._frame import (
    Confidence,
    GroupBy,
    ci_columns,
    confidence_levels,
    group_columns,
    numeric_column,
    require_columns,
)
from healthassets.stats.ci import z_value

START_AGES = np.array([0, 1, *range(5, 95, 5)], dtype=float)
WIDTHS = np.diff(START_AGES)  # of the 19 closed bands
A_FRACTION = np.where(START_AGES[:-1] == 0, 0.1, 0.5)
RADIX = 100_000.0
#: a group whose total population (all ages) is at most this is suppressed
MAX_SUPPRESSED_POPULATION = 5000
#: a value whose 95 % confidence interval is wider than this many years is suppressed
MAX_CI_WIDTH = 20.0
#: the package accepts confidence levels from 0.9 to 1
MIN_CONFIDENCE = 0.9
METHOD = "Chiang, using Silcocks et al for confidence limits"
BANDS_TEXT = "0, 1, 5, 10, …, 85, 90"
#: an age-band label: its start age, then optionally a range ("1-4", "10 – 14", "5 to 9") or "+"
AGE_LABEL = r"^\s*(\d+)\s*(?:(?:[-–—]|to)\s*\d+|\+)?\s*$"

#: why a whole group is suppressed, in the order the package checks (the first that applies counts)
GROUP_REASONS = (
    "an age band has negative deaths",
    "an age band has a population of zero or less",
    f"the group does not have each of the 20 age bands {BANDS_TEXT} exactly once",
    "an age band has more deaths than population",
    "a population or death count is missing",
    f"the total population (all ages) is {MAX_SUPPRESSED_POPULATION} or fewer",
)


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
    """Life expectancy at each start age per group (or at ``start_ages`` only).

    ``age_start`` holds the start age of each band, as a number or a band label ("1-4",
    "10 – 14", "90+"); each of the 20 bands must occur somewhere in ``data``, in any row order.
    ``start_ages`` (the package's ``le_age``) keeps only those start ages; when none of them is a
    band, every start age is returned with a warning. Output, one row per group and band in the
    input: groups…, startage (as given), pops_used, dths_used (the population and deaths from that
    start age up), value, limits per confidence level, statistic, method.
    """
    levels = confidence_levels(confidence)
    if min(levels) < MIN_CONFIDENCE:
        raise InputError("life expectancy confidence levels must be between 0.9 and 1", column="confidence")
    groups = group_columns(group_by)
    require_columns(data, [age_start, population, deaths, *groups])
    band = _bands(data, age_start)
    pops = numeric_column(data, population)
    dths = numeric_column(data, deaths)
    group_id, keys = _groups(data, groups)
    grid = _Grid(group_id, band, pops, dths, len(keys))
    reasons = _group_reasons(grid, group_id, pops, dths)
    suppressed = np.logical_or.reduce(reasons, axis=0)
    e, se = _life_table(grid.life_table_pops(), grid.life_table_deaths())
    out = _output(data[age_start], keys, grid, e, se, suppressed, levels)
    no_deaths_90 = ~suppressed & (grid.dths[:, -1] == 0)
    wide = ~suppressed[:, None] & ~no_deaths_90[:, None] & _too_wide(se) & grid.present
    _warn(keys, groups, reasons, no_deaths_90, wide)
    return _select(out, start_ages)


def _bands(data: pd.DataFrame, column: str) -> np.ndarray:
    """The band index (0…19) of each row's start age; an unknown start age is an InputError."""
    series = data[column]
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    if not pd.api.types.is_numeric_dtype(series):
        leading = pd.to_numeric(series.astype("string").str.extract(AGE_LABEL, expand=False), errors="coerce")
        values = np.where(np.isnan(values), leading.to_numpy(dtype=float, na_value=np.nan), values)
    band = np.searchsorted(START_AGES, values)
    known = (band < START_AGES.size) & (START_AGES[np.minimum(band, START_AGES.size - 1)] == values)
    if not known.all():
        row = int(np.flatnonzero(~known)[0])
        raise InputError(
            f"start age {series.iloc[row]!r} is not one of the bands {BANDS_TEXT} "
            "(or a band label such as '1-4', '10 - 14' or '90+')",
            row=row + 1,
            column=column,
        )
    absent = np.setdiff1d(np.arange(START_AGES.size), band)
    if absent.size:
        raise InputError(
            f"no row has start age {START_AGES[absent[0]]:g}: life expectancy needs the 20 bands "
            f"{BANDS_TEXT}",
            column=column,
        )
    return band


def _groups(data: pd.DataFrame, groups: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    if not groups:
        return np.zeros(len(data), dtype=np.int64), pd.DataFrame(index=range(1))
    codes, uniques = pd.MultiIndex.from_frame(data[groups]).factorize()
    return codes, pd.DataFrame(list(uniques), columns=groups)


class _Grid:
    """The input as groups × 20 bands: row counts, summed populations and deaths, first rows."""

    def __init__(self, group_id: np.ndarray, band: np.ndarray, pops: np.ndarray, dths: np.ndarray, n: int):
        cell = (group_id, band)
        self.counts = np.zeros((n, START_AGES.size), dtype=np.int64)
        np.add.at(self.counts, cell, 1)
        self.pops = np.zeros(self.counts.shape)
        np.add.at(self.pops, cell, pops)
        self.dths = np.zeros(self.counts.shape)
        np.add.at(self.dths, cell, dths)
        self.first_row = np.full(self.counts.shape, len(band))
        np.minimum.at(self.first_row, cell, np.arange(len(band)))
        self.present = self.counts > 0
        self.complete = (self.counts == 1).all(axis=1)

    def life_table_pops(self) -> np.ndarray:
        return np.where(self.complete[:, None], self.pops, np.nan)

    def life_table_deaths(self) -> np.ndarray:
        return np.where(self.complete[:, None], self.dths, np.nan)


def _group_reasons(grid: _Grid, group_id: np.ndarray, pops: np.ndarray, dths: np.ndarray) -> np.ndarray:
    """groups-long flags, one row per GROUP_REASONS entry; a group has at most the first that applies."""
    n = len(grid.counts)

    def any_row(mask: np.ndarray) -> np.ndarray:
        return np.bincount(group_id, weights=mask.astype(float), minlength=n) > 0

    with np.errstate(invalid="ignore"):
        flags = np.array(
            [
                any_row(dths < 0),
                any_row(pops <= 0),
                ~grid.complete,
                any_row(dths > pops),
                any_row(np.isnan(pops) | np.isnan(dths)),
                grid.pops.sum(axis=1) <= MAX_SUPPRESSED_POPULATION,
            ]
        )
    earlier = np.logical_or.accumulate(flags, axis=0)
    flags[1:] &= ~earlier[:-1]
    return flags


def _reverse_cumsum(values: np.ndarray) -> np.ndarray:
    """Σ_{j≥i} along each row."""
    return np.cumsum(values[:, ::-1], axis=1)[:, ::-1]


def _life_table(pops: np.ndarray, dths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Life expectancy eₓ and its standard error at every band of a groups × 20 grid."""
    n, a = WIDTHS, A_FRACTION
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        m = dths / pops
        closed_m = m[:, :-1]
        q = np.where(dths[:, :-1] <= pops[:, :-1] / n / a, n * closed_m / (1 + n * closed_m * (1 - a)), 1.0)
        radix = np.full((len(pops), 1), RADIX)
        l = np.cumprod(np.concatenate([radix, 1 - q], axis=1), axis=1)  # noqa: E741 — life-table name
        d = l - np.concatenate([l[:, 1:], np.zeros((len(pops), 1))], axis=1)
        years = np.empty_like(l)
        years[:, :-1] = n * (l[:, 1:] + a * d[:, :-1])
        years[:, -1] = l[:, -1] / m[:, -1]
        e = np.where(l == 0, 0.0, _reverse_cumsum(years) / l)
        var_q = np.where(d[:, :-1] == 0, 0.0, q**2 * (1 - q) / dths[:, :-1])
        terms = np.empty_like(l)
        terms[:, :-1] = var_q * l[:, :-1] ** 2 * ((1 - a) * n + e[:, 1:]) ** 2
        terms[:, -1] = (l[:, -1] / 2) ** 2 * (4 / (dths[:, -1] * m[:, -1] ** 2))
        se = np.sqrt(_reverse_cumsum(terms) / l**2)
    return e, se


def _too_wide(se: np.ndarray) -> np.ndarray:
    """The 95 % interval is wider than 20 years: z₀.₉₇₅·SE > 10 (an undefined SE is not)."""
    with np.errstate(invalid="ignore"):
        return np.asarray(z_value(0.95) * se > MAX_CI_WIDTH / 2)


def _output(
    age_start: pd.Series,
    keys: pd.DataFrame,
    grid: _Grid,
    e: np.ndarray,
    se: np.ndarray,
    suppressed: np.ndarray,
    levels: tuple[float, ...],
) -> pd.DataFrame:
    """One row per (group, band) present in the input, groups in order of first appearance."""
    g, b = np.nonzero(grid.present)
    blank = suppressed[g]
    value = np.where(blank | (e[g, b] == np.inf) | _too_wide(se[g, b]), np.nan, e[g, b])
    out = keys.loc[g].reset_index(drop=True)
    out["startage"] = age_start.iloc[grid.first_row[g, b]].to_numpy()
    out["pops_used"] = _reverse_cumsum(grid.pops)[g, b]
    out["dths_used"] = _reverse_cumsum(grid.dths)[g, b]
    out["value"] = value
    for level in levels:
        z = z_value(level)
        low_name, up_name = ci_columns(level)
        with np.errstate(invalid="ignore"):  # ∞ − ∞ without a death at 90+, as in the package
            out[low_name] = np.where(blank, np.nan, e[g, b] - z * se[g, b])
            out[up_name] = np.where(blank, np.nan, e[g, b] + z * se[g, b])
    if pd.api.types.is_numeric_dtype(age_start):
        labels = np.array([f"life expectancy at {age:g}" for age in START_AGES])[b]
        out["statistic"] = labels
    else:
        out["statistic"] = "life expectancy at " + out["startage"].astype("string")
    out["method"] = METHOD
    out["_band"] = b
    return out


def _select(out: pd.DataFrame, start_ages: list[float] | None) -> pd.DataFrame:
    """Keep the rows at ``start_ages``; when none of them is a band, keep all (with a warning)."""
    if start_ages is not None:
        try:
            wanted = np.array([float(age) for age in start_ages], dtype=float)
        except (TypeError, ValueError):
            raise InputError(f"start ages {start_ages!r} must be numbers", column="start_ages") from None
        if np.isin(START_AGES, wanted).any():
            out = out[np.isin(START_AGES[out["_band"].to_numpy()], wanted)]
        else:
            warnings.warn(
                f"none of the start ages {', '.join(f'{age:g}' for age in wanted)} is one of the bands "
                f"{BANDS_TEXT}: life expectancy is returned at every start age",
                LifeExpectancyWarning,
                stacklevel=3,
            )
    return out.drop(columns="_band").reset_index(drop=True)


def _warn(
    keys: pd.DataFrame,
    groups: list[str],
    reasons: np.ndarray,
    no_deaths_90: np.ndarray,
    wide: np.ndarray,
) -> None:
    def name(g: int) -> str:
        return ", ".join(f"{c}={keys.iloc[g][c]}" for c in groups) or "the data"

    missing_everywhere = "value and confidence limits are missing at every start age"
    whole_groups = [
        (flags, f"{reason}; {missing_everywhere}")
        for flags, reason in zip(reasons, GROUP_REASONS, strict=True)
    ]
    whole_groups.append(
        (no_deaths_90, "the 90+ band has no deaths, so the value is missing at every start age")
    )
    for flags, text in whole_groups:
        if flags.any():
            warnings.warn(
                f"life expectancy not calculated for {flags.sum()} group(s) "
                f"(first: {name(int(np.flatnonzero(flags)[0]))}): {text}",
                LifeExpectancyWarning,
                stacklevel=3,
            )
    if wide.any():
        warnings.warn(
            f"life expectancy suppressed at {wide.sum()} start age(s) (first group: "
            f"{name(int(np.argwhere(wide)[0][0]))}): the 95% confidence interval is wider than "
            f"{MAX_CI_WIDTH:g} years; the confidence limits are kept",
            LifeExpectancyWarning,
            stacklevel=3,
        )
