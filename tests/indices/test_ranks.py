"""The one tie rule: sport ranks from the highest, IMD-style groups."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from healthassets.indices.ranks import deciles, groups, rank_ascending, rank_descending


def test_ties_share_the_smallest_rank_and_missing_is_unranked() -> None:
    ranks = rank_descending(np.array([5.0, 7.0, 5.0, np.nan, 1.0, 7.0]))
    np.testing.assert_array_equal(ranks, [3, 1, 3, np.nan, 5, 1])
    np.testing.assert_array_equal(rank_ascending(np.array([2.0, 1.0, 2.0])), [2, 1, 2])


@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 4), st.integers(1, 60)),
        elements=st.sampled_from([0.0, -0.0, 1.5, 2.0, -3.0, np.nan, 1e300, -np.inf]),
    )
)
def test_rows_rank_as_pandas_does(values: np.ndarray) -> None:
    expected = pd.DataFrame(values.T).rank(ascending=False, method="min").to_numpy().T
    np.testing.assert_array_equal(rank_descending(values), expected)


def test_values_closer_than_the_keys_resolve_are_still_ordered_exactly() -> None:
    rng = np.random.default_rng(0)
    values = 1.0 + rng.permutation(500) * np.finfo(float).eps  # differ in the last bits only
    values = np.vstack([values, rng.random(500)])
    expected = pd.DataFrame(values.T).rank(ascending=False, method="min").to_numpy().T
    np.testing.assert_array_equal(rank_descending(values), expected)


def test_groups_are_ceil_of_count_times_rank_over_n() -> None:
    np.testing.assert_array_equal(
        deciles(np.array([1, 3375, 3376, 33755, np.nan]), 33755), [1, 1, 2, 10, np.nan]
    )
    np.testing.assert_array_equal(groups(np.array([1, 2, 3, 4, 5]), 5, 2), [1, 1, 2, 2, 2])
    np.testing.assert_array_equal(groups(np.array([1, 1, 3]), 3, 3), [1, 1, 3])
