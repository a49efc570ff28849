"""IoD local-authority summaries (the worked example is in tests/cli/test_index.py)."""

from __future__ import annotations

import numpy as np
import pytest

from healthassets.indices.summaries import extent_weights, local_authority_summaries


def test_extent_weights_slide_from_the_11th_to_the_30th_percentile() -> None:
    ranks = np.array([100, 101, 110, 300, 301])  # of 1,000: percentiles 10, 11, 11, 30, 31
    np.testing.assert_allclose(extent_weights(ranks, 1000), [1, 0.95, 0.95, 0.05, 0])
    assert extent_weights(np.array([200]), 1000)[0] == pytest.approx(0.95 - 0.9 / 19 * 9)


def test_local_concentration_takes_exactly_a_tenth_of_the_people() -> None:
    table = local_authority_summaries(
        np.array(["L", "L", "L"]),
        np.array([5.0, 10.0, 85.0]),
        np.array([3.0, 1.0, 50.0]),
        np.array([1.0, 2.0, 3.0]),
        100,
    )
    # 10 people: all 10 of rank 1 (reversed 100); nothing of the others
    assert table.loc[0, "local_concentration"] == 100
    two = local_authority_summaries(
        np.array(["L", "L", "L"]),
        np.array([5.0, 10.0, 185.0]),
        np.array([3.0, 1.0, 50.0]),
        np.array([1.0, 2.0, 3.0]),
        100,
    )
    # 20 people: 10 of rank 1 (100), 5 of rank 3 (98), 5 of rank 50 (51)
    assert two.loc[0, "local_concentration"] == pytest.approx((10 * 100 + 5 * 98 + 5 * 51) / 20)
