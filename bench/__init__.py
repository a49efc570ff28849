"""Benchmarks and analyses run by ``make bench`` (``python -m bench``)."""
