"""Corrections of indicator metadata: applied only where the extract says the published value."""

from __future__ import annotations

import pandas as pd

from healthassets.indicators.corrections import (
    APPLIED,
    EXTRACT_DIFFERS,
    NOT_NEEDED,
    UNKNOWN_INDICATOR,
    apply_corrections,
)

INDICATORS = pd.DataFrame(
    {
        "id": [1, 2, 3, 4],
        "name": ["Obesity", "Checks offered", "Healthy life expectancy", "Gap"],
        "polarity": ["High is good", "RAG - High is good", "No judgement", None],
        "benchmark_method": [
            "Confidence intervals overlapping reference value (95.0)",
            None,
            "Quintiles",
            None,
        ],
    }
)


def corrections(*rows: tuple[int, str, str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["indicator_id", "field", "published_value", "corrected_value"])
    return frame.assign(source="a source", reason="a reason")


def test_correction_applies_when_the_extract_says_the_published_value() -> None:
    result = apply_corrections(INDICATORS, corrections((1, "polarity", "High is good", "Low is good")))
    assert result.indicators.set_index("id").loc[1, "polarity"] == "Low is good"
    assert result.outcome.loc[0, "status"] == APPLIED
    assert result.outcome.loc[0, "extract_value"] == "High is good"
    # the other indicators and the input frame are untouched
    assert result.indicators.set_index("id").loc[2, "polarity"] == "RAG - High is good"
    assert INDICATORS.loc[0, "polarity"] == "High is good"


def test_published_fix_makes_the_correction_no_longer_needed() -> None:
    """The extract already says the corrected value (in another spelling): reported, not applied."""
    result = apply_corrections(INDICATORS, corrections((2, "polarity", "Low is good", "High is good")))
    assert result.outcome.loc[0, "status"] == NOT_NEEDED
    assert result.indicators.set_index("id").loc[2, "polarity"] == "RAG - High is good"


def test_extract_saying_something_else_is_not_overwritten() -> None:
    result = apply_corrections(INDICATORS, corrections((3, "polarity", "Low is good", "High is good")))
    assert result.outcome.loc[0, "status"] == EXTRACT_DIFFERS
    assert result.indicators.set_index("id").loc[3, "polarity"] == "No judgement"


def test_blank_published_value_fills_a_gap_and_unknown_indicators_are_reported() -> None:
    result = apply_corrections(
        INDICATORS,
        corrections(
            (4, "benchmark_method", "", "Confidence intervals overlapping reference value (95.0)"),
            (4, "polarity", "", "Low is good"),
            (99, "polarity", "High is good", "Low is good"),
        ),
    )
    assert result.outcome["status"].tolist() == [APPLIED, APPLIED, UNKNOWN_INDICATOR]
    gap = result.indicators.set_index("id").loc[4]
    assert gap["polarity"] == "Low is good"
    assert gap["benchmark_method"] == "Confidence intervals overlapping reference value (95.0)"
    assert len(result.with_status(APPLIED)) == 2


def test_spellings_of_the_published_value_match() -> None:
    result = apply_corrections(INDICATORS, corrections((1, "polarity", "RAG - High is good", "Low is good")))
    assert result.outcome.loc[0, "status"] == APPLIED
