"""Table helpers: ``row_positions`` finds each left row's match as a left merge would."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthassets.tables import row_positions

KEYS = ["a", "b", "c"]
cells = st.sampled_from(["x", "y", "z", None])


@given(
    st.lists(st.tuples(cells, cells, st.integers(0, 3)), max_size=30),
    st.lists(st.tuples(cells, cells, st.integers(0, 3)), max_size=30),
)
def test_each_left_row_finds_the_right_row_a_merge_joins(
    right_rows: list[tuple], left_rows: list[tuple]
) -> None:
    right = pd.DataFrame(right_rows, columns=KEYS).drop_duplicates().reset_index(drop=True)
    left = pd.DataFrame(left_rows, columns=KEYS)
    at = row_positions(left, right, KEYS)
    merged = left.merge(right.assign(_position=np.arange(len(right))), on=KEYS, how="left")
    expected = merged["_position"].fillna(-1).to_numpy(dtype=np.int64)
    assert at.tolist() == expected.tolist()


def test_many_distinct_keys_do_not_overflow_the_combined_code() -> None:
    n = 5000
    right = pd.DataFrame({f"k{i}": [f"{i}-{j}" for j in range(n)] for i in range(8)})
    left = right.iloc[::-7].reset_index(drop=True)
    assert row_positions(left, right, list(right.columns)).tolist() == list(range(n - 1, -1, -7))


def test_duplicate_right_keys_are_refused() -> None:
    right = pd.DataFrame({"a": ["x", "x"]})
    with pytest.raises(ValueError, match="not unique"):
        row_positions(right, right, ["a"])
