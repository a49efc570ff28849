"""Parents rebuilt from their children's counts: only complete sets, Wilson limits of the sums."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthassets import stats
from healthassets.indicators.aggregate import (
    aggregate_small_areas,
    aggregate_to_parent,
    small_area_method,
    weighted_mean_to_parents,
)

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


# --- small areas -----------------------------------------------------------------------------------


#: three LSOAs: A and B make MSOA M1 and ward W1, C is MSOA M2 and ward W2; all three authority L
MEMBERS = pd.DataFrame(
    [
        ("A", "M1"),
        ("B", "M1"),
        ("C", "M2"),
        ("A", "W1"),
        ("B", "W1"),
        ("C", "W2"),
        ("A", "L"),
        ("B", "L"),
        ("C", "L"),
    ],
    columns=["child_code", "parent_code"],
)
TYPES = pd.Series({1: "Count", 2: "Proportion", 3: "Score", 4: "Rank", 5: "Decile"})
MULTIPLIERS = pd.Series({1: 1.0, 2: 100.0, 3: 1.0, 4: 1.0, 5: 1.0})
WEIGHTS = pd.Series({"A": 100.0, "B": 300.0, "C": 600.0})


def small(indicator: int, rows: list[tuple[str, float, float, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["area_code", "value", "count", "denominator"])
    return frame.assign(
        indicator_id=indicator, period="2021", sex="Persons", age="All ages", category_type="", category=""
    )


def by_area(frame: pd.DataFrame, indicator: int) -> pd.DataFrame:
    return frame[frame["indicator_id"] == indicator].set_index("area_code").sort_index()


def test_each_kind_of_value_by_its_own_method() -> None:
    children = pd.concat(
        [
            small(1, [("A", 10, 10, math.nan), ("B", 20, 20, math.nan), ("C", 5, 5, math.nan)]),
            small(2, [("A", 10.0, 1, 10), ("B", 10.0, 3, 30), ("C", 50.0, 30, 60)]),
            small(
                3,
                [
                    ("A", 10.0, math.nan, math.nan),
                    ("B", 40.0, math.nan, math.nan),
                    ("C", 20.0, math.nan, math.nan),
                ],
            ),
            small(
                4, [("A", 1, math.nan, math.nan), ("B", 2, math.nan, math.nan), ("C", 3, math.nan, math.nan)]
            ),
            small(
                5, [("A", 1, math.nan, math.nan), ("B", 2, math.nan, math.nan), ("C", 3, math.nan, math.nan)]
            ),
        ],
        ignore_index=True,
    )
    out = aggregate_small_areas(children, MEMBERS, value_type=TYPES, multiplier=MULTIPLIERS, weights=WEIGHTS)
    counts = by_area(out, 1)
    assert counts["value"].to_dict() == {"L": 35, "M1": 30, "M2": 5, "W1": 30, "W2": 5}
    # a proportion from the summed counts (4 / 40), never the mean of the LSOAs' percentages
    shares = by_area(out, 2)
    expected = stats.proportion(pd.DataFrame({"n": [4, 34], "d": [40, 100]}), "n", "d", multiplier=100)
    assert shares.loc["M1", "value"] == pytest.approx(10.0)
    assert shares.loc["M1", ["lower95_0cl", "upper95_0cl"]].tolist() == pytest.approx(
        expected.loc[0, ["lower95_0cl", "upper95_0cl"]].tolist()
    )
    assert shares.loc["L", "value"] == pytest.approx(34.0) and shares.loc["L", "count"] == 34
    assert shares.loc["L", "upper95_0cl"] == pytest.approx(expected.loc[1, "upper95_0cl"])
    # a score as the population-weighted mean: (100·10 + 300·40) / 400
    scores = by_area(out, 3)
    assert scores.loc["M1", "value"] == pytest.approx(32.5)
    assert scores.loc["L", "value"] == pytest.approx((1_000 + 12_000 + 12_000) / 1_000)
    # ranks and deciles are never averaged
    assert set(out["indicator_id"]) == {1, 2, 3}
    assert small_area_method("Rank") is None and small_area_method(" decile ") is None


def test_a_parent_with_a_missing_child_gets_no_value() -> None:
    children = small(1, [("A", 10, 10, math.nan), ("C", 5, 5, math.nan)])  # B missing
    out = aggregate_small_areas(children, MEMBERS, value_type=TYPES, multiplier=MULTIPLIERS, weights=WEIGHTS)
    assert set(out["area_code"]) == {"M2", "W2"}
    unweighted = small(
        3, [("A", 1.0, math.nan, math.nan), ("B", 2.0, math.nan, math.nan), ("C", 3.0, math.nan, math.nan)]
    )
    out = weighted_mean_to_parents(unweighted, MEMBERS, WEIGHTS.drop("B"))  # B without a population
    assert set(out["area_code"]) == {"M2", "W2"}


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(0, 100, allow_nan=False), min_size=3, max_size=3),
    st.lists(st.floats(1, 5_000, allow_nan=False), min_size=3, max_size=3),
)
def test_a_weighted_mean_lies_between_its_children(values: list[float], weights: list[float]) -> None:
    children = small(3, [(c, v, math.nan, math.nan) for c, v in zip("ABC", values, strict=True)])
    out = weighted_mean_to_parents(children, MEMBERS, pd.Series(weights, index=list("ABC")))
    mean = out.set_index("area_code").loc["L", "value"]
    assert min(values) - 1e-9 <= mean <= max(values) + 1e-9
    assert mean == pytest.approx(sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights))
