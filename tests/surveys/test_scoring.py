"""Scoring: hand-checked sums, the conversion table, band edges, what empties a score."""

from __future__ import annotations

import numpy as np

from healthassets.surveys import instruments, score


def _items(keys: tuple[str, ...], rows: list[list[float]]) -> dict[str, np.ndarray]:
    array = np.array(rows, dtype=float)
    return {key: array[:, i] for i, key in enumerate(keys)}


def test_ons4_band_edges_and_only_the_bad_measure_empties() -> None:
    keys = instruments.ONS4.columns
    rows = [[4, 6, 8, 1], [5, 7, 9, 2], [np.nan, 10, 0, 3], [11, 5.5, -1, 4], [0, 0, 0, 5], [0, 0, 0, 6]]
    scored = score(instruments.ONS4, _items(keys, rows))
    frame = scored.frame
    assert list(frame["ons4_life_satisfaction_band"].fillna("-")) == ["low", "medium", "-", "-", "low", "low"]
    assert list(frame["ons4_worthwhile_band"].fillna("-")) == [
        "medium",
        "high",
        "very high",
        "-",
        "low",
        "low",
    ]
    assert list(frame["ons4_happiness_band"].fillna("-")) == ["high", "very high", "low", "-", "low", "low"]
    assert list(frame["ons4_anxiety_band"].fillna("-")) == [
        "very low",
        "low",
        "low",
        "medium",
        "medium",
        "high",
    ]
    assert scored.emptied == {
        "ons4_life_satisfaction": 2,
        "ons4_worthwhile": 1,
        "ons4_happiness": 1,
        "ons4_anxiety": 0,
    }
    assert np.isnan(frame["ons4_life_satisfaction"][2]) and frame["ons4_worthwhile"][2] == 10


def test_swemwbs_raw_and_metric_from_the_table() -> None:
    rows = [[1] * 7, [5] * 7, [3, 3, 3, 3, 3, 3, 2], [3, 3, 3, 3, 3, 3, 6], [1, 1, 1, 1, 1, 1, 1.5]]
    scored = score(instruments.SWEMWBS, _items(instruments.SWEMWBS.columns, rows))
    np.testing.assert_array_equal(scored.frame["swemwbs_raw"], [7, 35, 20, np.nan, np.nan])
    np.testing.assert_array_equal(scored.frame["swemwbs_metric"], [7.0, 35.0, 18.59, np.nan, np.nan])
    assert scored.emptied == {"swemwbs_raw": 2, "swemwbs_metric": 2}


def test_wemwbs_total() -> None:
    rows = [list(range(1, 6)) * 2 + [1, 2, 3, 4], [5] * 13 + [np.nan]]
    scored = score(instruments.WEMWBS, _items(instruments.WEMWBS.columns, rows))
    np.testing.assert_array_equal(scored.frame["wemwbs_total"], [40, np.nan])
