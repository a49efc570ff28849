"""The Fingertips recent trend: is the series rising or falling over its last five points?

Method (Fingertips technical guidance, "Trend markers"), on the most recent five values, with the
time points t = 1 … 5:

- proportions (value type containing "proportion"): the chi-squared test for linear trend in
  proportions (Cochran–Armitage; Altman 1991 §10.7.4). With counts rᵢ, denominators nᵢ,
  N = Σnᵢ, p̄ = Σrᵢ/N, t̄ = Σnᵢtᵢ/N:

      β = Σrᵢ(tᵢ − t̄) / Σnᵢ(tᵢ − t̄)²,   χ² = β² Σnᵢ(tᵢ − t̄)² / (p̄(1 − p̄))

- every other value type: weighted least squares of the values on t with weights wᵢ = 1/SEᵢ²,
  SEᵢ = (upper − lower) / (2 × 1.96) from the 95 % confidence interval:

      β = Σwᵢ(tᵢ − t̄_w)(yᵢ − ȳ_w) / Σwᵢ(tᵢ − t̄_w)²,   χ² = β² Σwᵢ(tᵢ − t̄_w)²

The trend is significant when χ² exceeds the χ²₁ quantile at ``confidence``; its sign gives
"Increasing" or "Decreasing", and polarity adds "and getting better"/"and getting worse". Series
with fewer than five points, or missing counts/denominators (proportions) or limits (others),
are "Cannot be calculated".
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from healthassets.benchmark.polarity import Polarity, parse_polarities
from healthassets.stats.ci import z_value

POINTS = 5
INCREASING, DECREASING = "Increasing", "Decreasing"
NO_CHANGE = "No significant change"
CANNOT = "Cannot be calculated"


def recent_trend(
    data: pd.DataFrame,
    series: list[str],
    *,
    period: str = "period_sortable",
    value_type: str = "value_type",
    polarity: str = "polarity",
    confidence: float = 0.999,
) -> pd.DataFrame:
    """One row per series: its keys, the latest period, ``trend`` (the Fingertips wording),
    ``slope`` (per period) and ``chi_squared``. ``data`` needs value, lower95_0cl, upper95_0cl,
    count, denominator, and the value type and polarity of each row's indicator."""
    ordered = data.sort_values([*series, period], kind="stable")
    from_end = ordered.groupby(series, sort=False, dropna=False).cumcount(ascending=False)
    last = ordered[from_end < POINTS].copy()
    last["t"] = POINTS - from_end[from_end < POINTS]
    grouped = last.groupby(series, sort=False, dropna=False)
    out = grouped.agg(
        latest_period=(period, "max"),
        points=(period, "size"),
        value_type=(value_type, "first"),
        polarity=(polarity, "first"),
    ).reset_index()
    is_proportion = out["value_type"].fillna("").str.lower().str.contains("proportion").to_numpy()
    key = (
        pd.MultiIndex.from_frame(last[series]).factorize()[0]
        if len(series) > 1
        else (pd.factorize(last[series[0]], use_na_sentinel=False)[0])
    )
    slope_p, chi_p, ok_p = _proportion_trend(last, key, len(out))
    slope_w, chi_w, ok_w = _weighted_trend(last, key, len(out))
    slope = np.where(is_proportion, slope_p, slope_w)
    chi = np.where(is_proportion, chi_p, chi_w)
    ok = np.where(is_proportion, ok_p, ok_w) & (out["points"].to_numpy() >= POINTS)
    threshold = special.chdtri(1, 1 - confidence)
    significant = ok & (chi > threshold)
    direction = np.where(slope > 0, INCREASING, DECREASING)
    words = np.where(significant, direction, NO_CHANGE)
    out["trend"] = np.where(ok, with_polarity(words, out["polarity"]), CANNOT)
    out["slope"] = np.where(ok, slope, np.nan)
    out["chi_squared"] = np.where(ok, chi, np.nan)
    return out.drop(columns=["value_type", "polarity"])


def with_polarity(words: np.ndarray, polarity: pd.Series) -> np.ndarray:
    """'Increasing' → 'Increasing and getting better' (or worse) where polarity judges."""
    parsed = parse_polarities(polarity).to_numpy(dtype=object)
    high = parsed == Polarity.HIGH_IS_GOOD.value
    low = parsed == Polarity.LOW_IS_GOOD.value
    better = ((words == INCREASING) & high) | ((words == DECREASING) & low)
    worse = ((words == INCREASING) & low) | ((words == DECREASING) & high)
    out = words.astype(object)
    out = np.where(better, np.char.add(words.astype(str), " and getting better"), out)
    return np.where(worse, np.char.add(words.astype(str), " and getting worse"), out)


def _sums(key: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    return np.bincount(key, weights=weights, minlength=size)


def _proportion_trend(last: pd.DataFrame, key: np.ndarray, size: int) -> tuple[np.ndarray, ...]:
    r = last["count"].to_numpy(dtype=float)
    n = last["denominator"].to_numpy(dtype=float)
    t = last["t"].to_numpy(dtype=float)
    usable = np.isfinite(r) & np.isfinite(n) & (n > 0) & (r >= 0) & (r <= n)
    complete = _sums(key, (~usable).astype(float), size) == 0
    r, n = np.where(usable, r, 0.0), np.where(usable, n, 0.0)
    total_n = _sums(key, n, size)
    with np.errstate(invalid="ignore", divide="ignore"):
        p_bar = _sums(key, r, size) / total_n
        t_bar = _sums(key, n * t, size) / total_n
        centred = t - t_bar[key]
        s_tt = _sums(key, n * centred**2, size)
        slope = _sums(key, r * centred, size) / s_tt
        chi = slope**2 * s_tt / (p_bar * (1 - p_bar))
    ok = complete & np.isfinite(chi) & (p_bar > 0) & (p_bar < 1)
    return slope, chi, ok


def _weighted_trend(last: pd.DataFrame, key: np.ndarray, size: int) -> tuple[np.ndarray, ...]:
    y = last["value"].to_numpy(dtype=float)
    se = (last["upper95_0cl"].to_numpy(dtype=float) - last["lower95_0cl"].to_numpy(dtype=float)) / (
        2 * z_value(0.95)
    )
    t = last["t"].to_numpy(dtype=float)
    usable = np.isfinite(y) & np.isfinite(se) & (se > 0)
    complete = _sums(key, (~usable).astype(float), size) == 0
    w = np.where(usable, 1 / np.where(usable, se, 1) ** 2, 0.0)
    y = np.where(usable, y, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        total_w = _sums(key, w, size)
        t_bar = _sums(key, w * t, size) / total_w
        y_bar = _sums(key, w * y, size) / total_w
        centred = t - t_bar[key]
        s_tt = _sums(key, w * centred**2, size)
        slope = _sums(key, w * centred * (y - y_bar[key]), size) / s_tt
        chi = slope**2 * s_tt
    ok = complete & np.isfinite(chi)
    return slope, chi, ok
