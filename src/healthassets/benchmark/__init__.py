"""Benchmarking and recent trends: small pure engines over whole columns."""

from healthassets.benchmark.compare import (
    NOT_COMPARED,
    benchmark,
    benchmark_quintiles,
    benchmark_two_levels,
    compare_direction,
    judge,
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
    "BenchmarkMethod",
    "Polarity",
    "benchmark",
    "benchmark_quintiles",
    "benchmark_two_levels",
    "compare_direction",
    "judge",
    "parse_method",
    "parse_polarities",
    "parse_polarity",
]
