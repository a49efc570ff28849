"""A cost–savings template: what a programme costs per person, what it saves, and when it pays
back — scaled to the people it would reach.

For ``people`` reached at ``cost_per_head`` (spent at the start, undiscounted), an expected
effect of ``effect_per_head`` events avoided per person a year (e.g. 0.5 fewer GP appointments)
valued at ``unit_cost`` each, lasting ``years`` whole years:

    cost        = people × cost_per_head
    saving_1    = people × effect_per_head × unit_cost                      (each year)
    PV savings  = saving_1 × Σ_{t=1..years} D_t,  D_t = Π_{k≤t} 1 / (1 + r_k)  (planning.discounting)
    net         = PV savings − cost;   return per £1 = PV savings / cost
    payback     = cost / (saving_1 / 12) months (NaN when nothing is saved)

Scale-up: ``people = residents × reach`` with residents per IMD decile from the small-area
populations (the service sums them); every figure is returned per row, so one call gives each
decile and their total.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from healthassets.planning.discounting import discount_factors, rates_for
from healthassets.planning.value import payback_months

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class CostSavings:
    """The template's figures, one element per row of ``people``."""

    people: Floats
    cost: Floats
    saving_year1: Floats
    present_value: Floats
    net_present_value: Floats
    return_per_pound: Floats
    payback_months: Floats


def cost_savings(
    people: Floats,
    cost_per_head: float,
    effect_per_head: float,
    unit_cost: float,
    years: int,
    discount_rate: float | None = None,
) -> CostSavings:
    """The cost, savings and payback of reaching ``people`` (see the module docstring)."""
    people = np.asarray(people, dtype=np.float64)
    annuity = float(discount_factors(rates_for(years, discount_rate)).sum())
    cost = people * cost_per_head
    saving = people * effect_per_head * unit_cost
    present = saving * annuity
    with np.errstate(divide="ignore", invalid="ignore"):
        per_pound = np.where(cost > 0, present / cost, np.nan)
    return CostSavings(
        people=people,
        cost=cost,
        saving_year1=saving,
        present_value=present,
        net_present_value=present - cost,
        return_per_pound=per_pound,
        payback_months=payback_months(cost, saving),
    )
