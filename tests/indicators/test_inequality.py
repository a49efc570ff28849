"""The slope index of inequality within authorities: a straight gradient gives its slope exactly, the
point estimate equals an independent population-weighted regression (uneven populations), the
limits are stats.sii's own (phe_sii) on the decile table, many authorities at once equal each alone,
and every case without an SII says why."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from healthassets import stats
from healthassets.indicators.inequality import Reason, inequality, method_for
from healthassets.indicators.local_deciles import Method

FAST = {"repetitions": 2000, "seed": 7}


def authority(
    code: str,
    scores: list[float],
    values: list[float],
    population: list[float] | float = 100.0,
    **columns: list[float],
) -> pd.DataFrame:
    n = len(scores)
    frame = pd.DataFrame(
        {
            "authority_code": code,
            "area_code": [f"{code}-{i}" for i in range(n)],
            "imd_score": scores,
            "population": population if isinstance(population, list) else [population] * n,
            "value": values,
            "count": columns.get("count", [math.nan] * n),
            "denominator": columns.get("denominator", [math.nan] * n),
        }
    )
    return frame.astype(dict.fromkeys(("imd_score", "population", "value", "count", "denominator"), float))


def by_decile_scores(n_per: int = 2) -> list[float]:
    """Scores that put LSOA i in decile ⌊i / n_per⌋ + 1 (highest scores first)."""
    return [float(100 - i) for i in range(10 * n_per)]


def weighted_fit(population: np.ndarray, values: np.ndarray) -> tuple[float, float]:
    """Intercept and slope of values on the midpoint ranks, weighted by population (lstsq)."""
    share = population / population.sum()
    rank = np.cumsum(share) - share / 2
    root = np.sqrt(share)
    design = np.column_stack([np.ones_like(rank), rank]) * root[:, None]
    (alpha, beta), *_ = np.linalg.lstsq(design, values * root, rcond=None)
    return float(alpha), float(beta)


def test_a_straight_gradient_gives_its_slope_and_exact_limits() -> None:
    # both LSOAs of decile d have the value 10 − d (no spread: SE 0), equal populations: ranks
    # (d − ½)/10, so value = 9.5 − 10·rank: SII −10, intercept 9.5, the fitted line through every bar
    scores = by_decile_scores()
    values = [10.0 - (i // 2 + 1) for i in range(20)]
    result = inequality(authority("A", scores, values), Method.MEAN, 1, **FAST)
    row = result.summary.iloc[0]
    assert row["reason"] is None
    assert row["sii"] == pytest.approx(-10.0) and row["intercept"] == pytest.approx(9.5)
    assert (row["sii_lower95_0cl"], row["sii_upper95_0cl"]) == (pytest.approx(-10.0), pytest.approx(-10.0))
    deciles = result.deciles
    assert deciles["decile"].tolist() == list(range(1, 11))
    assert deciles["rank"].to_numpy() == pytest.approx((np.arange(1, 11) - 0.5) / 10)
    assert deciles["fitted"].to_numpy() == pytest.approx(deciles["value"].to_numpy())


def test_uneven_populations_match_a_weighted_regression_and_phe_sii() -> None:
    rng = np.random.default_rng(3)
    scores = by_decile_scores(3)
    population = rng.integers(500, 3000, size=30).astype(float).tolist()
    values = (rng.normal(0, 1, size=30) + np.repeat(np.arange(10, 0, -1), 3)).tolist()
    result = inequality(authority("A", scores, values, population), Method.MEAN, 1, **FAST)
    table = result.deciles
    alpha, beta = weighted_fit(table["weight"].to_numpy(), table["value"].to_numpy())
    row = result.summary.iloc[0]
    assert row["sii"] == pytest.approx(beta, rel=1e-9) and row["intercept"] == pytest.approx(alpha, rel=1e-9)
    reference = stats.sii(
        table, "decile", "weight", value="value", se="se", intercept=True, type="standard", **FAST
    )
    assert (row["sii_lower95_0cl"], row["sii_upper95_0cl"]) == (
        pytest.approx(reference["sii_lower95_0cl"].iloc[0]),
        pytest.approx(reference["sii_upper95_0cl"].iloc[0]),
    )
    assert row["sii_lower95_0cl"] < row["sii"] < row["sii_upper95_0cl"]


def test_proportions_use_phe_sii_on_the_logit_scale_from_wilson_limits() -> None:
    scores = by_decile_scores()
    count = [float(40 - 2 * i) for i in range(20)]  # fewer deprived households in less deprived deciles
    frame = authority("A", scores, [math.nan] * 20, 300.0, count=count, denominator=[100.0] * 20)
    result = inequality(frame, Method.PROPORTION, 100, **FAST)
    table = result.deciles
    assert table["value"].iloc[0] == pytest.approx((40 + 38) / 2)  # percent
    assert table["weight"].tolist() == [200.0] * 10  # households, not residents
    scaled = table.assign(**{c: table[c] / 100 for c in ("value", "lower95_0cl", "upper95_0cl")})
    reference = stats.sii(
        scaled, "decile", "weight", value="value", value_type=2, lower_cl="lower95_0cl",
        upper_cl="upper95_0cl", multiplier=100, intercept=True, type="standard", **FAST,
    )  # fmt: skip
    row = result.summary.iloc[0]
    for column in ("sii", "sii_lower95_0cl", "sii_upper95_0cl", "intercept"):
        assert row[column] == pytest.approx(reference[column].iloc[0])
    _alpha, beta = weighted_fit(table["weight"].to_numpy(), table["value"].to_numpy())
    assert row["sii"] == pytest.approx(beta) and row["sii"] < 0


def test_many_authorities_at_once_equal_each_alone() -> None:
    rng = np.random.default_rng(5)
    frames = [
        authority(
            code,
            rng.permutation(40).astype(float).tolist(),
            rng.normal(50, 10, 40).tolist(),
            rng.integers(800, 2000, 40).astype(float).tolist(),
        )
        for code in ("A", "B", "C")
    ]
    together = inequality(pd.concat(frames, ignore_index=True), Method.MEAN, 1, **FAST)
    for frame in frames:
        alone = inequality(frame, Method.MEAN, 1, **FAST)
        code = frame["authority_code"].iloc[0]
        mine = together.deciles[together.deciles["authority_code"] == code].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine.drop(columns="fitted"), alone.deciles.drop(columns="fitted"))
        row = together.summary.set_index("authority_code").loc[code]
        assert row["sii"] == pytest.approx(alone.summary["sii"].iloc[0])


def test_every_case_without_an_sii_says_why() -> None:
    good = authority("G", by_decile_scores(), [float(i) for i in range(20)])
    few = authority("F", [1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    none = authority("N", [math.nan] * 12, [1.0] * 12)
    tied = authority("T", [10, 9, 8, 8, 6, 5, 4, 3, 2, 1], [1.0] * 10)
    missing = authority("M", by_decile_scores(), [1.0] * 19 + [math.nan])
    single = authority("S", by_decile_scores(1), [float(i) for i in range(10)])
    frame = pd.concat([good, few, none, tied, missing, single], ignore_index=True)
    summary = inequality(frame, Method.MEAN, 1, **FAST).summary.set_index("authority_code")
    assert summary.loc["G", "reason"] is None and not math.isnan(summary.loc["G", "sii"])
    assert summary.loc["F", "reason"] == Reason.TOO_FEW_LSOAS
    assert summary.loc["N", "reason"] == Reason.NO_SCORES
    assert summary.loc["T", "reason"] == Reason.EMPTY_DECILE
    assert summary.loc["M", "reason"] == Reason.MISSING_VALUES and summary.loc["M", "missing"] == 1
    assert summary.loc["S", "reason"] == Reason.SINGLE_LSOA
    assert summary.loc[["F", "N", "T", "M", "S"], "sii"].isna().all()


def test_a_zero_rate_keeps_its_deciles_but_has_no_sii() -> None:
    count = [0.0, 0.0] + [float(i) for i in range(18)]  # no asset in the most deprived decile
    frame = authority("Z", by_decile_scores(), [math.nan] * 20, 1000.0, count=count)
    result = inequality(frame, Method.RATE, 1000, **FAST)
    assert result.summary["reason"].iloc[0] == Reason.ZERO_VALUE
    assert len(result.deciles) == 10 and result.deciles["value"].iloc[0] == 0
    assert result.deciles["fitted"].isna().all()
    # a score of 0 (or below) is an ordinary mean, not a reason
    scores = inequality(
        authority("Z", by_decile_scores(), [float(i) - 10 for i in range(20)]), Method.MEAN, 1, **FAST
    )
    assert scores.summary["reason"].iloc[0] is None


def test_how_each_kind_of_indicator_is_aggregated() -> None:
    assert method_for(9_000_101, "Proportion", 100) == (Method.PROPORTION, 100)
    assert method_for(9_100_000, "Count", 1) == (Method.RATE, 1000)  # asset count → per 1,000 residents
    assert method_for(9_100_001, "Crude rate", 1000) == (Method.RATE, 1000)
    assert method_for(9_110_001, "Count", 1) == (Method.MEAN, 1)  # assets within 1 km of each LSOA: a mean
    assert method_for(9_000_002, "Score", 1) == (Method.MEAN, 1)
    assert method_for(9_220_000, "Distance", 1) == (Method.MEAN, 1)
    assert method_for(9_000_010, "Rank", 1) is None and method_for(9_000_011, "Decile", 1) is None
