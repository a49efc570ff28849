"""The spider chart's scale (docs/adr/0053): min–max among the country's areas, the better end at the
rim, values beyond the range clipped and flagged, spokes without a direction or a spread not drawn."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from healthassets.benchmark.spider import spider_scale


def scaled(value: list[float], low: list[float], high: list[float], polarity: list[object]) -> pd.DataFrame:
    return spider_scale(np.array(value), np.array(low), np.array(high), pd.Series(polarity, dtype=object))


def test_high_is_good_runs_from_the_lowest_area_to_the_highest() -> None:
    # 6 on a 2…10 range: a half of the way out; the lowest area at the centre, the highest at the rim
    out = scaled([6.0, 2.0, 10.0], [2.0] * 3, [10.0] * 3, ["High is good"] * 3)
    assert out["scaled"].tolist() == [0.5, 0.0, 1.0]
    assert not out["outside"].any()


def test_low_is_good_puts_the_lowest_value_at_the_rim() -> None:
    # 4 on a 2…10 range where low is good: (10 − 4) / 8 = 0.75 of the way to the best
    out = scaled([4.0, 10.0], [2.0, 2.0], [10.0, 10.0], ["Low is good", "RAG - Low is good"])
    assert out["scaled"].tolist() == pytest.approx([0.75, 0.0])


def test_values_beyond_the_areas_range_are_clipped_and_flagged() -> None:
    out = scaled([11.0, 0.0, 5.0], [2.0] * 3, [10.0] * 3, ["High is good"] * 3)
    assert out["scaled"].tolist() == [1.0, 0.0, 0.375]
    assert out["outside"].tolist() == [True, True, False]


def test_spokes_without_a_direction_a_spread_or_a_value_are_not_drawn() -> None:
    out = scaled(
        [5.0, 5.0, np.nan, 5.0, 5.0],
        [2.0, 5.0, 2.0, np.nan, 2.0],
        [10.0, 5.0, 10.0, 10.0, 10.0],
        ["No judgement", "High is good", "High is good", "High is good", "BOB - Blue orange blue"],
    )
    assert out["scaled"].isna().all() and not out["outside"].any()


def test_the_result_keeps_the_polarity_index() -> None:
    polarity = pd.Series(["High is good", "Low is good"], index=[7, 3])
    out = spider_scale(
        pd.Series([1.0, 1.0], index=[7, 3]), np.array([0.0, 0.0]), np.array([4.0, 4.0]), polarity
    )
    assert out.index.tolist() == [7, 3] and out["scaled"].tolist() == [0.25, 0.75]
