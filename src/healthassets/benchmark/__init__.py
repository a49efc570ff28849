"""Benchmarking and recent trends: small pure engines over whole columns."""

from healthassets.benchmark.compare import (
    NO_COMPARATOR,
    NOT_COMPARED,
    benchmark,
    benchmark_quintiles,
    benchmark_two_levels,
    compare_direction,
    judge,
    mark_missing_comparator,
)
from healthassets.benchmark.polarity import (
    BenchmarkMethod,
    Polarity,
    parse_method,
    parse_polarities,
    parse_polarity,
)

__all__ = [
    "NOT_COMPARED",
    "NO_COMPARATOR",
    "BenchmarkMethod",
    "Polarity",
    "benchmark",
    "benchmark_quintiles",
    "benchmark_two_levels",
    "compare_direction",
    "judge",
    "mark_missing_comparator",
    "parse_method",
    "parse_polarities",
    "parse_polarity",
]
