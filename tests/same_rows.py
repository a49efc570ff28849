"""One comparison for results computed two ways (pandas and Dask, in memory and streamed): the
same rows sorted by the group keys, numbers within 1e-12 relative."""

from __future__ import annotations

import numpy as np
import pandas as pd

RELATIVE = 1e-12


def assert_same_rows(expected: pd.DataFrame, actual: pd.DataFrame, keys: list[str]) -> None:
    """``actual`` has ``expected``'s rows sorted by ``keys`` (missing last): keys and text equal,
    numbers within :data:`RELATIVE` (missing where missing)."""
    if keys:
        expected = expected.sort_values(keys, na_position="last", kind="stable")
    expected = expected.reset_index(drop=True)
    assert list(actual.columns) == list(expected.columns)
    assert len(actual) == len(expected)
    for column in expected.columns:
        want, got = expected[column], actual[column]
        if pd.api.types.is_numeric_dtype(want.dtype) and not pd.api.types.is_bool_dtype(want.dtype):
            np.testing.assert_allclose(
                got.to_numpy(dtype=float), want.to_numpy(dtype=float), rtol=RELATIVE, atol=0, err_msg=column
            )
        else:
            assert _cells(got) == _cells(want), column


def _cells(column: pd.Series) -> list[object]:
    return column.astype(object).where(column.notna(), None).tolist()
