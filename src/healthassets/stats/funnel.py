"""Funnel plots: control limits around a target and each area's significance.

A funnel plot (Spiegelhalter 2005, "Funnel plots for comparing institutional performance", Stat
Med 24:1185-1202) draws, for every size of area, the range within which its value would fall by
chance if its true value were the target. Limits here use the same interval methods as the
statistics themselves (Fingertips technical guidance):

- proportion: target p̄ = Σx / Σn; at denominator n the limits are, by default, the normal
  approximation to the binomial p̄ ± z·√(p̄(1 − p̄)/n) (Spiegelhalter 2005, eq. for proportions),
  cut to [0, 1], × multiplier — the method of PHEindicatormethods' calculate_funnel_limits
  (it reproduces that package's published test outputs, testdata_funnel_prop_outputs.csv);
  ``proportion_method="wilson"`` gives the Wilson score limits of n·p̄ successes in n trials instead;
- crude rate: target r̄ = Σx / Σn; the expected count is E = r̄·n; the lower limit is O_low / n and
  the upper O_high / n (× multiplier), where O_low is the count whose exact Poisson upper limit is E
  and O_high the count whose exact lower limit is E (see ``_events_at_limits``). So an area lies
  outside the funnel exactly when E lies outside the exact confidence interval of its count — the
  construction of PHEindicatormethods' rate and ratio funnels ("Poisson"), whose published funnel
  tables and significance labels this reproduces;
- directly standardised rate: as a crude rate on the area's *equivalent population*
  n* = count / DSR × multiplier (the population that would give the same value as a crude rate);
  DSRs from fewer than 10 events are "Not compared" and left out of the target;
- ratio (observed/expected counts, or an ISR's): target ``reference_value``; the limits are
  O_low / E and O_high / E (× reference value), as for rates.

Significance labels: "Above 99.8% limit", "Above 95% limit", "Within limits", "Below 95% limit",
"Below 99.8% limit" (missing inputs → "Not compared").
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import special

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
from healthassets.stats.ci import wilson_limits, z_value

KINDS = ("proportion", "rate", "dsr", "ratio")
LEVELS = (0.95, 0.998)
PROPORTION_METHODS = ("normal", "wilson")
#: a DSR from fewer events is not compared (and left out of the target)
DSR_MINIMUM_EVENTS = 10


def funnel_limits(
    size: ArrayLike,
    target: float,
    kind: str,
    *,
    confidence: Confidence = LEVELS,
    multiplier: float = 1,
    proportion_method: str = "normal",
) -> pd.DataFrame:
    """Control limits at each ``size`` (denominator, equivalent population, or expected count for
    ratios) around ``target`` (on the value's scale, i.e. already × multiplier)."""
    if kind not in KINDS:
        raise InputError(f"unknown funnel type {kind!r} (expected one of {', '.join(KINDS)})")
    _check_proportion_method(proportion_method)
    levels = confidence_levels(confidence)
    multiplier = _positive(multiplier, "multiplier")
    target = _finite(target, "target")
    if target < 0 or (kind == "proportion" and target > multiplier):
        top = f" and at most the multiplier ({multiplier:g})" if kind == "proportion" else ""
        raise InputError(f"the target {target:g} must be at least 0{top}")
    try:
        n = np.asarray(size, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise InputError("funnel sizes must be numbers", column="size") from None
    check(~(n > 0) & ~np.isnan(n) | np.isinf(n), "size", "funnel sizes must be finite and greater than zero")
    out = pd.DataFrame({"size": n, "target": target})
    targets = np.full(n.shape, target)
    for level in levels:
        low_name, up_name = ci_columns(level)
        out[low_name], out[up_name] = _limits_per_row(n, targets, kind, level, multiplier, proportion_method)
    return out


def funnel_points(minimum: float, maximum: float, points: int = 100) -> np.ndarray:
    """Sizes spaced evenly on a log scale, for drawing smooth funnels."""
    if not 0 < minimum < maximum < np.inf:
        raise InputError("funnel axis needs 0 < minimum < maximum (finite)")
    if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or points < 2:
        raise InputError(f"funnel axis needs a whole number of points ≥ 2 (got {points!r})")
    return np.geomspace(minimum, maximum, points)


def funnel_significance(
    data: pd.DataFrame,
    kind: str,
    *,
    numerator: str,
    denominator: str | None = None,
    value: str | None = None,
    expected: str | None = None,
    multiplier: float = 1,
    reference_value: float = 1,
    group_by: GroupBy = None,
    proportion_method: str = "normal",
) -> pd.DataFrame:
    """Each row's target, size, funnel limits at 95 % and 99.8 % and significance label.

    proportion / rate: ``numerator`` and ``denominator``; dsr: ``numerator`` (count) and ``value``
    (the DSR); ratio: ``numerator`` (observed) and ``expected``. The target is computed within
    ``group_by`` groups (e.g. per indicator and period). ``proportion_method``: see the module.
    """
    if kind not in KINDS:
        raise InputError(f"unknown funnel type {kind!r} (expected one of {', '.join(KINDS)})")
    _check_proportion_method(proportion_method)
    groups = group_columns(group_by)
    multiplier = _positive(multiplier, "multiplier")
    reference_value = _positive(reference_value, "reference_value")
    columns = {"denominator": denominator, "value": value, "expected": expected}
    x, second = _checked_inputs(data, kind, numerator, columns, groups)
    key = (
        pd.MultiIndex.from_frame(data[groups]).factorize()[0]
        if groups
        else np.zeros(len(data), dtype=np.intp)
    )
    size, this = _size_and_value(kind, x, second, multiplier, reference_value)
    ok = ~np.isnan(x) & ~np.isnan(size)
    if kind == "dsr":  # DSRs from fewer than 10 events are suppressed (Fingertips; PHEindicatormethods)
        ok &= x >= DSR_MINIMUM_EVENTS
    x_sum = np.bincount(key, weights=np.where(ok, x, 0))
    size_sum = np.bincount(key, weights=np.where(ok, size, 0))
    with np.errstate(invalid="ignore", divide="ignore"):
        if kind == "ratio":
            target = np.full(x_sum.shape, float(reference_value))
        else:
            target = x_sum / size_sum * multiplier
    out = pd.DataFrame(index=data.index)
    for column in groups:
        out[column] = data[column]
    out["value"] = this
    out["size"] = size
    out["target"] = target[key]
    return _with_limits_and_labels(out, ok, kind, multiplier, proportion_method)


def _checked_inputs(
    data: pd.DataFrame, kind: str, numerator: str, options: dict[str, str | None], groups: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """The numerator and the kind's second column (denominator, DSR or expected), validated."""
    option = {"proportion": "denominator", "rate": "denominator", "dsr": "value", "ratio": "expected"}[kind]
    needed = options[option]
    if needed is None:
        raise InputError(f"a {kind} funnel needs the {option} column")
    require_columns(data, [numerator, needed, *groups])
    x = numeric_column(data, numerator)
    check(x < 0, numerator, "counts must be greater than or equal to zero")
    check(np.isinf(x), numerator, "counts must be finite")
    second = numeric_column(data, needed)
    check(~(second > 0) & ~np.isnan(second), needed, "must be greater than zero")
    check(np.isinf(second), needed, "must be finite")
    if kind == "proportion":
        check(x > second, numerator, "numerators must be less than or equal to the denominator")
    return x, second


def _size_and_value(
    kind: str, x: np.ndarray, second: np.ndarray, multiplier: float, reference_value: float
) -> tuple[np.ndarray, np.ndarray]:
    """The funnel's x axis (size: denominator, expected, or for DSRs the events' equivalent
    population) and each row's plotted value."""
    if kind == "dsr":
        return x / second * multiplier, second
    if kind == "ratio":
        return second, x / second * reference_value
    return second, x / second * multiplier


def _with_limits_and_labels(
    out: pd.DataFrame, ok: np.ndarray, kind: str, multiplier: float, proportion_method: str
) -> pd.DataFrame:
    """Funnel limits at 95 % and 99.8 % per row and the significance label (the stronger level wins)."""
    size, target, this = out["size"].to_numpy(), out["target"].to_numpy(), out["value"].to_numpy()
    label = np.full(len(out), "Within limits", dtype=object)
    compared = ok & ~np.isnan(this)
    for level in LEVELS:
        limits = _limits_per_row(size, target, kind, level, multiplier, proportion_method)
        low_name, up_name = ci_columns(level)
        out[f"funnel_{low_name}"], out[f"funnel_{up_name}"] = limits
        tag = "99.8%" if level == 0.998 else "95%"
        compared &= ~np.isnan(limits[0]) & ~np.isnan(limits[1])
        outside_high = this > limits[1]
        outside_low = this < limits[0]
        # 99.8 % is checked after 95 %, so the stronger label wins
        label = np.where(
            outside_high, f"Above {tag} limit", np.where(outside_low, f"Below {tag} limit", label)
        )
    out["significance"] = np.where(compared, label, "Not compared")
    return out


def _limits_per_row(
    size: np.ndarray,
    target: np.ndarray,
    kind: str,
    level: float,
    multiplier: float,
    proportion_method: str = "normal",
) -> tuple[np.ndarray, np.ndarray]:
    if kind == "proportion":
        p = target / multiplier
        if proportion_method == "wilson":
            lower, upper = wilson_limits(size * p, size, level)
        else:
            variance = p * (1 - p)
            with np.errstate(invalid="ignore", divide="ignore"):
                half = np.where(variance == 0, 0.0, z_value(level) * np.sqrt(variance / size))
            lower, upper = np.clip(p - half, 0, 1), np.clip(p + half, 0, 1)
        return lower * multiplier, upper * multiplier
    expected = target / multiplier * size if kind in ("rate", "dsr") else size
    low_events, high_events = _events_at_limits(expected, level)
    scale = multiplier / size if kind in ("rate", "dsr") else target / size
    with np.errstate(invalid="ignore"):
        return low_events * scale, high_events * scale


def _events_at_limits(expected: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """The observed counts O at which a Poisson count is just significantly different from
    ``expected`` E: the lower funnel passes through O with U(O) = E and the upper through O with
    L(O) = E, where L, U are the exact Poisson limits of O (L(O) = Γ⁻¹(O; α/2),
    U(O) = Γ⁻¹(O + 1; 1 − α/2)), taken as continuous in O. Solves P(O + 1, E) = 1 − α/2 and
    P(O, E) = α/2 for O (P the regularised lower incomplete gamma function): a χ² inverse in the
    shape (see ``_gamma_shape``).

    This is how PHEindicatormethods tabulates ratio and rate funnels (expected events at each
    observed count, "Poisson" method); at its points the limits agree with it to ~1e-6; an area
    is outside the funnel exactly when E lies outside the exact confidence interval of its O.
    """
    e = np.asarray(expected, dtype=float)
    if level >= 1:
        return np.where(np.isnan(e), np.nan, 0.0), np.where(np.isnan(e), np.nan, np.inf)
    alpha = 1 - level
    positive = e > 0
    safe = np.where(positive, e, 1.0)
    shapes = [_gamma_shape(q, safe) for q in (1 - alpha / 2, alpha / 2)]
    low = np.clip(shapes[0] - 1, 0, None)
    high = shapes[1]
    low = np.where(positive, low, 0.0)
    high = np.where(positive, high, 0.0)
    missing = np.isnan(e)
    return np.where(missing, np.nan, low), np.where(missing, np.nan, high)


def _finite(number: float, name: str) -> float:
    try:
        result = float(number)
    except (TypeError, ValueError):
        raise InputError(f"{name} {number!r} is not a number") from None
    if not np.isfinite(result):
        raise InputError(f"{name} must be a finite number (got {number!r})")
    return result


def _positive(number: float, name: str) -> float:
    result = _finite(number, name)
    if result <= 0:
        raise InputError(f"{name} must be greater than zero (got {number!r})")
    return result


def _check_proportion_method(method: str) -> None:
    if method not in PROPORTION_METHODS:
        raise InputError(
            f"unknown proportion funnel method {method!r} (expected one of {', '.join(PROPORTION_METHODS)})"
        )


def _gamma_shape(q: float, e: np.ndarray) -> np.ndarray:
    """The shape s with P(s, e) = q (regularised lower incomplete gamma), for e > 0.

    Start from the square-root normal approximation √e ≈ √s + Φ⁻¹(q)/2 for e ≥ 30 and from the χ²
    inverse in the degrees of freedom (scipy ``chdtriv``, slower) below; then Newton steps with a
    central-difference slope. Elements that have not converged fall back to ``chdtriv``.
    """
    shape = (np.sqrt(e) - special.ndtri(q) / 2) ** 2
    small = e < 30
    if small.any():
        shape[small] = special.chdtriv(q, 2 * e[small]) / 2
    shape = _newton(shape, q, e)
    with np.errstate(invalid="ignore"):
        stuck = ~(np.abs(special.gammainc(shape, e) - q) <= 1e-12)
    if stuck.any():
        shape[stuck] = _newton(special.chdtriv(q, 2 * e[stuck]) / 2, q, e[stuck])
    return shape


def _newton(shape: np.ndarray, q: float, e: np.ndarray, steps: int = 3) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        for _ in range(steps):
            step = 1e-6 * shape
            slope = (special.gammainc(shape + step, e) - special.gammainc(shape - step, e)) / (2 * step)
            shape = shape - (special.gammainc(shape, e) - q) / slope
    return shape
