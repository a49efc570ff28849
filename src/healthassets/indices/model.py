"""The index as a model: a spec, its data prepared every way the uncertainty may ask, and one
function from a plan of draws to scores.

COINr's idea (a "coin" keeps each intermediate data set so a step can be re-run with one choice
changed) made vectorised: :func:`prepare` imputes, treats and normalises the indicators once for
every imputation × normalisation the spec may use (the nominal one and the alternatives), and
fixes the weights. :meth:`Model.scores` then turns a :class:`Plan` — for each draw an imputation,
a normalisation, an aggregation and multipliers of the weights — into the scores of every area
under every draw, as whole (draws × areas) arrays. The nominal index is the plan of one draw with
the spec's own choices and unit multipliers, so a draw that changes nothing reproduces the
nominal scores bit for bit.

Pipeline (OECD/JRC Handbook 2008; COINr's order): impute → treat outliers → direction and
normalise → weights → aggregate indicators (into domains, each with its data-availability
threshold) → for a hierarchical index normalise the domain scores and aggregate them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from healthassets.indices import weights as weighting
from healthassets.indices.aggregate import aggregate
from healthassets.indices.impute import impute
from healthassets.indices.normalise import normalise
from healthassets.indices.outliers import treat
from healthassets.indices.spec import IndexSpec


@dataclass(frozen=True)
class Plan:
    """Draws to score: option indices (into the model's option lists; 0 = the spec's own) and
    weight multipliers (draws × indicators, draws × domains)."""

    impute: np.ndarray
    normalise: np.ndarray
    aggregate: np.ndarray
    weights: np.ndarray
    domain_weights: np.ndarray

    @property
    def size(self) -> int:
        return int(self.weights.shape[0])

    def take(self, rows: np.ndarray) -> Plan:
        return Plan(
            self.impute[rows],
            self.normalise[rows],
            self.aggregate[rows],
            self.weights[rows],
            self.domain_weights[rows],
        )


@dataclass(frozen=True)
class Stage:
    """The indicators after one imputation and one normalisation (indicators × areas)."""

    imputed: np.ndarray
    imputed_counts: np.ndarray
    treated: np.ndarray
    treatment: np.ndarray
    winsorised: np.ndarray
    normalised: np.ndarray


@dataclass
class Model:
    spec: IndexSpec
    columns: list[str]
    impute_options: tuple[str, ...]
    normalise_options: tuple[str, ...]
    aggregate_options: tuple[str, ...]
    stages: dict[tuple[int, int], Stage]
    weights: np.ndarray
    members: list[np.ndarray]
    domain_names: list[str]
    domain_weights: np.ndarray
    coverage: np.ndarray
    shifts: dict[tuple[int, int, int], float] = field(default_factory=dict)

    @property
    def areas(self) -> int:
        return int(next(iter(self.stages.values())).normalised.shape[-1])

    def nominal_plan(self) -> Plan:
        zero = np.zeros(1, dtype=np.intp)
        return Plan(zero, zero, zero, np.ones((1, len(self.columns))), np.ones((1, len(self.domain_names))))

    def _level_one(self, plan: Plan, combo: tuple[int, int, int], out: np.ndarray) -> None:
        stage = self.stages[combo[0], combo[1]]
        method = self.aggregate_options[combo[2]]
        multiplied = plan.weights * self.weights
        for j, members in enumerate(self.members):
            scores, shift = aggregate(
                stage.normalised[members],
                multiplied[:, members],
                method,
                min_coverage=float(self.coverage[j]),
                shift=self.spec.geometric_shift,
            )
            out[:, j, :] = scores
            if shift is not None and j == 0:
                self.shifts[combo] = float(shift)

    def domain_scores(self, plan: Plan) -> np.ndarray:
        """Level-one scores (draws × domains × areas); one "domain" for a flat index."""
        out = np.empty((plan.size, len(self.members), self.areas))
        keys = np.stack([plan.impute, plan.normalise, plan.aggregate])
        combos, which = np.unique(keys, axis=1, return_inverse=True)
        if combos.shape[1] == 1:
            self._level_one(plan, (int(combos[0, 0]), int(combos[1, 0]), int(combos[2, 0])), out)
            return out
        for position in range(combos.shape[1]):
            rows = np.flatnonzero(which.ravel() == position)
            combo = (int(combos[0, position]), int(combos[1, position]), int(combos[2, position]))
            block = np.empty((rows.size, len(self.members), self.areas))
            self._level_one(plan.take(rows), combo, block)
            out[rows] = block
        return out

    def scores(self, plan: Plan) -> tuple[np.ndarray, np.ndarray]:
        """(index scores (draws × areas), domain scores (draws × domains × areas))."""
        domains = self.domain_scores(plan)
        if not self.spec.hierarchical:
            return domains[:, 0, :], domains
        level = self.spec.index
        scaled = normalise(domains, level.normalise)
        index, _ = aggregate(
            scaled,
            plan.domain_weights * self.domain_weights,
            level.aggregate,
            min_coverage=level.min_coverage,
        )
        return index, domains


def _parameters(spec: IndexSpec, method: str) -> np.ndarray | None:
    if method == "goalposts":
        return np.array([i.goalposts or (np.nan, np.nan) for i in spec.indicators], dtype=np.float64)
    if method in ("target", "reference"):
        return np.array([getattr(i, method) for i in spec.indicators], dtype=np.float64)
    return None


def _stage(spec: IndexSpec, values: np.ndarray, method: str, scale: str, groups: np.ndarray | None) -> Stage:
    filled = impute(values, method, groups)
    if spec.outliers == "coinr":
        treated = treat(filled.values)
        adjusted, treatment, points = treated.values, treated.treatment, treated.winsorised
    else:
        adjusted = filled.values
        treatment = np.full(values.shape[0], "none")
        points = np.zeros(values.shape[0], dtype=np.int64)
    direction = np.array([i.direction for i in spec.indicators], dtype=np.float64)
    normalised = normalise(adjusted, scale, direction, _parameters(spec, scale))
    return Stage(filled.values, filled.counts, adjusted, treatment, points, normalised)


def _structure(spec: IndexSpec) -> tuple[list[np.ndarray], list[str], np.ndarray, np.ndarray]:
    if not spec.hierarchical:
        everything = np.arange(len(spec.indicators))
        return [everything], ["index"], np.ones(1), np.array([spec.min_coverage])
    names = [d.name for d in spec.domains]
    members = [np.array([k for k, i in enumerate(spec.indicators) if i.domain == name]) for name in names]
    weights = np.array([d.weight for d in spec.domains], dtype=np.float64)
    coverage = np.array(
        [d.min_coverage if d.min_coverage is not None else spec.min_coverage for d in spec.domains]
    )
    return members, names, weights, coverage


def _weights(spec: IndexSpec, normalised: np.ndarray, members: list[np.ndarray]) -> np.ndarray:
    if spec.weights == "given":
        return np.array([i.weight for i in spec.indicators], dtype=np.float64)
    if spec.weights == "equal":
        return weighting.equal(len(spec.indicators))
    found = np.empty(len(spec.indicators))
    method = weighting.factor_weights if spec.weights == "factor" else weighting.pca_weights
    for group in members:
        found[group] = method(normalised[group], [spec.indicators[k].column for k in group])
    return found


def _options(nominal: str, alternatives: tuple[str, ...]) -> tuple[str, ...]:
    return (nominal, *[a for a in alternatives if a != nominal])


def prepare(data: pd.DataFrame, spec: IndexSpec, groups: np.ndarray | None = None) -> Model:
    """The :class:`Model` of ``spec`` on ``data`` (one row per area, a float column per
    indicator); ``groups`` are the areas' parents for group-mean imputation."""
    values = data[spec.columns].to_numpy(dtype=np.float64).T
    impute_options = _options(spec.impute, spec.uncertainty.impute)
    normalise_options = _options(spec.normalise, spec.uncertainty.normalise)
    aggregate_options = _options(spec.aggregate, spec.uncertainty.aggregate)
    stages = {
        (i, n): _stage(spec, values, method, scale, groups)
        for i, method in enumerate(impute_options)
        for n, scale in enumerate(normalise_options)
    }
    members, names, domain_weights, coverage = _structure(spec)
    return Model(
        spec=spec,
        columns=spec.columns,
        impute_options=impute_options,
        normalise_options=normalise_options,
        aggregate_options=aggregate_options,
        stages=stages,
        weights=_weights(spec, stages[0, 0].normalised, members),
        members=members,
        domain_names=names,
        domain_weights=domain_weights,
        coverage=coverage,
    )
