"""Direct age standardisation of a survey mean to an area's population (issue 14 part 3).

With the area's population p_k in age band k, weights w_k = p_k / Σp (bands of population 0 get
weight 0 and need no responses), and per band the mean x̄_k, the SD s_k (n_k − 1) and the count
n_k of non-empty values:

    standardised mean  m = Σ w_k · x̄_k
    variance           V = Σ w_k² · s_k² / n_k          (bands sampled independently)
    95 % limits        m ∓ z · √V, z = Φ⁻¹(0.975) — **normal** limits: a weighted sum of band
                       means has no single n − 1 degrees of freedom (Satterthwaite's would be
                       one choice; we keep the normal approximation and say so).

This is direct standardisation as in the Fingertips / PHE technical guidance for DSRs, applied to
a mean rather than a rate (the weights are the area's own population, so the figure answers
"what the area's mean would be if the sample had the area's age mix").

"Where the sample allows": every band with population above 0 needs at least ``min_per_band``
(default 2, the least that gives an SD) non-empty values; otherwise the figures are NaN and
``reason`` says which band fell short.

The bundled Census 2021 population (``data/geography/lsoa21_population_census2021_ew.csv``) has
six bands: ``age_0_15``, ``age_16_24``, ``age_25_34``, ``age_35_49``, ``age_50_64``,
``age_65_plus``. Survey respondents are 16 or over, so :data:`ADULT_BANDS` (the five adult
ones) are the usual weights: pass ``population = lsoa_row[ADULT_BANDS]`` (summed over an area's
LSOAs) and label each response's age band with the same names. Any labels work as long as the
responses' bands and the population's index agree.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from healthassets.errors import InputError
from healthassets.stats.ci import z_value
from healthassets.surveys.areas import numeric_values
from healthassets.surveys.summary import CONFIDENCE

#: the bundled Census 2021 bands a survey of people aged 16 and over is standardised to
ADULT_BANDS = ("age_16_24", "age_25_34", "age_35_49", "age_50_64", "age_65_plus")
MIN_PER_BAND = 2


def _weights(population: pd.Series | Mapping[str, float]) -> pd.Series:
    people = pd.to_numeric(pd.Series(population, dtype=object), errors="coerce")
    if people.empty or people.isna().any() or (people < 0).any() or people.sum() <= 0:
        raise InputError("the population must give 0 or more people per age band, more than 0 in all")
    people.index = people.index.astype(str)
    return people / people.sum()


def standardise_to_population(
    responses: pd.DataFrame,
    value: str,
    age_band_column: str,
    population: pd.Series | Mapping[str, float],
    *,
    min_per_band: int = MIN_PER_BAND,
) -> pd.Series:
    """The mean of ``value`` directly standardised to ``population`` (people per age band, one
    area): a Series with n, crude_mean, standardised_mean, lower95_0cl, upper95_0cl and reason
    ('' when computed). A response's band must be one of the population's bands (or empty: not
    counted). Formulas: the module docstring."""
    x = numeric_values(responses, value)
    if age_band_column not in responses.columns:
        raise InputError("the responses have no such column", column=age_band_column)
    weights = _weights(population)
    text = responses[age_band_column].astype("string").str.strip()
    unknown = text.notna() & text.ne("") & ~text.isin(weights.index)
    if unknown.any():
        row = int(np.flatnonzero(unknown.to_numpy(bool))[0]) + 1
        raise InputError(
            f"age band {text.iloc[row - 1]!r} is not one of the population's bands",
            row=row,
            column=age_band_column,
        )
    keep = (text.notna() & text.ne("")).to_numpy(bool) & ~np.isnan(x)
    by = pd.Series(x[keep]).groupby(text.to_numpy(object)[keep])
    count = by.count().reindex(weights.index, fill_value=0)
    mean, var = by.mean().reindex(weights.index), by.var(ddof=1).reindex(weights.index)
    out = {"n": float(keep.sum()), "crude_mean": float(np.mean(x[keep])) if keep.any() else np.nan}
    short = (weights > 0) & (count < min_per_band)
    if short.any():
        band = short.index[short.to_numpy()][0]
        reason = f"age band {band} has {int(count[band])} responses; standardising needs {min_per_band}"
        return pd.Series(
            {
                **out,
                "standardised_mean": np.nan,
                "lower95_0cl": np.nan,
                "upper95_0cl": np.nan,
                "reason": reason,
            }
        )
    used = weights > 0
    w, m, s2, n = weights[used], mean[used], var[used], count[used]
    standardised = float((w * m).sum())
    half = z_value(CONFIDENCE) * float(np.sqrt((w**2 * s2 / n).sum()))
    return pd.Series(
        {
            **out,
            "standardised_mean": standardised,
            "lower95_0cl": standardised - half,
            "upper95_0cl": standardised + half,
            "reason": "",
        }
    )
