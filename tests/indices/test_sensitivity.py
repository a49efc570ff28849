"""Sobol' indices of the uncertain choices, by SALib."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from healthassets.indices.model import prepare
from healthassets.indices.sensitivity import sobol
from healthassets.indices.spec import parse_spec


def model(extra: str):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(5)
    data = pd.DataFrame(rng.gamma(1.0, size=(80, 4)), columns=list("abcd"))
    return prepare(data, parse_spec(extra + "".join(f'[[indicators]]\ncolumn = "{k}"\n' for k in "abcd")))


def test_the_choice_that_matters_has_the_larger_total_index() -> None:
    result = sobol(model('[uncertainty]\naggregate = ["geometric"]\n'), 0.02, seed=1)
    table = result.indices.set_index("factor")
    assert list(table.index) == ["weights", "aggregation"]
    assert table.loc["aggregation", "ST"] > table.loc["weights", "ST"]
    assert (table[["S1_conf", "ST_conf"]] > 0).all().all()
    assert result.fixed == ("imputation", "normalisation")
    assert result.runs == 1024 * (2 + 2)


def test_too_few_samples_or_nothing_uncertain_is_refused() -> None:
    with pytest.raises(ValueError, match="power of 2"):
        sobol(model(""), 0.1, base_samples=1000)
    with pytest.raises(ValueError, match="nothing is uncertain"):
        sobol(model(""), 0.0)


def test_weights_alone_are_one_factor_each_and_explain_the_variance() -> None:
    result = sobol(model(""), 0.3, seed=2)
    table = result.indices.set_index("factor")
    assert list(table.index) == ["weight a", "weight b", "weight c", "weight d"]
    assert table["ST"].sum() > 0.7 and (table["S1"] <= table["ST"] + table["S1_conf"]).all()
