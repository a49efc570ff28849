"""Funnel plot limits and significance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthassets import stats
from healthassets.errors import InputError


def test_proportion_limits_are_wilson_around_the_target() -> None:
    limits = stats.funnel_limits([100, 1000], 5.0, "proportion", multiplier=100)
    lower, upper = stats.wilson_limits([5, 50], [100, 1000], 0.95)
    assert limits["lower95_0cl"].tolist() == pytest.approx((lower * 100).tolist())
    assert limits["upper95_0cl"].tolist() == pytest.approx((upper * 100).tolist())


def test_rate_limits_are_poisson_of_the_expected_count() -> None:
    limits = stats.funnel_limits([1000, 100_000], 50.0, "rate", multiplier=100_000)
    # expected counts 0.5 (exact) and 50 (Byar's)
    lo, up, method = stats.poisson_limits([0.5, 50], 0.998)
    assert method.tolist() == ["Exact", "Byars"]
    assert limits["upper99_8cl"].tolist() == pytest.approx(
        (up / np.array([1000, 100_000]) * 100_000).tolist()
    )
    assert limits["lower99_8cl"].tolist() == pytest.approx(
        (lo / np.array([1000, 100_000]) * 100_000).tolist()
    )


def test_funnel_narrows_as_areas_grow() -> None:
    limits = stats.funnel_limits(stats.funnel_points(10, 1e6, 50), 20.0, "proportion", multiplier=100)
    width = (limits["upper95_0cl"] - limits["lower95_0cl"]).to_numpy()
    assert (np.diff(width) < 0).all()
    assert (
        (limits["lower99_8cl"] <= limits["lower95_0cl"]) & (limits["upper95_0cl"] <= limits["upper99_8cl"])
    ).all()


def test_significance_labels() -> None:
    data = pd.DataFrame({"x": [5, 50, 500, 30, 0, 50_000], "n": [100, 1000, 10000, 100, 10000, 1_000_000]})
    result = stats.funnel_significance(data, "proportion", numerator="x", denominator="n", multiplier=100)
    target = data["x"].sum() / data["n"].sum() * 100
    assert result["target"].tolist() == pytest.approx([target] * 6)
    assert result["significance"].tolist()[:5] == [
        "Within limits",
        "Within limits",
        "Within limits",
        "Above 99.8% limit",
        "Below 99.8% limit",
    ]


def test_targets_per_group() -> None:
    data = pd.DataFrame({"g": ["a", "a", "b", "b"], "x": [1, 3, 10, 30], "n": [10, 10, 10, 10]})
    result = stats.funnel_significance(
        data, "rate", numerator="x", denominator="n", multiplier=1, group_by="g"
    )
    assert result["target"].tolist() == pytest.approx([0.2, 0.2, 2.0, 2.0])


def test_ratio_and_dsr() -> None:
    data = pd.DataFrame({"o": [40, 90, 10], "e": [40, 50, 10], "dsr": [500.0, 900.0, 100.0]})
    ratio = stats.funnel_significance(data, "ratio", numerator="o", expected="e", reference_value=100)
    assert ratio["target"].tolist() == [100, 100, 100]
    assert ratio["significance"].tolist()[1] == "Above 99.8% limit"
    dsr = stats.funnel_significance(data, "dsr", numerator="o", value="dsr", multiplier=100_000)
    assert dsr["size"].tolist() == pytest.approx([8000, 10000, 10000])


def test_missing_input_is_not_compared() -> None:
    data = pd.DataFrame({"x": [5, np.nan], "n": [100, 100]})
    result = stats.funnel_significance(data, "proportion", numerator="x", denominator="n")
    assert result["significance"].tolist()[1] == "Not compared"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"kind": "median"}, "unknown funnel type"),
        ({"denominator": None}, "needs the denominator"),
        ({"denominator": "nope"}, "no such column"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"kind": "proportion", "numerator": "x", "denominator": "n"}
    args.update(kwargs)
    kind = args.pop("kind")
    with pytest.raises(InputError, match=message):
        stats.funnel_significance(pd.DataFrame({"x": [1], "n": [10]}), kind, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "x, n, message",
    [
        (-1, 10, "greater than or equal"),
        (1, 0, "greater than zero"),
        (11, 10, "less than or equal"),
        ("a", 10, "not a number"),
    ],
)
def test_bad_values(x: object, n: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        stats.funnel_significance(
            pd.DataFrame({"x": [x], "n": [n]}), "proportion", numerator="x", denominator="n"
        )


def test_bad_axis() -> None:
    with pytest.raises(InputError):
        stats.funnel_points(10, 5)


@given(st.integers(1, 10_000), st.floats(0.01, 0.99))
def test_target_always_inside_its_limits(n: int, p: float) -> None:
    limits = stats.funnel_limits([n], p * 100, "proportion", multiplier=100).iloc[0]
    assert limits["lower99_8cl"] <= p * 100 <= limits["upper99_8cl"]
