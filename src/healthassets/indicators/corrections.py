"""Corrections to an extract's indicator metadata, applied only where the extract still says what
each correction was written against (docs/adr/0040-indicator-metadata-corrections.md).

A correction names an indicator, a field, the value the extract publishes, the corrected value, a
source and a reason (data/fingertips/corrections.csv; read by :mod:`healthassets.io.corrections`).
Each correction gets one status:

- ``applied``: the extract's value is the published value, so the field takes the corrected value;
- ``no longer needed``: the extract already says the corrected value (the publisher fixed it), so
  nothing changes and the correction should be deleted;
- ``extract differs``: the extract says something else again, so nothing changes and the
  correction needs review (it was written against a value the extract no longer has);
- ``unknown indicator``: the extract has no such indicator.

Values are compared after normalising: polarity and benchmark method by their vocabulary (any
Fingertips spelling, see :mod:`healthassets.benchmark.polarity`; a blank polarity is "No
judgement", a blank method "No comparison"), other fields as trimmed text (blank = missing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from healthassets.benchmark.polarity import parse_method, parse_polarity
from healthassets.errors import InputError

APPLIED = "applied"
NOT_NEEDED = "no longer needed"
EXTRACT_DIFFERS = "extract differs"
UNKNOWN_INDICATOR = "unknown indicator"


def _polarity(text: str) -> str:
    return parse_polarity(text).value


def _method(text: str) -> str:
    return parse_method(text).value


#: indicator fields a correction may change → the normaliser of their values (None: trimmed text)
CORRECTABLE: dict[str, Callable[[str], str] | None] = {
    "polarity": _polarity,
    "benchmark_method": _method,
    "value_type": None,
    "unit": None,
}
OUTCOME_COLUMNS = [
    "indicator_id",
    "field",
    "published_value",
    "corrected_value",
    "extract_value",
    "status",
    "source",
    "reason",
]


@dataclass(frozen=True)
class CorrectedIndicators:
    """The indicators with the applicable corrections made, and what became of each correction."""

    indicators: pd.DataFrame
    outcome: pd.DataFrame

    def with_status(self, status: str) -> pd.DataFrame:
        return self.outcome[self.outcome["status"] == status]


def _text(values: pd.Series) -> pd.Series:
    """Trimmed text; missing → ''."""
    return values.astype(object).where(values.notna(), "").astype(str).str.strip()


def normalise(field: str, values: pd.Series) -> pd.Series:
    """``values`` of ``field`` in canonical form, for comparison. A polarity or method in no known
    spelling stays as its trimmed text (so it matches nothing but itself). Each distinct text is
    parsed once."""
    text = _text(values)
    parse = CORRECTABLE.get(field)
    if parse is None:
        return text
    canonical = {}
    for distinct in pd.unique(text):
        try:
            canonical[distinct] = parse(distinct)
        except InputError:
            canonical[distinct] = distinct
    return text.map(canonical)


def apply_corrections(indicators: pd.DataFrame, corrections: pd.DataFrame) -> CorrectedIndicators:
    """``indicators`` (one row per indicator, an ``id`` column) with each correction whose published
    value is the extract's value applied; ``corrections`` as read by
    :func:`healthassets.io.corrections.read_corrections` (validated, canonical values)."""
    out = indicators.copy()
    by_id = out.set_index("id")
    outcome = corrections.reindex(columns=OUTCOME_COLUMNS).astype(object)
    outcome["extract_value"] = None
    outcome["status"] = UNKNOWN_INDICATOR
    for field, rows in corrections.groupby("field", sort=False):
        field = str(field)
        known = rows[rows["indicator_id"].isin(by_id.index)]
        if known.empty:
            continue
        column = by_id[field] if field in by_id else pd.Series(None, index=by_id.index, dtype=object)
        extract = column.reindex(known["indicator_id"]).set_axis(known.index)
        current = normalise(field, extract)
        published = normalise(field, known["published_value"])
        corrected = normalise(field, known["corrected_value"])
        status = pd.Series(EXTRACT_DIFFERS, index=known.index, dtype=object)
        status[current == corrected] = NOT_NEEDED
        status[(current == published) & (current != corrected)] = APPLIED
        outcome.loc[known.index, "extract_value"] = _text(extract)
        outcome.loc[known.index, "status"] = status
        applied = known[status == APPLIED]
        if len(applied):
            if field not in out:
                out[field] = None
            rows_of = out["id"].isin(applied["indicator_id"])
            out.loc[rows_of, field] = out.loc[rows_of, "id"].map(
                applied.set_index("indicator_id")["corrected_value"]
            )
    return CorrectedIndicators(out, outcome.reset_index(drop=True))
