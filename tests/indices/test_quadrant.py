"""Need against assets: quadrants, cuts, ties and left-behind areas."""

from __future__ import annotations

import numpy as np
import pytest

from healthassets.indices.quadrant import quadrants


def test_median_cut_with_ties_on_the_boundary() -> None:
    need = np.array([4.0, 3.0, 3.0, 1.0])  # ranks 1, 2, 2, 4: the tie at the cut stays high
    assets = np.array([1.0, 9.0, 2.0, 5.0])  # ranks 4, 1, 3, 2
    table = quadrants(need, assets)
    assert table["need_rank"].tolist() == [1, 2, 2, 4]
    assert table["quadrant"].tolist() == ["priority", "build-on", "priority", "thriving"]


def test_deciles_leave_a_middle_and_flag_the_left_behind() -> None:
    need = np.arange(20, 0, -1, dtype=float)
    assets = np.arange(20, dtype=float)  # the neediest have the fewest assets
    table = quadrants(need, assets, "decile")
    assert table["quadrant"].tolist()[:2] == ["priority", "priority"]
    assert table["quadrant"].tolist()[-2:] == ["thriving", "thriving"]
    assert set(table["quadrant"].tolist()[2:-2]) == {"middle"}
    assert table["left_behind"].tolist()[:3] == ["true", "true", "false"]


def test_unknown_cut() -> None:
    with pytest.raises(ValueError, match="unknown cut"):
        quadrants(np.ones(3), np.ones(3), "octile")
