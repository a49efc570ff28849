"""Polarity and benchmark-method vocabularies, in every spelling Fingertips uses.

Fingertips data downloads say "RAG - Low is good"; the FingertipsNext extract says "Low is good";
its API says "LowIsGood". All normalise to :class:`Polarity`. Benchmark methods likewise:
"Confidence intervals overlapping reference value (95.0)", "CIOverlappingReferenceValue95", … →
:class:`BenchmarkMethod`.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

from healthassets.errors import InputError


class Polarity(StrEnum):
    LOW_IS_GOOD = "Low is good"
    HIGH_IS_GOOD = "High is good"
    BOB = "BOB - Blue orange blue"
    NO_JUDGEMENT = "No judgement"

    @property
    def judges(self) -> bool:
        """True when a difference is good or bad (RAG), not just higher or lower."""
        return self in (Polarity.LOW_IS_GOOD, Polarity.HIGH_IS_GOOD)


class BenchmarkMethod(StrEnum):
    CI_95 = "Confidence intervals overlapping reference value (95.0)"
    CI_99_8 = "Confidence intervals overlapping reference value (99.8)"
    QUINTILES = "Quintiles"
    NONE = "No comparison"

    @property
    def confidence(self) -> float | None:
        return {BenchmarkMethod.CI_95: 0.95, BenchmarkMethod.CI_99_8: 0.998}.get(self)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


_POLARITY = {
    **{_key(s): Polarity.LOW_IS_GOOD for s in ("RAG - Low is good", "Low is good", "LowIsGood")},
    **{_key(s): Polarity.HIGH_IS_GOOD for s in ("RAG - High is good", "High is good", "HighIsGood")},
    **{_key(s): Polarity.BOB for s in ("BOB - Blue orange blue", "Blue orange blue", "BOB")},
    **{
        _key(s): Polarity.NO_JUDGEMENT
        for s in ("No judgement", "NoJudgement", "Not applicable", "RAG - No judgement", "")
    },
}

_METHOD = {
    **{
        _key(s): BenchmarkMethod.CI_95
        for s in (
            "Confidence intervals overlapping reference value (95.0)",
            "CIOverlappingReferenceValue95",
            "95",
            "0.95",
        )
    },
    **{
        _key(s): BenchmarkMethod.CI_99_8
        for s in (
            "Confidence intervals overlapping reference value (99.8)",
            "CIOverlappingReferenceValue99_8",
            "99.8",
            "0.998",
        )
    },
    **{_key(s): BenchmarkMethod.QUINTILES for s in ("Quintiles", "Quintile")},
    **{_key(s): BenchmarkMethod.NONE for s in ("No comparison", "NoComparison", "Not compared", "")},
}


def _lookup(
    text: object,
    table: dict[str, Any],
    missing: Any,
    what: str,
    expected: str,
    column: str | None,
    row: int | None,
) -> Any:
    """The vocabulary entry for ``text`` in any spelling; missing text → ``missing``."""
    if text is None or text is pd.NA or (isinstance(text, float) and np.isnan(text)):
        return missing
    if isinstance(text, type(missing)):
        return text
    found = table.get(_key(str(text)))
    if found is None:
        raise InputError(f"unknown {what} {text!r} (expected {expected})", row=row, column=column)
    return found


def parse_polarity(text: object, *, column: str | None = "polarity", row: int | None = None) -> Polarity:
    """A Polarity from any Fingertips spelling; missing → No judgement; unknown → InputError."""
    expected = (
        "'Low is good', 'High is good', 'BOB - Blue orange blue' or 'No judgement', with or "
        "without the 'RAG - ' prefix"
    )
    polarity: Polarity = _lookup(text, _POLARITY, Polarity.NO_JUDGEMENT, "polarity", expected, column, row)
    return polarity


def parse_method(
    text: object, *, column: str | None = "benchmark_method", row: int | None = None
) -> BenchmarkMethod:
    """A BenchmarkMethod from any Fingertips spelling; missing → No comparison."""
    expected = (
        "'Confidence intervals overlapping reference value (95.0)' or '(99.8)', 'Quintiles' "
        "or 'No comparison'"
    )
    method: BenchmarkMethod = _lookup(
        text, _METHOD, BenchmarkMethod.NONE, "benchmark method", expected, column, row
    )
    return method


def parse_polarities(values: pd.Series) -> pd.Series:
    """Vectorised :func:`parse_polarity` over a column: the normalised texts (Polarity values),
    each distinct input text parsed once."""
    text = values.astype(object).where(values.notna(), "")
    mapping = {}
    for distinct in pd.unique(text):
        row = int(np.flatnonzero((text == distinct).to_numpy())[0]) + 1
        mapping[distinct] = parse_polarity(distinct, column=str(values.name), row=row).value
    return text.map(mapping)
