"""The cost–savings template on a hand-checked example, and reflation."""

from __future__ import annotations

import numpy as np
import pytest

from healthassets.errors import InputError
from healthassets.planning.costs import cost_savings
from healthassets.planning.prices import reflate


def test_cost_savings_worked_example() -> None:
    # 200 people at £150 each; 0.5 GP appointments avoided a year at £42; 3 years at 3.5 %
    result = cost_savings(np.array([200.0, 0.0]), 150.0, 0.5, 42.0, 3)
    assert result.cost[0] == 30_000
    assert result.saving_year1[0] == pytest.approx(4200.0)
    pv = 4200 * (1 / 1.035 + 1 / 1.035**2 + 1 / 1.035**3)
    assert result.present_value[0] == pytest.approx(pv, rel=1e-14)
    assert result.net_present_value[0] == pytest.approx(pv - 30_000, rel=1e-13)
    assert result.return_per_pound[0] == pytest.approx(pv / 30_000, rel=1e-14)
    assert result.payback_months[0] == pytest.approx(30_000 / (4200 / 12))  # 85.7 months
    assert np.isnan(result.payback_months[1]) and np.isnan(result.return_per_pound[1])


def test_reflate_to_one_price_year() -> None:
    index = {2019: 90.0, 2022: 100.0, 2024: 108.0}
    out = reflate(np.array([10.0, 50.0]), np.array([2019, 2024]), 2022, index)
    np.testing.assert_allclose(out, [10 * 100 / 90, 50 * 100 / 108], rtol=1e-15)
    with pytest.raises(InputError, match="no value for 2020"):
        reflate(np.array([1.0]), np.array([2020]), 2022, index)
    with pytest.raises(InputError, match=r"no value for 2020, 2021, 2030$"):
        reflate(np.array([1.0, 2.0, 3.0]), np.array([2021, 2020, 2021]), 2030, index)
    with pytest.raises(InputError, match="positive"):
        reflate(np.array([1.0]), np.array([2022]), 2022, {2022: 0.0})
