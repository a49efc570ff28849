"""The prepared pipeline: hierarchical aggregation with thresholds, statistical weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from healthassets.indices.model import prepare
from healthassets.indices.spec import parse_spec

HIERARCHY = """
normalise = "none"
min_coverage = 0.5
[[indicators]]
column = "a"
domain = "d1"
[[indicators]]
column = "b"
domain = "d1"
[[indicators]]
column = "c"
domain = "d2"
weight = 1
[[domains]]
name = "d1"
weight = 3
[[domains]]
name = "d2"
weight = 1
[index]
aggregate = "mean"
min_coverage = 1.0
"""


def test_indicators_to_domains_to_index_with_availability_thresholds() -> None:
    text = HIERARCHY.replace('domain = "d1"\n', 'domain = "d1"\nweight = 1\n')
    data = pd.DataFrame({"a": [1.0, np.nan, np.nan], "b": [3.0, 5.0, np.nan], "c": [10.0, 20.0, 30.0]})
    model = prepare(data, parse_spec(text))
    index, domains = model.scores(model.nominal_plan())
    np.testing.assert_allclose(domains[0, 0], [2, 5, np.nan])  # b alone is half of d1: enough
    np.testing.assert_allclose(domains[0, 1], [10, 20, 30])
    np.testing.assert_allclose(index[0], [(3 * 2 + 10) / 4, (3 * 5 + 20) / 4, np.nan])


def test_factor_weights_are_found_within_each_domain() -> None:
    rng = np.random.default_rng(8)
    common = rng.normal(size=400)
    data = pd.DataFrame(
        {k: common * load + rng.normal(size=400) for k, load in zip("abcd", [2, 1.5, 1, 0.5], strict=True)}
    )
    text = 'weights = "factor"\nnormalise = "zscore"\n' + "".join(
        f'[[indicators]]\ncolumn = "{k}"\n' for k in "abcd"
    )
    model = prepare(data, parse_spec(text))
    assert model.weights.sum() == pytest.approx(1.0)
    assert list(np.argsort(-model.weights)) == [0, 1, 2, 3]
