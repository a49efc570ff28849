"""Monte Carlo rank intervals: collapse, reproducibility, percentiles, alternatives."""

from __future__ import annotations

import numpy as np
import pandas as pd

from healthassets.indices.model import prepare
from healthassets.indices.spec import parse_spec
from healthassets.indices.uncertainty import all_ranks, monte_carlo, random_plan, rank_percentiles


def model(extra: str = "", rows: int = 60):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(2)
    data = pd.DataFrame(rng.integers(0, 8, size=(rows, 4)).astype(float), columns=list("abcd"))
    data.iloc[5, 1] = np.nan
    text = extra + "".join(f'[[indicators]]\ncolumn = "{k}"\n' for k in "abcd")
    return prepare(data, parse_spec(text))


def test_no_uncertainty_collapses_onto_the_nominal_rank() -> None:
    interval = monte_carlo(model(), draws=100, spread=0.0, seed=1)
    for found in (interval.median, interval.lower, interval.upper):
        np.testing.assert_array_equal(found, interval.nominal)
    assert np.isnan(interval.nominal[5])


def test_draws_are_reproducible_and_spread_the_ranks() -> None:
    first = monte_carlo(model(), draws=300, spread=0.6, seed=9)
    second = monte_carlo(model(), draws=300, spread=0.6, seed=9)
    np.testing.assert_array_equal(first.median, second.median)
    ranked = ~np.isnan(first.nominal)
    assert (first.upper >= first.median)[ranked].all() and (first.median >= first.lower)[ranked].all()
    assert (first.upper - first.lower > 0)[ranked].any()
    other = monte_carlo(model(), draws=300, spread=0.6, seed=10)
    assert not np.array_equal(first.lower, other.lower)


def test_percentiles_interpolate_linearly_over_the_draws_that_rank_an_area() -> None:
    ranks = np.array([[1, 0], [2, 3], [4, 5], [10, 0]], dtype=np.int32)
    found = rank_percentiles(ranks)
    np.testing.assert_allclose(found[:, 0], np.quantile([1, 2, 4, 10], [0.05, 0.5, 0.95]))
    np.testing.assert_allclose(found[:, 1], np.quantile([3, 5], [0.05, 0.5, 0.95]))


def test_alternatives_are_drawn_and_impute_alternatives_rank_the_gap() -> None:
    spec = '[uncertainty]\nnormalise = ["zscore", "rank"]\naggregate = ["geometric"]\nimpute = ["mean"]\n'
    m = model(spec)
    plan = random_plan(m, 400, 0.0, seed=3)
    assert set(plan.normalise) == {0, 1, 2} and set(plan.aggregate) == {0, 1} and set(plan.impute) == {0, 1}
    ranks = all_ranks(m, plan)
    ranked = ranks[:, 5] > 0
    assert ranked.any() and not ranked.all()
    assert (ranked == (plan.impute == 1)).all()
    interval = monte_carlo(m, 400, 0.0, seed=3)
    assert np.isnan(interval.nominal[5]) and not np.isnan(interval.median[5])
