"""One-way sensitivity of an SROI ratio: each input of each outcome moved alone, the rest held.

For outcome ``i`` and input ``x`` the ratio is recomputed with ``x_i`` moved down and up by a
chosen amount ``change``: the quantity and the financial proxy *relatively* (× (1 ∓ change)),
the four deflators (deadweight, displacement, attribution, drop-off) *absolutely*, in
percentage points (± change, held inside [0, 1]). Since only outcome ``i``'s present value
moves, ``ratio' = (Σ_j PV_j − PV_i + PV_i') / investment``. The rows, sorted by their swing
(``|ratio_high − ratio_low|``, largest first), are the bars of a tornado chart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from healthassets.planning.value import DEFLATORS, VARIABLE_INPUTS, ImpactMap, present_values

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class OneWay:
    """One bar per (outcome, input): the input's low and high values and the ratio at each."""

    outcome: tuple[str, ...]
    input: tuple[str, ...]
    value_low: Floats
    value_high: Floats
    ratio_low: Floats
    ratio_high: Floats
    ratio: float

    @property
    def swing(self) -> Floats:
        return np.abs(self.ratio_high - self.ratio_low)


def moved(values: Floats, name: str, change: float) -> tuple[Floats, Floats]:
    """(down, up) values of input ``name`` for a move of ``change`` (see the module docstring)."""
    if name in DEFLATORS:
        return np.clip(values - change, 0.0, 1.0), np.clip(values + change, 0.0, 1.0)
    return values * (1.0 - change), values * (1.0 + change)


def one_way(
    impacts: ImpactMap, investment: float, change: float = 0.1, discount_rate: float | None = None
) -> OneWay:
    """Every (outcome, input) moved down and up by ``change``, sorted by swing (largest first)."""
    n = len(impacts)
    inputs = len(VARIABLE_INPUTS)
    base = present_values(impacts, discount_rate)
    # the map in (inputs, 2, outcomes) copies: copy [k, 0] has input k of every outcome moved down,
    # [k, 1] up; an outcome's present value depends only on its own inputs
    fields: dict[str, Any] = {}
    lows, highs = [], []
    for k, name in enumerate(VARIABLE_INPUTS):
        values = getattr(impacts, name)
        grid = np.array(np.broadcast_to(values, (inputs, 2, n)), dtype=np.float64)
        down, up = moved(values, name, change)
        grid[k, 0], grid[k, 1] = down, up
        lows.append(down)
        highs.append(up)
        fields[name] = grid
    shaped = replace(impacts, **fields)
    present = present_values(shaped, discount_rate)  # (inputs, 2, outcomes)
    total = float(base.sum())
    ratios = (total - base + present) / investment
    ratio = total / investment
    low, high = ratios[:, 0, :].reshape(-1), ratios[:, 1, :].reshape(-1)
    rows_input = np.repeat(np.arange(inputs), n)
    rows_outcome = np.tile(np.arange(n), inputs)
    value_low = np.concatenate(lows)
    value_high = np.concatenate(highs)
    order = np.argsort(-np.abs(high - low), kind="stable")
    return OneWay(
        outcome=tuple(impacts.outcome[i] for i in rows_outcome[order]),
        input=tuple(VARIABLE_INPUTS[k] for k in rows_input[order]),
        value_low=value_low[order],
        value_high=value_high[order],
        ratio_low=low[order],
        ratio_high=high[order],
        ratio=ratio,
    )
