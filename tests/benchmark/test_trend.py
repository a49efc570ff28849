"""Recent trend: hand-worked statistics, wording by polarity, series that cannot be tested."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthassets.benchmark.trend import recent_trend

SERIES = ["area"]


def series(
    counts: list[float],
    denominators: list[float],
    *,
    value_type: str = "Proportion",
    polarity: str = "Low is good",
    area: str = "A",
    se: list[float] | None = None,
) -> pd.DataFrame:
    n = len(counts)
    value = np.asarray(counts, dtype=float) / np.asarray(denominators, dtype=float) * 100
    spread = np.asarray(se if se is not None else [1.0] * n)
    return pd.DataFrame(
        {
            "area": area,
            "period_sortable": [20150000 + 10000 * i for i in range(n)],
            "count": counts,
            "denominator": denominators,
            "value": value,
            "lower95_0cl": value - 1.959963984540054 * spread,
            "upper95_0cl": value + 1.959963984540054 * spread,
            "value_type": value_type,
            "polarity": polarity,
        }
    )


def armitage_chi_squared(r: np.ndarray, n: np.ndarray) -> float:
    """Textbook Armitage form: [Σtᵢ(rᵢ − nᵢp̄)]² / [p̄(1−p̄)(Σnᵢtᵢ² − (Σnᵢtᵢ)²/N)]."""
    t = np.arange(1, len(r) + 1)
    p = r.sum() / n.sum()
    numerator = (t * (r - n * p)).sum() ** 2
    denominator = p * (1 - p) * ((n * t**2).sum() - (n * t).sum() ** 2 / n.sum())
    return float(numerator / denominator)


def test_proportion_chi_squared_matches_armitage() -> None:
    r, n = np.array([50, 60, 70, 85, 95.0]), np.array([1000, 1000, 1010, 990, 1000.0])
    result = recent_trend(series(list(r), list(n)), SERIES)
    assert result["chi_squared"].iloc[0] == pytest.approx(armitage_chi_squared(r, n), rel=1e-10)
    assert result["trend"].iloc[0] == "Increasing and getting worse"


def test_weighted_slope_matches_polyfit() -> None:
    frame = series(
        [10, 12, 11, 15, 16],
        [100] * 5,
        value_type="Crude rate",
        polarity="High is good",
        se=[0.5, 0.7, 0.6, 0.4, 0.9],
    )
    result = recent_trend(frame, SERIES)
    t = np.arange(1, 6)
    slope = np.polyfit(t, frame["value"], 1, w=1 / np.array([0.5, 0.7, 0.6, 0.4, 0.9]))[0]
    assert result["slope"].iloc[0] == pytest.approx(slope, rel=1e-9)
    assert result["trend"].iloc[0] == "Increasing and getting better"


@pytest.mark.parametrize(
    "polarity, counts, expected",
    [
        ("Low is good", [95, 85, 70, 60, 50], "Decreasing and getting better"),
        ("High is good", [95, 85, 70, 60, 50], "Decreasing and getting worse"),
        ("BOB - Blue orange blue", [95, 85, 70, 60, 50], "Decreasing"),
        ("No judgement", [50, 60, 70, 85, 95], "Increasing"),
        ("RAG - Low is good", [50, 51, 50, 49, 50], "No significant change"),
    ],
)
def test_wording(polarity: str, counts: list[float], expected: str) -> None:
    result = recent_trend(series(counts, [1000] * 5, polarity=polarity), SERIES)
    assert result["trend"].iloc[0] == expected


def test_only_last_five_points_count() -> None:
    rising_then_flat = series([10, 20, 30, 50, 50, 50, 50, 50], [1000] * 8)
    assert recent_trend(rising_then_flat, SERIES)["trend"].iloc[0] == "No significant change"


@pytest.mark.parametrize(
    "frame",
    [
        series([50, 60, 70, 80], [1000] * 4),  # four points
        series([50, 60, np.nan, 80, 90], [1000] * 5),  # a missing count
        series([0, 0, 0, 0, 0], [1000] * 5),  # p̄ = 0
        series(
            [10, 12, 11, 15, 16], [100] * 5, value_type="Directly standardised rate", se=[1, 1, np.nan, 1, 1]
        ),
    ],
)
def test_cannot_be_calculated(frame: pd.DataFrame) -> None:
    assert recent_trend(frame, SERIES)["trend"].iloc[0] == "Cannot be calculated"


def test_many_series_at_once_and_row_order() -> None:
    frames = [
        series([50, 60, 70, 85, 95], [1000] * 5, area="up"),
        series([95, 85, 70, 60, 50], [1000] * 5, area="down"),
        series([50, 50, 50, 50, 50], [1000] * 5, area="flat"),
    ]
    data = pd.concat(frames).sample(frac=1, random_state=3)
    result = recent_trend(data, SERIES).set_index("area")["trend"]
    assert result.to_dict() == {
        "up": "Increasing and getting worse",
        "down": "Decreasing and getting better",
        "flat": "No significant change",
    }


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=500), min_size=5, max_size=5))
def test_reversing_time_flips_the_direction(counts: list[int]) -> None:
    forward = recent_trend(series(counts, [1000] * 5, polarity="No judgement"), SERIES)
    backward = recent_trend(series(counts[::-1], [1000] * 5, polarity="No judgement"), SERIES)
    assert forward["chi_squared"].iloc[0] == pytest.approx(backward["chi_squared"].iloc[0], rel=1e-9)
    flip = {
        "Increasing": "Decreasing",
        "Decreasing": "Increasing",
        "No significant change": "No significant change",
    }
    assert backward["trend"].iloc[0] == flip[forward["trend"].iloc[0]]
