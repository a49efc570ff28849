"""Local deprivation deciles (phe_quantile's rule within each authority) and the value of each decile
by kind: summed counts with Wilson or Poisson limits, population-weighted means with the ratio
estimator's standard error; incomplete deciles have no value. Every expectation is worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthassets import stats
from healthassets.indicators.local_deciles import Method, decile_values, local_deciles


def lsoas(scores: list[float], authority: str = "A") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "authority_code": authority,
            "area_code": [f"{authority}{i:03d}" for i in range(len(scores))],
            "imd_score": scores,
        }
    )


def test_twenty_lsoas_two_to_a_decile_most_deprived_first() -> None:
    frame = lsoas([float(s) for s in range(20)])  # score 19 is the most deprived
    deciles = local_deciles(frame)
    assert deciles.tolist() == [10, 10, 9, 9, 8, 8, 7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1]


def test_fifteen_lsoas_by_phe_quantiles_rule() -> None:
    # rank r (1 = highest score): decile = ⌊11 − ⌈(16 − r) / 1.5⌉⌋, worked out by hand for r = 1…15
    frame = lsoas([float(15 - r) for r in range(15)])  # row r-1 has rank r
    assert local_deciles(frame).tolist() == [1, 1, 2, 3, 3, 4, 5, 5, 6, 7, 7, 8, 9, 9, 10]


def test_tied_scores_share_the_lower_rank_and_can_empty_a_decile() -> None:
    frame = lsoas([10, 9, 8, 8, 6, 5, 4, 3, 2, 1])  # ranks 1, 2, 3, 3, 5, …: decile 4 holds no LSOA
    assert local_deciles(frame).tolist() == [1, 2, 3, 3, 5, 6, 7, 8, 9, 10]


def test_each_authority_is_ranked_on_its_own_and_small_ones_get_none() -> None:
    big = lsoas([float(s) for s in range(10)], "A")
    shared = big.assign(authority_code="C")  # the same LSOAs in their county, among more
    county = pd.concat([shared, lsoas([100.0 + s for s in range(10)], "C")], ignore_index=True)
    small = lsoas([1.0, 2.0, 3.0], "S")
    frame = pd.concat([big, county, small], ignore_index=True)
    deciles = local_deciles(frame)
    assert deciles[frame["authority_code"] == "A"].tolist() == [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    # within the county the district's LSOAs are its less deprived half: deciles 6 to 10
    assert deciles[(frame["authority_code"] == "C")].iloc[:10].tolist() == [10, 10, 9, 9, 8, 8, 7, 7, 6, 6]
    assert deciles[frame["authority_code"] == "S"].isna().all()


def test_an_lsoa_without_a_score_gets_no_decile() -> None:
    frame = lsoas([float(s) for s in range(10)] + [math.nan])
    deciles = local_deciles(frame)
    assert math.isnan(deciles.iloc[-1]) and deciles.iloc[:10].notna().all()


def rows(decile: list[int], **columns: list[float | None]) -> pd.DataFrame:
    n = len(decile)
    base: dict[str, object] = {"authority_code": "A", "decile": decile}
    for name in ("value", "count", "denominator", "population"):
        base[name] = columns.get(name, [math.nan] * n)
    return pd.DataFrame(base).astype(dict.fromkeys(("value", "count", "denominator", "population"), float))


def test_proportions_from_summed_counts_with_wilson_limits() -> None:
    frame = rows([1, 1, 2], count=[3, 7, 1], denominator=[10, 10, 4], population=[25, 30, 9])
    out = decile_values(frame, Method.PROPORTION, 100).set_index("decile")
    one = out.loc[1]
    assert (one["lsoas"], one["count"], one["denominator"], one["population"]) == (2, 10, 20, 55)
    assert one["weight"] == 20  # the SII weights a proportion's decile by its denominator
    expected = stats.proportion(pd.DataFrame({"x": [10.0], "n": [20.0]}), "x", "n", multiplier=100).iloc[0]
    assert one["value"] == pytest.approx(50.0)
    assert (one["lower95_0cl"], one["upper95_0cl"]) == (
        pytest.approx(expected["lower95_0cl"]),
        pytest.approx(expected["upper95_0cl"]),
    )
    assert out.loc[2, "value"] == pytest.approx(25.0)


def test_asset_counts_become_rates_per_resident_summed() -> None:
    frame = rows([1, 1], count=[2, 3], population=[1000, 1500])  # no denominator: residents
    out = decile_values(frame, Method.RATE, 1000).iloc[0]
    assert (out["count"], out["denominator"], out["weight"]) == (5, 2500, 2500)
    assert out["value"] == pytest.approx(2.0)
    low, high, method = stats.poisson_limits(np.array([5.0]), 0.95)
    assert method[0] == "Exact"  # fewer than 10 events
    assert (out["lower95_0cl"], out["upper95_0cl"]) == (
        pytest.approx(low[0] / 2.5),
        pytest.approx(high[0] / 2.5),
    )


def test_weighted_mean_and_its_standard_error_by_hand() -> None:
    # equal weights, 0 and 2: mean 1, s = √2, SE = s/√2 = 1
    # weights 1 and 2, values 1 and 4: mean 9/3 = 3; p(x − x̄) = −2, 2; SE = √(2·8)/3 = 4/3
    frame = rows([1, 1, 2, 2], value=[0, 2, 1, 4], population=[1, 1, 1, 2])
    out = decile_values(frame, Method.MEAN, 1).set_index("decile")
    assert (out.loc[1, "value"], out.loc[1, "se"]) == (pytest.approx(1.0), pytest.approx(1.0))
    assert (out.loc[2, "value"], out.loc[2, "se"]) == (pytest.approx(3.0), pytest.approx(4 / 3))
    z = stats.z_value(0.95)
    assert out.loc[2, "lower95_0cl"] == pytest.approx(3 - z * 4 / 3)
    assert out.loc[2, "weight"] == 3 and math.isnan(out.loc[2, "count"])


@given(st.lists(st.floats(-50, 50, allow_nan=False), min_size=2, max_size=30))
def test_equal_weights_give_the_plain_standard_error_of_the_mean(values: list[float]) -> None:
    frame = rows([1] * len(values), value=values, population=[7.0] * len(values))
    out = decile_values(frame, Method.MEAN, 1).iloc[0]
    x = np.array(values)
    assert out["value"] == pytest.approx(x.mean(), abs=1e-9)
    assert out["se"] == pytest.approx(x.std(ddof=1) / math.sqrt(len(x)), abs=1e-9)


def test_a_decile_with_a_missing_value_has_no_value_or_sums() -> None:
    frame = rows([1, 1, 2, 2], count=[3, None, 1, 1], denominator=[10, 10, 4, 4], population=[1, 1, 1, 1])
    out = decile_values(frame, Method.PROPORTION, 100).set_index("decile")
    assert (out.loc[1, "lsoas"], out.loc[1, "missing"]) == (2, 1)
    assert out.loc[1, ["value", "count", "denominator", "weight"]].isna().all()
    assert out.loc[2, "value"] == pytest.approx(25.0) and out.loc[2, "missing"] == 0


def test_a_single_lsoa_mean_has_no_standard_error() -> None:
    out = decile_values(rows([1], value=[5.0], population=[100.0]), Method.MEAN, 1).iloc[0]
    assert out["value"] == 5.0 and math.isnan(out["se"]) and math.isnan(out["lower95_0cl"])
