"""Parents rebuilt from their children's counts: only complete sets, Wilson limits of the sums."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from healthassets.indicators.aggregate import aggregate_to_parent

KEY = {"period": "2022/23", "sex": "Persons", "age": "All ages", "category_type": "", "category": ""}


def children(rows: list[tuple[int, str, float | None, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"indicator_id": i, "area_code": a, "count": c, "denominator": d, **KEY} for i, a, c, d in rows]
    )


def wilson(count: float, n: float, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval (Wilson 1927; as in PHEindicatormethods' phe_proportion)."""
    p = count / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def test_a_proportion_from_the_summed_counts() -> None:
    frame = children([(1, "A", 10, 40), (1, "B", 20, 60)])
    out = aggregate_to_parent(
        frame, expected_children=2, value_type=pd.Series({1: "Proportion"}), multiplier=pd.Series({1: 100.0})
    )
    row = out.iloc[0]
    assert (row["count"], row["denominator"]) == (30, 100)
    lower, upper = wilson(30, 100)
    assert row["value"] == pytest.approx(30.0)
    assert (row["lower95_0cl"], row["upper95_0cl"]) == (
        pytest.approx(100 * lower),
        pytest.approx(100 * upper),
    )
    assert {"lower99_8cl", "upper99_8cl"} <= set(out.columns)


def test_incomplete_or_impossible_sets_are_not_aggregated() -> None:
    frame = children(
        [
            (1, "A", 10, 40),  # indicator 1: B is missing
            (2, "A", 5, 10),
            (2, "B", None, 10),  # indicator 2: B has no count
            (3, "A", 12, 10),
            (3, "B", 9, 10),  # indicator 3: summed, a proportion over 100 %
            (4, "A", 1, 10),
            (4, "B", 1, 10),  # indicator 4: a value type that cannot be summed
        ]
    )
    out = aggregate_to_parent(
        frame,
        expected_children=2,
        value_type=pd.Series(
            {1: "Proportion", 2: "Proportion", 3: "Proportion", 4: "Indirectly standardised"}
        ),
        multiplier=pd.Series({1: 100.0, 2: 100.0, 3: 100.0, 4: 100.0}),
    )
    assert out.empty and "value" in out.columns
