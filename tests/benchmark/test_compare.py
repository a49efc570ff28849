"""Benchmarking against a comparator, polarity and method spellings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthassets.benchmark import (
    BenchmarkMethod,
    Polarity,
    benchmark,
    benchmark_quintiles,
    benchmark_two_levels,
    parse_method,
    parse_polarity,
)
from healthassets.errors import InputError


@pytest.mark.parametrize(
    "text, expected",
    [
        ("RAG - Low is good", Polarity.LOW_IS_GOOD),
        ("Low is good", Polarity.LOW_IS_GOOD),
        ("LowIsGood", Polarity.LOW_IS_GOOD),
        ("RAG - High is good", Polarity.HIGH_IS_GOOD),
        ("high is good ", Polarity.HIGH_IS_GOOD),
        ("BOB - Blue orange blue", Polarity.BOB),
        ("No judgement", Polarity.NO_JUDGEMENT),
        ("", Polarity.NO_JUDGEMENT),
        (None, Polarity.NO_JUDGEMENT),
        ("Not applicable", Polarity.NO_JUDGEMENT),
    ],
)
def test_polarity_spellings(text: str | None, expected: Polarity) -> None:
    assert parse_polarity(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Confidence intervals overlapping reference value (95.0)", BenchmarkMethod.CI_95),
        ("CIOverlappingReferenceValue95", BenchmarkMethod.CI_95),
        ("Confidence intervals overlapping reference value (99.8)", BenchmarkMethod.CI_99_8),
        ("CIOverlappingReferenceValue99_8", BenchmarkMethod.CI_99_8),
        ("Quintiles", BenchmarkMethod.QUINTILES),
        ("No comparison", BenchmarkMethod.NONE),
        (None, BenchmarkMethod.NONE),
    ],
)
def test_method_spellings(text: str | None, expected: BenchmarkMethod) -> None:
    assert parse_method(text) is expected


@pytest.mark.parametrize("text", ["Lower is good", "good", "RAG", "High", "sideways", "1"])
def test_unknown_polarity(text: str) -> None:
    with pytest.raises(InputError, match="unknown polarity"):
        parse_polarity(text)


@pytest.mark.parametrize("text", ["CI 90", "Deciles", "(95.0", "overlapping"])
def test_unknown_method(text: str) -> None:
    with pytest.raises(InputError, match="unknown benchmark method"):
        parse_method(text)


@pytest.mark.parametrize(
    "lower, upper, polarity, expected",
    [
        (11, 13, "RAG - Low is good", "Worse"),
        (11, 13, "RAG - High is good", "Better"),
        (7, 9, "Low is good", "Better"),
        (7, 9, "High is good", "Worse"),
        (9, 11, "Low is good", "Similar"),
        (10, 12, "Low is good", "Similar"),  # touching counts as similar
        (11, 13, "BOB - Blue orange blue", "Higher"),
        (7, 9, "BOB - Blue orange blue", "Lower"),
        (11, 13, "No judgement", "Not compared"),
        (np.nan, 13, "Low is good", "Not compared"),
    ],
)
def test_benchmark(lower: float, upper: float, polarity: str, expected: str) -> None:
    assert benchmark([12], [lower], [upper], [10], [polarity]).tolist() == [expected]


def test_missing_comparator_is_not_compared() -> None:
    assert benchmark([12], [11], [13], [np.nan], ["Low is good"]).tolist() == ["Not compared"]


def test_two_levels() -> None:
    result = benchmark_two_levels(
        [12, 12, 12],
        [11, 11, 9],
        [13, 13, 15],
        [10.5, 9, 9],
        [16, 16, 16],
        [10, 10, 10],
        ["High is good"] * 3,
    )
    assert result.tolist() == ["Better (99.8%)", "Better (95%)", "Similar"]


def test_quintiles_labels() -> None:
    data = pd.DataFrame({"v": range(10), "p": ["High is good"] * 5 + ["High is good"] * 5})
    labels = benchmark_quintiles(data, "v", "p").tolist()
    assert labels[0] == "Worst" and labels[-1] == "Best"
    neutral = benchmark_quintiles(data.assign(p="No judgement"), "v", "p").tolist()
    assert neutral[0] == "Lowest" and neutral[-1] == "Highest"


@given(st.floats(-1e6, 1e6), st.floats(0, 1e3), st.floats(0, 1e3), st.floats(-1e6, 1e6))
def test_flipping_polarity_flips_the_judgement(
    value: float, below: float, above: float, comparator: float
) -> None:
    args = ([value], [value - below], [value + above], [comparator])
    high = benchmark(*args, ["High is good"])[0]
    low = benchmark(*args, ["Low is good"])[0]
    assert {high, low} in ({"Better", "Worse"}, {"Similar"})


def test_a_missing_comparator_is_said_not_benchmarked() -> None:
    from healthassets.benchmark import NO_COMPARATOR, NOT_COMPARED, mark_missing_comparator

    value, lower, upper = [5.0, 5.0, 5.0, np.nan, 5.0], [4.0, 4.0, np.nan, 4.0, 4.0], [6.0] * 5
    comparator = [np.nan, 3.0, np.nan, np.nan, np.nan]
    polarity = ["High is good", "High is good", "High is good", "High is good", "No judgement"]
    labels = benchmark(value, lower, upper, comparator, polarity)
    out = mark_missing_comparator(labels, value, lower, upper, comparator, polarity)
    # only where the area could be compared (value, both limits, a polarity) but the comparator has none
    assert out.tolist() == [NO_COMPARATOR, "Better", NOT_COMPARED, NOT_COMPARED, NOT_COMPARED]
