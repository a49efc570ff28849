"""Fingertips-grade public-health statistics, vectorised over whole columns.

Each function takes a DataFrame and column names and returns a DataFrame whose confidence-limit
columns use PHEindicatormethods' names (``lower95_0cl``, ``upper95_0cl``, ``lower99_8cl``, …).
"""

from healthassets.stats._frame import ci_columns, ci_label, confidence_levels

__all__ = ["ci_columns", "ci_label", "confidence_levels"]
