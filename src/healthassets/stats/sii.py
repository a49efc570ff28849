"""Slope and relative index of inequality (PHEindicatormethods ``phe_sii``; Low & Low 2004).

Within each group the quantiles (e.g. deprivation deciles, 1 = most deprived) are ordered and given
population shares aᵢ = Pᵢ / ΣP and relative ranks at the midpoints of their cumulative ranges,
bᵢ = Σ_{j<i} aⱼ + aᵢ/2. The regression Y√a = α√a + β·b√a (population-weighted least squares,
which removes the heteroskedasticity of quantile values) has the closed form

    b̄ = Σ aᵢbᵢ,  β = Σ aᵢ(bᵢ − b̄)Yᵢ / Σ aᵢ(bᵢ − b̄)²,  α = Σ aᵢYᵢ − β·b̄

so β and α are fixed linear combinations wᵢ, vᵢ of the values. With Y₀ = α and Y₁ = α + β the
fitted values at the two ends of the social scale, SII = Y₁ − Y₀ and RII = Y₁ / Y₀.

``value_type`` 0 = other (no transform), 1 = rate (log), 2 = proportion (logit, values in (0, 1)).
The standard error of each quantile value on that scale is g′(Y)·se when ``se`` is given (delta
method) and (g(U) − g(L)) / (2·z₉₅) from its 95 % limits otherwise. With ``transform=True`` the
regression is fitted to g(Y) and Y₀ = g⁻¹(α), Y₁ = g⁻¹(α + β) are read back on the natural scale.

Confidence limits are simulated: ``repetitions`` sets of quantile values are drawn from
N(g(Y), se_g) (then back-transformed unless ``transform``), the SII and RII of each set are
computed, and the limits are their (1 ∓ c)/2 empirical quantiles. ``seed`` makes them reproducible;
``seeds`` (a column holding one integer per group) gives each group its own generator, so a group's
limits are the same whichever other groups are computed with it.
``multiplier`` scales the SII (and intercept by its size); a negative one flips the SII's sign and
inverts the RII, as in PHEindicatormethods.

Sources: Low A & Low A (2004) "Measuring the gap: quantifying and comparing local health
inequalities", J Public Health 26:388-395; PHEindicatormethods ``phe_sii`` documentation.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Literal

import numpy as np
import pandas as pd

from healthassets.errors import InputError
from healthassets.stats._frame import (
    Confidence,
    GroupBy,
    check,
    ci_columns,
    ci_label,
    confidence_levels,
    group_columns,
    numeric_column,
    require_columns,
)
from healthassets.stats.ci import z_value

Transform = Callable[[np.ndarray], np.ndarray]


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1 - p))


def _expit(t: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-t))


def _identity(y: np.ndarray) -> np.ndarray:
    return y


#: value_type → (label, g, g⁻¹, g′): the scale on which a value's sampling error is normal
TRANSFORMS: dict[int, tuple[str, Transform, Transform, Transform]] = {
    0: ("other", _identity, _identity, np.ones_like),
    1: ("rate", np.log, np.exp, lambda y: 1 / y),
    2: ("proportion", _logit, _expit, lambda p: 1 / (p * (1 - p))),
}
#: PHEindicatormethods asks for at least this many simulations
MIN_REPETITIONS = 1000
#: simulated values held in memory at once (groups × repetitions × quantiles)
_CHUNK_ELEMENTS = 4_000_000


class SIIWarning(UserWarning):
    """A group's SII could not be calculated (missing quantiles or inputs) or looks unstable."""


def sii(
    data: pd.DataFrame,
    quantile: str,
    population: str,
    *,
    value: str | None = None,
    x: str | None = None,
    value_type: int = 0,
    transform: bool = False,
    lower_cl: str | None = None,
    upper_cl: str | None = None,
    se: str | None = None,
    multiplier: float = 1,
    repetitions: int = 100_000,
    confidence: Confidence = 0.95,
    rii: bool = False,
    intercept: bool = False,
    reliability_stat: bool = False,
    group_by: GroupBy = None,
    seed: int | np.random.Generator | None = None,
    type: Literal["full", "standard"] = "full",
    seeds: str | None = None,
) -> pd.DataFrame:
    """SII (and optionally RII and intercept) with simulated limits, one row per group.

    Output: groups…, ``sii``, ``sii_lowerXX_Ycl``/``sii_upperXX_Ycl`` per level, then when asked
    ``rii`` and its limits, ``intercept``, ``sii_mad``/``rii_mad``; ``type="full"`` adds
    ``indicator_type``, ``multiplier``, ``transform``, ``CI_confidence`` and ``CI_method``.
    Groups lacking a quantile or with a missing input get missing results and a warning.
    """
    levels = confidence_levels(confidence)
    groups = group_columns(group_by)
    _check_options(value, x, value_type, transform, lower_cl, upper_cl, se, multiplier, repetitions, type)
    require_columns(data, [quantile, population, value, x, lower_cl, upper_cl, se, *groups, seeds])
    label, _g, g_inv, _g_slope = TRANSFORMS[value_type]
    grids, keys = _quantile_grids(
        data, quantile, population, value, x, value_type, lower_cl, upper_cl, se, groups
    )
    usable = _usable_groups(grids, keys, groups)
    fit = _Fit(grids["pop"][usable], g_inv if transform else _identity)
    point = grids["t"][usable] if transform else grids["y"][usable]
    y0, y1 = fit.ends(point)
    draws = _Draws(
        grids["t"][usable], grids["se"][usable], _group_seeds(data, groups, seeds, usable, seed), repetitions
    )
    back = _identity if transform else g_inv
    runs = [draws.simulate(fit, back) for _ in range(10 if reliability_stat else 1)]
    out = keys.copy()
    stats: dict[str, tuple[np.ndarray, list[np.ndarray]]] = {"sii": (y1 - y0, [r[0] for r in runs])}
    if rii:
        stats["rii"] = (y1 / y0, [r[1] for r in runs])
    for name, (estimate, sims) in stats.items():
        _add_statistic(out, name, usable, estimate, sims, levels, multiplier)
    if intercept:
        out["intercept"] = _spread(usable, y0 * abs(multiplier))
    if reliability_stat:
        for name in stats:
            out[f"{name}_mad"] = out.pop(f"_{name}_mad")
    if type == "full":
        out["indicator_type"] = label
        out["multiplier"] = multiplier
        out["transform"] = transform
        out["CI_confidence"] = ", ".join(f"{ci_label(level).replace('_', '.')}%" for level in levels)
        out["CI_method"] = f"simulation {repetitions} reps"
    return out.drop(columns=[c for c in out.columns if c.startswith("_")])


def _quantile_grids(
    data: pd.DataFrame,
    quantile: str,
    population: str,
    value: str | None,
    x: str | None,
    value_type: int,
    lower_cl: str | None,
    upper_cl: str | None,
    se: str | None,
    groups: list[str],
) -> tuple[dict[str, np.ndarray], pd.DataFrame]:
    """Groups × quantiles grids of population, transformed value, its standard error and value
    (checked: quantiles present and unique per group, populations positive), with the group keys."""
    _label, g, _g_inv, g_slope = TRANSFORMS[value_type]
    q = numeric_column(data, quantile)
    pop = numeric_column(data, population)
    check(np.isnan(q), quantile, "quantile is missing")
    check(~(pop > 0), population, "populations must be more than zero (none missing)")
    y = _values(data, value, x, pop, population)
    y_column = value if value is not None else str(x)
    scaled_se = _scale_errors(data, y, y_column, value_type, g, g_slope, lower_cl, upper_cl, se)
    group_id, keys = _groups(data, groups)
    labels = np.unique(q)
    if labels.size < 2:
        raise InputError("the SII needs at least two quantiles", column=quantile)
    if not 5 <= labels.size <= 100:
        warnings.warn(
            f"{labels.size} quantiles: PHEindicatormethods expects between 5 and 100",
            SIIWarning,
            stacklevel=3,
        )
    position = np.searchsorted(labels, q)
    _check_unique(group_id, position, len(keys), labels, quantile)
    grids = {name: np.full((len(keys), labels.size), np.nan) for name in ("pop", "t", "se", "y")}
    for name, column in (("pop", pop), ("t", g(y)), ("se", scaled_se), ("y", y)):
        grids[name][group_id, position] = column
    return grids, keys


def _check_options(
    value: str | None,
    x: str | None,
    value_type: int,
    transform: bool,
    lower_cl: str | None,
    upper_cl: str | None,
    se: str | None,
    multiplier: float,
    repetitions: int,
    type_: str,
) -> None:
    if value is None and x is None:
        raise InputError("give the value column (or x, the numerator, for a proportion)")
    if value is None and value_type != 2:
        raise InputError("x (a numerator) makes the value a proportion: use value_type=2")
    if se is None and (lower_cl is None or upper_cl is None):
        raise InputError("give either se or both lower_cl and upper_cl")
    if isinstance(value_type, bool) or value_type not in TRANSFORMS:
        raise InputError(f"value_type must be 0 (other), 1 (rate) or 2 (proportion), not {value_type!r}")
    if transform and value_type == 0:
        raise InputError("transform=True needs value_type 1 (rate, log) or 2 (proportion, logit)")
    if isinstance(multiplier, bool) or not np.isfinite(multiplier) or multiplier == 0:
        raise InputError(f"multiplier must be a non-zero number, not {multiplier!r}")
    if isinstance(repetitions, bool) or not float(repetitions).is_integer() or repetitions < MIN_REPETITIONS:
        raise InputError(f"repetitions must be a whole number ≥ {MIN_REPETITIONS}, not {repetitions!r}")
    if type_ not in ("full", "standard"):
        raise InputError(f"type must be 'full' or 'standard', not {type_!r}")


def _values(
    data: pd.DataFrame, value: str | None, x: str | None, pop: np.ndarray, population: str
) -> np.ndarray:
    """The indicator value of each row: the value column, or x / population for a proportion."""
    if value is not None:
        return numeric_column(data, value)
    count = numeric_column(data, str(x))
    check(count < 0, str(x), "counts must be zero or more")
    check(count > pop, str(x), f"the count is larger than the population in '{population}'")
    return count / pop


def _scale_errors(
    data: pd.DataFrame,
    y: np.ndarray,
    y_column: str,
    value_type: int,
    g: Transform,
    g_slope: Transform,
    lower_cl: str | None,
    upper_cl: str | None,
    se: str | None,
) -> np.ndarray:
    """Standard error of g(value) for every row (delta method from se, or from the 95 % limits)."""
    _check_domain(y, y_column, value_type)
    with np.errstate(invalid="ignore", divide="ignore"):
        if se is not None:
            error = numeric_column(data, se)
            check(error < 0, se, "standard errors must be zero or more")
            return np.asarray(error * np.abs(g_slope(y)))
        lower, upper = numeric_column(data, str(lower_cl)), numeric_column(data, str(upper_cl))
        check(lower > upper, str(lower_cl), "the lower limit is above the upper limit")
        check(lower > y, str(lower_cl), f"the lower limit is above the value in '{y_column}'")
        check(upper < y, str(upper_cl), f"the upper limit is below the value in '{y_column}'")
        _check_domain(lower, str(lower_cl), value_type)
        _check_domain(upper, str(upper_cl), value_type)
        return np.asarray((g(upper) - g(lower)) / (2 * z_value(0.95)))


def _check_domain(y: np.ndarray, column: str, value_type: int) -> None:
    if value_type == 1:
        check(y <= 0, column, "rates (value_type=1) must be more than zero to take their log")
    elif value_type == 2:
        hint = " (percentages? divide by 100)" if np.nanmax(y, initial=0) > 1 else ""
        check(
            (y <= 0) | (y >= 1),
            column,
            f"proportions (value_type=2) must lie strictly between 0 and 1 to take their logit{hint}",
        )


def _groups(data: pd.DataFrame, groups: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    if not groups:
        return np.zeros(len(data), dtype=np.int64), pd.DataFrame(index=range(1))
    codes, uniques = pd.MultiIndex.from_frame(data[groups]).factorize()
    return codes, pd.DataFrame(list(uniques), columns=groups)


def _group_name(keys: pd.DataFrame, g: int) -> str:
    return ", ".join(f"{c}={keys.iloc[g][c]}" for c in keys.columns) or "the data"


def _check_unique(
    group_id: np.ndarray, position: np.ndarray, n_groups: int, labels: np.ndarray, column: str
) -> None:
    counts = np.zeros((n_groups, labels.size), dtype=np.int64)
    np.add.at(counts, (group_id, position), 1)
    duplicated = np.argwhere(counts > 1)
    if duplicated.size:
        g, k = duplicated[0]
        row = int(np.flatnonzero((group_id == g) & (position == k))[1]) + 1
        raise InputError(
            f"quantile {labels[k]:g} appears more than once in its group", row=row, column=column
        )


def _usable_groups(grids: dict[str, np.ndarray], keys: pd.DataFrame, groups: list[str]) -> np.ndarray:
    """Groups with every quantile and no missing input; the others are warned about."""
    incomplete = np.isnan(grids["pop"]).any(axis=1)
    missing = ~incomplete & (np.isnan(grids["t"]) | np.isnan(grids["se"])).any(axis=1)
    for mask, reason in (
        (incomplete, "does not have a row for every quantile"),
        (missing, "has a missing value or standard error"),
    ):
        if mask.any():
            first = int(np.flatnonzero(mask)[0])
            warnings.warn(
                f"SII not calculated for {mask.sum()} group(s): {_group_name(keys, first)} {reason}",
                SIIWarning,
                stacklevel=3,
            )
    return ~(incomplete | missing)


class _Fit:
    """The weighted regression of a groups × quantiles grid as linear weights (β = Σwy, α = Σvy)."""

    def __init__(self, pops: np.ndarray, inverse: Transform) -> None:
        share = pops / pops.sum(axis=1, keepdims=True)
        rank = np.cumsum(share, axis=1) - share / 2
        mean_rank = (share * rank).sum(axis=1, keepdims=True)
        centred = share * (rank - mean_rank)
        self.slope_weights = centred / (centred * (rank - mean_rank)).sum(axis=1, keepdims=True)
        self.intercept_weights = share - mean_rank * self.slope_weights
        self.inverse = inverse

    def ends(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Fitted values at rank 0 and rank 1 (natural scale) for values shaped (groups, …, quantiles)."""
        if values.ndim == 2:
            alpha = (values * self.intercept_weights).sum(axis=1)
            beta = (values * self.slope_weights).sum(axis=1)
        else:  # (groups, repetitions, quantiles) @ (groups, quantiles, 1)
            alpha = np.matmul(values, self.intercept_weights[:, :, None])[..., 0]
            beta = np.matmul(values, self.slope_weights[:, :, None])[..., 0]
        with np.errstate(over="ignore"):
            return self.inverse(alpha), self.inverse(alpha + beta)


def _group_seeds(
    data: pd.DataFrame,
    groups: list[str],
    seeds: str | None,
    usable: np.ndarray,
    seed: int | np.random.Generator | None,
) -> int | np.random.Generator | list[int] | None:
    """``seed``, or with a ``seeds`` column the seed of each usable group (its first row's)."""
    if seeds is None:
        return seed
    group_id, keys = _groups(data, groups)
    per_group = np.zeros(len(keys), dtype=np.int64)
    per_group[group_id[::-1]] = data[seeds].to_numpy(dtype=np.int64)[::-1]  # the first row wins
    return [int(s) for s in per_group[usable]]


class _Draws:
    """Normal draws of g(value) per group and quantile, in chunks of repetitions: from one generator,
    or (a list of seeds) from each group's own."""

    def __init__(
        self,
        centre: np.ndarray,
        spread: np.ndarray,
        seed: int | np.random.Generator | list[int] | None,
        n: int,
    ) -> None:
        self.centre, self.spread, self.n = centre, spread, int(n)
        self.rngs = [np.random.default_rng(s) for s in seed] if isinstance(seed, list) else None
        self.rng = (
            seed
            if isinstance(seed, np.random.Generator)
            else np.random.default_rng(None if isinstance(seed, list) else seed)
        )
        per_rep = max(1, centre.size)
        self.chunk = max(1, min(self.n, _CHUNK_ELEMENTS // per_rep))

    def simulate(self, fit: _Fit, back: Transform) -> tuple[np.ndarray, np.ndarray]:
        """Simulated SII and RII, each shaped (groups, repetitions)."""
        n_groups, n_quantiles = self.centre.shape
        sii = np.empty((n_groups, self.n))
        rii = np.empty((n_groups, self.n))
        for start in range(0, self.n, self.chunk):
            size = min(self.chunk, self.n - start)
            if self.rngs is None:
                draws = self.rng.standard_normal((n_groups, size, n_quantiles))
            else:  # each group's stream continues across chunks: the same draws however chunked
                draws = np.stack([r.standard_normal((size, n_quantiles)) for r in self.rngs])
                draws = draws.reshape(n_groups, size, n_quantiles)
            draws *= self.spread[:, None, :]
            draws += self.centre[:, None, :]
            with np.errstate(over="ignore"):
                values = back(draws)
            y0, y1 = fit.ends(values)
            sii[:, start : start + size] = y1 - y0
            with np.errstate(divide="ignore", invalid="ignore"):
                rii[:, start : start + size] = y1 / y0
        return sii, rii


def _spread(usable: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per-usable-group values placed into a per-group array (missing for unusable groups)."""
    out = np.full(usable.size, np.nan)
    out[usable] = values
    return out


def _add_statistic(
    out: pd.DataFrame,
    name: str,
    usable: np.ndarray,
    estimate: np.ndarray,
    runs: list[np.ndarray],
    levels: tuple[float, ...],
    multiplier: float,
) -> None:
    """Add ``name``, its limits per level and (with several runs) ``_name_mad``, scaled."""
    if name == "sii":

        def scale(v: np.ndarray) -> np.ndarray:
            return v * multiplier
    else:

        def scale(v: np.ndarray) -> np.ndarray:
            return 1 / v if multiplier < 0 else v

    out[name] = _spread(usable, scale(estimate))
    differences = []
    for level in levels:
        probabilities = [(1 - level) / 2, (1 + level) / 2]
        limits = [scale(np.quantile(run, probabilities, axis=1)) for run in runs]
        lower, upper = np.minimum(*limits[0]), np.maximum(*limits[0])
        low_name, up_name = ci_columns(level)
        out[f"{name}_{low_name}"] = _spread(usable, lower)
        out[f"{name}_{up_name}"] = _spread(usable, upper)
        differences += [np.abs(np.sort(other, axis=0) - np.sort(limits[0], axis=0)) for other in limits[1:]]
    if differences:
        out[f"_{name}_mad"] = _spread(usable, np.mean(differences, axis=(0, 1)))
