"""Sobol' sensitivity of an index's ranks to its uncertain choices, estimated by SALib.

Each uncertain choice is one factor (SALib "groups"): ``weights`` (every indicator weight's
U(1 − f, 1 + f) multiplier together, or one factor per indicator with ``each_weight=True``),
``domain weights`` (hierarchical indices), ``normalisation``, ``aggregation`` and
``imputation`` (uniform over the spec's alternatives: a U(0, m) variable floored to an option).
A choice with nothing to vary (f = 0, one option) is left out and listed in ``fixed``, so no
factor is skipped silently. When the weights are the only uncertain choice each weight is its own
factor (SALib reads a single group as "no groups").

Samples are Saltelli's extension of the Sobol' sequence (SALib ``sample.sobol``, scrambled and
seeded; N(D + 2) runs for N base samples, N ≥ 1,024 and a power of 2); each run scores the whole
index (``model.py``) and the output is the mean absolute shift of the areas' ranks from their
nominal ranks (COINr's default target for ``get_sensitivity``). First-order and total indices
and their bootstrap confidence intervals (95 %) come from SALib ``analyze.sobol`` (Saltelli et
al., 2010, *Comput. Phys. Commun.* 181; Jansen's estimator for the total effect).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from healthassets.indices.model import Model, Plan
from healthassets.indices.ranks import rank_descending
from healthassets.indices.uncertainty import ranked_blocks

MIN_BASE_SAMPLES = 1024


@dataclass(frozen=True)
class SobolResult:
    """``indices``: one row per factor (S1, S1_conf, ST, ST_conf); ``fixed``: choices left out."""

    indices: pd.DataFrame
    fixed: tuple[str, ...]
    base_samples: int
    runs: int


def _variables(model: Model, spread: float, each_weight: bool) -> tuple[list[tuple[str, str]], list[str]]:
    """(variable name, group) of every uncertain input (each U(0, 1)), and the choices held fixed."""
    variables: list[tuple[str, str]] = []
    fixed: list[str] = []
    if spread > 0:
        for column in model.columns:
            variables.append((f"weight {column}", f"weight {column}" if each_weight else "weights"))
        if model.spec.hierarchical:
            variables.extend((f"domain weight {name}", "domain weights") for name in model.domain_names)
    else:
        fixed.append("weights")
    for label, options in (
        ("imputation", model.impute_options),
        ("normalisation", model.normalise_options),
        ("aggregation", model.aggregate_options),
    ):
        if len(options) > 1:
            variables.append((label, label))
        else:
            fixed.append(label)
    return variables, fixed


def _plan(model: Model, samples: np.ndarray, names: list[str], spread: float) -> Plan:
    runs = samples.shape[0]
    column = {name: k for k, name in enumerate(names)}

    def scaled(prefix: str, labels: list[str]) -> np.ndarray:
        if spread == 0 or not labels:
            return np.ones((runs, len(labels)))
        u = samples[:, [column[f"{prefix}{label}"] for label in labels]]
        return 1.0 - spread + 2.0 * spread * u

    def option(label: str, options: tuple[str, ...]) -> np.ndarray:
        if label not in column:
            return np.zeros(runs, dtype=np.intp)
        return np.minimum((samples[:, column[label]] * len(options)).astype(np.intp), len(options) - 1)

    domain_labels = model.domain_names if model.spec.hierarchical else []
    domain = (
        scaled("domain weight ", domain_labels) if domain_labels else np.ones((runs, len(model.domain_names)))
    )
    return Plan(
        option("imputation", model.impute_options),
        option("normalisation", model.normalise_options),
        option("aggregation", model.aggregate_options),
        scaled("weight ", model.columns),
        domain,
    )


def mean_rank_shift(model: Model, plan: Plan) -> np.ndarray:
    """Per run: the mean |rank − nominal rank| over the areas ranked in both."""
    nominal_scores, _ = model.scores(model.nominal_plan())
    nominal = rank_descending(nominal_scores[0])
    out = np.empty(plan.size)
    for rows, ranks in ranked_blocks(model, plan):
        shift = np.abs(np.where(ranks > 0, ranks, np.nan) - nominal)
        out[rows] = np.nanmean(shift, axis=1)
    return out


def sobol(
    model: Model,
    spread: float,
    *,
    base_samples: int = MIN_BASE_SAMPLES,
    seed: int = 0,
    each_weight: bool = False,
) -> SobolResult:
    """First-order and total Sobol' indices (with 95 % confidence intervals) of each uncertain
    choice of ``model`` on its ranks; ``spread`` is the weights' f."""
    if base_samples < MIN_BASE_SAMPLES or base_samples & (base_samples - 1):
        raise ValueError(f"base samples must be a power of 2 of at least {MIN_BASE_SAMPLES}")
    variables, fixed = _variables(model, spread, each_weight)
    if not variables:
        raise ValueError("nothing is uncertain: give a weight uncertainty or alternative methods")
    if len({group for _, group in variables}) == 1:
        # SALib treats a single group as no groups at all: then each weight is its own factor
        variables, fixed = _variables(model, spread, True)
    names = [name for name, _ in variables]
    groups = [group for _, group in variables]
    problem = {
        "num_vars": len(variables),
        "names": names,
        "groups": groups,
        "bounds": [[0.0, 1.0]] * len(variables),
    }
    samples = sobol_sample.sample(problem, base_samples, calc_second_order=False, seed=seed)
    output = mean_rank_shift(model, _plan(model, samples, names, spread))
    found = sobol_analyze.analyze(problem, output, calc_second_order=False, conf_level=0.95, seed=seed)
    table = pd.DataFrame(
        {
            "factor": list(dict.fromkeys(groups)),
            "S1": found["S1"],
            "S1_conf": found["S1_conf"],
            "ST": found["ST"],
            "ST_conf": found["ST_conf"],
        }
    )
    return SobolResult(table, tuple(fixed), base_samples, int(samples.shape[0]))
