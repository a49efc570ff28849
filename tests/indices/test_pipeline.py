"""build(): the nominal index with its intermediate tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from healthassets.indices import build, parse_spec


def test_intermediate_tables_and_counts() -> None:
    data = pd.DataFrame(
        {"code": ["p", "q", "r", "s"], "a": [1.0, np.nan, 3.0, 4.0], "b": [4.0, 3.0, 2.0, 1.0]}
    )
    text = 'id = "code"\nimpute = "mean"\n[[indicators]]\ncolumn = "a"\n'
    spec = parse_spec(text + '[[indicators]]\ncolumn = "b"\ndirection = -1\n')
    result = build(data, spec)
    assert result.imputed.loc["q", "a"] == (1 + 3 + 4) / 3
    assert result.imputed_counts.to_dict() == {"a": 1, "b": 0}
    assert result.normalised.loc["s", "b"] == 100.0
    table = result.table()
    assert table["id"].tolist() == ["p", "q", "r", "s"]
    assert table["rank"].tolist() == [4, 3, 2, 1]
    assert table["decile"].tolist() == [10, 8, 5, 3]
    assert result.treatment["treatment"].tolist() == ["none", "none"]
