"""One-way sensitivity: every bar recomputed by hand from the moved input."""

from __future__ import annotations

import numpy as np
import pytest

from healthassets.planning.sensitivity import moved, one_way
from healthassets.planning.value import VARIABLE_INPUTS, sroi
from tests.planning.test_value import impact_map


def test_each_bar_is_the_ratio_with_that_one_input_moved() -> None:
    impacts = impact_map(
        quantity=[10, 4],
        proxy=[100, 250],
        deadweight=[0.1, 0.0],
        duration=[3, 2],
        drop_off=[0.2, 0.05],
        attribution=[0.3, 0.95],
    )
    result = one_way(impacts, 1500.0, change=0.1, discount_rate=0.035)
    assert len(result.input) == 2 * len(VARIABLE_INPUTS)
    assert result.ratio == pytest.approx(sroi(impacts, 1500.0, 0.035).sroi_ratio)
    for k in range(len(result.input)):
        i = impacts.outcome.index(result.outcome[k])
        name = result.input[k]
        for value, ratio in (
            (result.value_low[k], result.ratio_low[k]),
            (result.value_high[k], result.ratio_high[k]),
        ):
            values = getattr(impacts, name).copy()
            values[i] = value
            assert ratio == pytest.approx(
                sroi(impacts.with_input(name, values), 1500.0, 0.035).sroi_ratio, rel=1e-13
            )
    assert np.all(np.diff(result.swing) <= 1e-15)  # largest swing first


def test_moves_are_relative_for_amounts_and_points_for_deflators() -> None:
    down, up = moved(np.array([100.0]), "proxy", 0.2)
    assert (down[0], up[0]) == pytest.approx((80.0, 120.0))
    down, up = moved(np.array([0.05, 0.95]), "attribution", 0.1)
    np.testing.assert_allclose(down, [0.0, 0.85])
    np.testing.assert_allclose(up, [0.15, 1.0])
