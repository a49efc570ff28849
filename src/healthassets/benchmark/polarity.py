"""Polarity and benchmark-method vocabularies, in every spelling Fingertips uses.

Fingertips data downloads say "RAG - Low is good"; the FingertipsNext extract says "Low is good";
its API says "LowIsGood". All normalise to :class:`Polarity`. Benchmark methods likewise:
"Confidence intervals overlapping reference value (95.0)", "CIOverlappingReferenceValue95", … →
:class:`BenchmarkMethod`.
"""

from __future__ import annotations

import re
from enum import StrEnum

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


def parse_polarity(text: object, *, column: str | None = "polarity", row: int | None = None) -> Polarity:
    """A Polarity from any Fingertips spelling; missing → No judgement; unknown → InputError."""
    if text is None or (isinstance(text, float) and np.isnan(text)) or text is pd.NA:
        return Polarity.NO_JUDGEMENT
    if isinstance(text, Polarity):
        return text
    found = _POLARITY.get(_key(str(text)))
    if found is None:
        raise InputError(
            f"unknown polarity {text!r} (expected 'Low is good', 'High is good', "
            "'BOB - Blue orange blue' or 'No judgement', with or without the 'RAG - ' prefix)",
            row=row,
            column=column,
        )
    return found


def parse_method(
    text: object, *, column: str | None = "benchmark_method", row: int | None = None
) -> BenchmarkMethod:
    """A BenchmarkMethod from any Fingertips spelling; missing → No comparison."""
    if text is None or (isinstance(text, float) and np.isnan(text)) or text is pd.NA:
        return BenchmarkMethod.NONE
    if isinstance(text, BenchmarkMethod):
        return text
    found = _METHOD.get(_key(str(text)))
    if found is None:
        raise InputError(
            f"unknown benchmark method {text!r} (expected 'Confidence intervals overlapping "
            "reference value (95.0)' or '(99.8)', 'Quintiles' or 'No comparison')",
            row=row,
            column=column,
        )
    return found


def parse_polarities(values: pd.Series) -> pd.Series:
    """Vectorised :func:`parse_polarity` over a column: the normalised texts (Polarity values),
    each distinct input text parsed once."""
    text = values.astype(object).where(values.notna(), "")
    mapping = {}
    for distinct in pd.unique(text):
        row = int(np.flatnonzero((text == distinct).to_numpy())[0]) + 1
        mapping[distinct] = parse_polarity(distinct, column=str(values.name), row=row).value
    return text.map(mapping)
