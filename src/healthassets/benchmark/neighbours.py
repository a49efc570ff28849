"""Statistical neighbours: for each area, the k areas most like it (pure; docs/adr/0041).

The approach is the one of CIPFA's Nearest Neighbours Model and of the ONS area classifications:
describe every area by a few published variables, standardise each variable to z-scores so that
none dominates by its units, and rank the other areas by a weighted Euclidean distance.

For areas i and j with standardised variables z (z = (x − mean) / standard deviation over the areas
compared, population SD) and weights w_v,

    d(i, j) = sqrt( Σ_v w_v · m_ijv · (z_iv − z_jv)² / Σ_v w_v · m_ijv )

where m_ijv is 1 when both areas have variable v and 0 otherwise. Dividing by the weight actually
used makes d a weighted root-mean-square difference, so distances stay comparable when a pair has
fewer variables (Gower's rule for missing values, Gower 1971, "A general coefficient of similarity").
That is how variables published for England only — the English Indices of Deprivation — count
between two English areas and never between an English and a Welsh one: :func:`model_variables`
blanks them for every area outside England.

The model (``MODEL``): Census 2021 usual residents (log, size), the shares aged 0–15 and 65+ (age
structure), the shares of households deprived in at least one and at least two of the Census's four
dimensions, the share of residents in rural LSOAs (Rural–Urban Classification 2021), and, between
English areas only, the seven IMD 2025 domain scores (population-weighted averages). Each of the
four common themes weighs 1 in total, the IMD block weighs 1 in total.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

DEFAULT_K = 10
IMD_DOMAINS = (
    "imd_income",
    "imd_employment",
    "imd_education",
    "imd_health",
    "imd_crime",
    "imd_housing_services",
    "imd_environment",
)
#: variable → weight; the IMD domains share one unit of weight and count only between English areas
MODEL: dict[str, float] = {
    "log_population": 1.0,
    "share_aged_0_15": 0.5,
    "share_aged_65_plus": 0.5,
    "share_households_deprived_1plus": 0.5,
    "share_households_deprived_2plus": 0.5,
    "share_rural": 1.0,
    **{domain: 1.0 / len(IMD_DOMAINS) for domain in IMD_DOMAINS},
}
ENGLISH_ONLY = IMD_DOMAINS


def model_variables(features: pd.DataFrame) -> pd.DataFrame:
    """The model's variables from a features table indexed by area code: log population, the
    shares as they are, and the IMD domains only for English areas (codes starting 'E')."""
    out = features.reindex(columns=[v for v in MODEL if v != "log_population"]).astype(float)
    out.insert(0, "log_population", np.log(features["population"].astype(float)))
    english = features.index.to_series().astype(str).str.startswith("E").to_numpy()
    out.loc[~english, list(ENGLISH_ONLY)] = np.nan
    return out


def standardise(variables: pd.DataFrame) -> pd.DataFrame:
    """z-scores per column over the areas that have a value (population SD, ddof 0). A column with
    no spread becomes 0 where present (it cannot tell areas apart)."""
    values = variables.astype(float)
    spread = values.std(ddof=0).replace(0.0, np.nan)
    z = (values - values.mean()) / spread
    return z.where(values.isna() | spread.notna(), 0.0)


def distance_matrix(z: pd.DataFrame, weights: Mapping[str, float]) -> np.ndarray:
    """d(i, j) of the module docstring for every pair (NaN where a pair shares no variable)."""
    n = len(z)
    total, used = np.zeros((n, n)), np.zeros((n, n))
    for column in z.columns:  # one n × n layer per variable (a dozen), vectorised over the areas
        values = z[column].to_numpy(dtype=float)
        diff = values[:, None] - values[None, :]
        present = ~np.isnan(diff)
        total += float(weights[column]) * np.where(present, diff, 0.0) ** 2
        used += float(weights[column]) * present
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt(np.where(used > 0, total / used, np.nan))


def nearest_neighbours(
    features: pd.DataFrame, weights: Mapping[str, float] | None = None, k: int = DEFAULT_K
) -> pd.DataFrame:
    """For each area (the index of ``features``, its model variables as columns — see
    :func:`model_variables`) its ``k`` nearest others: columns ``area_code``, ``rank`` (1 = most
    similar), ``neighbour_code``, ``distance``. Ties go to the lower code."""
    weights = dict(MODEL if weights is None else weights)
    ordered = features.reindex(columns=[c for c in weights if c in features.columns]).sort_index()
    if ordered.shape[1] == 0:
        raise ValueError("no model variable in the features")
    codes = ordered.index.to_numpy()
    distance = distance_matrix(standardise(ordered), weights)
    np.fill_diagonal(distance, np.nan)
    ranked = np.where(np.isnan(distance), np.inf, distance)
    take = min(k, max(len(codes) - 1, 0))
    order = np.argsort(ranked, axis=1, kind="stable")[:, :take]
    picked = np.take_along_axis(ranked, order, axis=1)
    out = pd.DataFrame(
        {
            "area_code": np.repeat(codes, take),
            "rank": np.tile(np.arange(1, take + 1), len(codes)),
            "neighbour_code": codes[order.ravel()],
            "distance": picked.ravel(),
        }
    )
    return out[np.isfinite(out["distance"])].reset_index(drop=True)
