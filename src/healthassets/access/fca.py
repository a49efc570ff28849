"""Two-step floating catchment area (2SFCA) access scores, with distance decay.

Step 1, for each supply site j: the supply-to-demand ratio within its catchment d0,
    R_j = S_j / Σ_{i: d_ij ≤ d0} P_i · W(d_ij)
Step 2, for each demand point i: the sum of the ratios of the sites within its catchment,
    A_i = Σ_{j: d_ij ≤ d0} R_j · W(d_ij)

S_j is the site's capacity (1 when unknown: every asset counts once), P_i the population at the
area's population-weighted centroid, W a distance-decay weight:

- ``"none"``: W = 1 — the original 2SFCA (Luo & Wang 2003, *Environ. Plann. B* 30: 865–884);
- ``"stepped"``: W = 1.00, 0.68, 0.22 in the inner, middle and outer thirds of the catchment — the
  enhanced 2SFCA (E2SFCA; Luo & Qi 2009, *Health & Place* 15: 1100–1107);
- ``"gaussian"``: W = (exp(-½(d/d0)²) − exp(-½)) / (1 − exp(-½)) — the Gaussian 2SFCA (Dai 2010,
  *Health & Place* 16: 1038–1052), 1 at the site falling to 0 at d0.

Because the same weights are used in both steps, Σ_i P_i A_i = Σ_j S_j over the sites that have
some weighted demand in their catchment (the total supply is shared out, never created): the
invariant the tests check. Sites with no demand in reach have no ratio (NaN) and are reported.
All steps are whole-array operations on the sparse set of (demand, supply) pairs within d0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.spatial import cKDTree

from healthassets.access.nearest import _points
from healthassets.errors import InputError

DECAYS = ("none", "stepped", "gaussian")
#: E2SFCA zone weights (Luo & Qi 2009): inner, middle and outer thirds of the catchment
STEPPED = ((1 / 3, 1.0), (2 / 3, 0.68), (1.0, 0.22))


@dataclass
class FcaResult:
    """``access`` per demand point (supply per person), ``ratio`` per supply site (NaN when no
    demand is in reach), and the total supply that reached somebody."""

    access: np.ndarray
    ratio: np.ndarray
    supply_reached: float

    @property
    def unreached_sites(self) -> int:
        return int(np.isnan(self.ratio).sum())


def decay_weights(
    distance: ArrayLike,
    catchment: float,
    decay: str = "gaussian",
    steps: Sequence[tuple[float, float]] = STEPPED,
) -> np.ndarray:
    """W(d) for distances within the catchment (0 beyond it); see the module docstring."""
    d = np.asarray(distance, dtype=float)
    inside = d <= catchment
    if decay == "none":
        weight = np.ones_like(d)
    elif decay == "gaussian":
        floor = np.exp(-0.5)
        weight = (np.exp(-0.5 * (d / catchment) ** 2) - floor) / (1 - floor)
    elif decay == "stepped":
        bounds = np.array([b for b, _ in steps]) * catchment
        values = np.array([w for _, w in steps])
        zone = np.searchsorted(bounds, d, side="left")
        weight = values[np.minimum(zone, len(values) - 1)]
    else:
        raise InputError(f"unknown distance decay {decay!r} (use one of {', '.join(DECAYS)})")
    return np.where(inside, weight, 0.0)


def catchment_pairs(
    demand_xy: ArrayLike, supply_xy: ArrayLike, catchment: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(demand index, supply index, distance) of every pair within ``catchment`` metres."""
    demand = _points(demand_xy, "demand points")
    supply = _points(supply_xy, "supply points")
    if len(demand) == 0 or len(supply) == 0:
        empty = np.array([], dtype=np.int64)
        return empty, empty, np.array([], dtype=float)
    pairs = cKDTree(demand).sparse_distance_matrix(cKDTree(supply), catchment, output_type="ndarray")
    return pairs["i"].astype(np.int64), pairs["j"].astype(np.int64), pairs["v"].astype(float)


def two_step_fca(
    demand_xy: ArrayLike,
    population: ArrayLike,
    supply_xy: ArrayLike,
    capacity: ArrayLike | None = None,
    *,
    catchment: float,
    decay: str = "gaussian",
    steps: Sequence[tuple[float, float]] = STEPPED,
) -> FcaResult:
    """2SFCA / enhanced 2SFCA access score of each demand point (supply per person)."""
    if not catchment > 0:
        raise InputError("the catchment must be a positive distance")
    demand = _points(demand_xy, "demand points")
    supply = _points(supply_xy, "supply points")
    people = np.asarray(population, dtype=float)
    if people.shape != (len(demand),):
        raise InputError("population must have one value per demand point")
    if np.isnan(people).any() or (people < 0).any():
        raise InputError("population must be known and not negative")
    size = np.ones(len(supply)) if capacity is None else np.asarray(capacity, dtype=float)
    if size.shape != (len(supply),):
        raise InputError("capacity must have one value per supply point")
    if np.isnan(size).any() or (size < 0).any():
        raise InputError("capacity must be known and not negative")
    i, j, d = catchment_pairs(demand, supply, catchment)
    w = decay_weights(d, catchment, decay, steps)
    weighted_demand = np.bincount(j, weights=people[i] * w, minlength=len(supply))
    reached = weighted_demand > 0
    ratio = np.full(len(supply), np.nan)
    ratio[reached] = size[reached] / weighted_demand[reached]
    contribution = np.where(reached[j], ratio[j], 0.0) * w
    access = np.bincount(i, weights=contribution, minlength=len(demand))
    return FcaResult(access=access, ratio=ratio, supply_reached=float(size[reached].sum()))
