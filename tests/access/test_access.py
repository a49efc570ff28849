"""Access measures: projection, nearest, count within, 2SFCA/E2SFCA and their invariant."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from healthassets.access import (
    by_group,
    count_within,
    decay_weights,
    nearest_distance,
    to_british_national_grid,
    two_step_fca,
)
from healthassets.errors import InputError

coords = st.floats(0, 10_000, allow_nan=False)


def points(min_size: int = 1, max_size: int = 30) -> st.SearchStrategy[np.ndarray]:
    return st.integers(min_size, max_size).flatmap(lambda n: arrays(float, (n, 2), elements=coords))


def _brute(demand: np.ndarray, supply: np.ndarray) -> np.ndarray:
    return np.sqrt(((demand[:, None, :] - supply[None, :, :]) ** 2).sum(axis=2))


def test_projection_matches_the_ordnance_survey_example() -> None:
    """OS 'A guide to coordinate systems in Great Britain', worked example (Caister water tower):
    ETRS89 52.658007833 N, 1.716073972 E → E 651409.903, N 313177.270 (OSTN15). A 7-parameter
    Helmert transformation (no grid file) is within a few metres."""
    xy = to_british_national_grid([1.716073972], [52.658007833])
    assert xy[0] == pytest.approx([651409.903, 313177.270], abs=10)


def test_projection_nan_stays_nan() -> None:
    xy = to_british_national_grid([np.nan, -2.24], [np.nan, 53.48])
    assert np.isnan(xy[0]).all() and np.isfinite(xy[1]).all()


@given(points(), points())
def test_nearest_and_count_agree_with_brute_force(demand: np.ndarray, supply: np.ndarray) -> None:
    distance, index = nearest_distance(demand, supply)
    full = _brute(demand, supply)
    assert np.allclose(distance, full.min(axis=1))
    assert np.allclose(full[np.arange(len(demand)), index], distance)
    radius = 2_500.0
    assert (count_within(demand, supply, radius) == (full <= radius).sum(axis=1)).all()


def test_no_supply() -> None:
    distance, index = nearest_distance([[0.0, 0.0]], np.empty((0, 2)))
    assert np.isinf(distance[0]) and index[0] == -1
    assert count_within([[0.0, 0.0]], np.empty((0, 2)), 10).tolist() == [0]


def test_by_group_handles_shared_members() -> None:
    supply = np.array([[0.0, 0.0], [100.0, 0.0], [1000.0, 0.0]])
    membership = pd.DataFrame({"supply": [0, 1, 2, 2], "group": ["a", "a", "a", "b"]})
    out = by_group([[90.0, 0.0]], supply, membership, radius=50).set_index("group")
    assert out.loc["a", "nearest"] == pytest.approx(10) and out.loc["a", "within"] == 1
    assert out.loc["b", "nearest"] == pytest.approx(910) and out.loc["b", "within"] == 0


def test_decay_weights() -> None:
    d = np.array([0, 100, 333, 334, 666, 667, 1000, 1001.0])
    assert decay_weights(d, 1000, "none").tolist() == [1, 1, 1, 1, 1, 1, 1, 0]
    assert decay_weights(d, 1000, "stepped").tolist() == [1, 1, 1, 0.68, 0.68, 0.22, 0.22, 0]
    gauss = decay_weights(d, 1000, "gaussian")
    assert gauss[0] == pytest.approx(1) and gauss[-2] == pytest.approx(0, abs=1e-12) and gauss[-1] == 0
    assert (np.diff(gauss) <= 0).all()


def test_two_step_by_hand() -> None:
    """One clinic (capacity 3) shared by 100 + 200 people within reach; a third area out of reach."""
    demand = np.array([[0.0, 0.0], [500.0, 0.0], [5000.0, 0.0]])
    result = two_step_fca(demand, [100, 200, 50], [[250.0, 0.0]], [3.0], catchment=1000, decay="none")
    assert result.ratio[0] == pytest.approx(3 / 300)
    assert result.access.tolist() == pytest.approx([0.01, 0.01, 0.0])


def test_gaussian_nearer_people_weigh_more() -> None:
    demand = np.array([[0.0, 0.0], [900.0, 0.0]])
    result = two_step_fca(demand, [100, 100], [[0.0, 0.0]], catchment=1000, decay="gaussian")
    assert result.access[0] > result.access[1] > 0


@given(
    points(1, 25),
    points(1, 25),
    st.sampled_from(["none", "stepped", "gaussian"]),
    st.floats(500, 6000),
    st.integers(0, 2**32 - 1),
)
def test_demand_weighted_access_equals_supply_reached(
    demand: np.ndarray, supply: np.ndarray, decay: str, catchment: float, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    population = rng.integers(1, 3000, len(demand)).astype(float)
    capacity = rng.uniform(0.5, 10, len(supply))
    result = two_step_fca(demand, population, supply, capacity, catchment=catchment, decay=decay)
    reached = ~np.isnan(result.ratio)
    assert (population * result.access).sum() == pytest.approx(capacity[reached].sum(), rel=1e-9)
    assert result.supply_reached == pytest.approx(capacity[reached].sum())


def test_invariant_equals_total_supply_when_every_site_has_demand() -> None:
    rng = np.random.default_rng(5)
    demand = rng.uniform(0, 20_000, (400, 2))
    supply = demand[rng.choice(400, 60, replace=False)] + rng.normal(0, 50, (60, 2))
    population = rng.integers(500, 2500, 400).astype(float)
    result = two_step_fca(demand, population, supply, catchment=3000, decay="gaussian")
    assert result.unreached_sites == 0
    assert (population * result.access).sum() == pytest.approx(len(supply))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"population": [1.0]}, "one value per demand point"),
        ({"population": [1.0, -1.0]}, "not negative"),
        ({"capacity": [1.0, 2.0]}, "one value per supply point"),
        ({"catchment": 0}, "positive distance"),
        ({"decay": "linear"}, "unknown distance decay"),
    ],
)
def test_bad_input(kwargs: dict, message: str) -> None:
    arguments = {"population": [1.0, 2.0], "capacity": None, "catchment": 100.0, "decay": "none", **kwargs}
    with pytest.raises(InputError, match=message):
        two_step_fca([[0.0, 0.0], [1.0, 1.0]], arguments.pop("population"), [[0.0, 0.0]], **arguments)


def test_missing_coordinates_rejected() -> None:
    with pytest.raises(InputError, match="missing"):
        nearest_distance([[np.nan, 0.0]], [[0.0, 0.0]])
