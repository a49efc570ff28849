"""Need against assets: each area's quadrant and whether it is "left behind".

Both measures are ranked from the highest (need rank 1 = highest need, assets rank 1 = most
assets; ties share the smallest rank) over the ``n`` areas that have both. A cut into G groups
puts rank r in group ⌈G · r / n⌉ (the IMD decile rule, ``ranks.py``), so ties at a cut go to the
side of their shared rank: ``median`` G = 2, ``tercile`` 3, ``quintile`` 5, ``decile`` 10.

High need = need group 1, low need = need group G; likewise assets. With the median cut every
area is in one of the four quadrants; with finer cuts only areas in the top or bottom group of
*both* measures are, and the rest are ``middle``:

============  ===========================
``priority``  high need, low assets
``build-on``  high need, high assets
``protect``   low need, low assets
``thriving``  low need, high assets
============  ===========================

``left_behind`` (Local Trust's "left behind" neighbourhoods: high need and few civic assets) is
true for an area in the highest-need tenth (need decile 1) and the lowest-assets tenth (assets
decile 10), whatever the cut. Areas missing either measure get no rank, quadrant or flag.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from healthassets.indices.ranks import groups, rank_descending

CUTS = {"median": 2, "tercile": 3, "quintile": 5, "decile": 10}


def quadrants(need: np.ndarray, assets: np.ndarray, cut: str = "median") -> pd.DataFrame:
    """``need_rank``, ``assets_rank``, ``quadrant`` and ``left_behind`` per area (input order)."""
    if cut not in CUTS:
        raise ValueError(f"unknown cut {cut!r}; choose from {', '.join(CUTS)}")
    count = CUTS[cut]
    need = np.asarray(need, dtype=np.float64)
    assets = np.asarray(assets, dtype=np.float64)
    both = ~np.isnan(need) & ~np.isnan(assets)
    n = int(both.sum())
    need_rank = rank_descending(np.where(both, need, np.nan))
    assets_rank = rank_descending(np.where(both, assets, np.nan))
    need_group = groups(need_rank, n, count)
    assets_group = groups(assets_rank, n, count)
    high_need, low_need = need_group == 1, need_group == count
    high_assets, low_assets = assets_group == 1, assets_group == count
    quadrant = np.select(
        [
            high_need & low_assets,
            high_need & high_assets,
            low_need & low_assets,
            low_need & high_assets,
            both,
        ],
        ["priority", "build-on", "protect", "thriving", "middle"],
        default="",
    )
    left_behind = (groups(need_rank, n, 10) == 1) & (groups(assets_rank, n, 10) == 10)
    flag = np.where(left_behind, "true", "false")
    return pd.DataFrame(
        {
            "need_rank": pd.array(need_rank, dtype="Int64"),
            "assets_rank": pd.array(assets_rank, dtype="Int64"),
            "quadrant": pd.Series(quadrant, dtype="string").where(both),
            "left_behind": pd.Series(flag, dtype="string").where(both),
        }
    )
