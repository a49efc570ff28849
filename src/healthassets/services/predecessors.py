"""Use case: the authorities a reorganisation replaced, and their values shown *as theirs*
(docs/adr/0050-predecessor-authorities.md).

On 1 April 2023 Cumberland, Westmorland and Furness, North Yorkshire and Somerset replaced 19
districts and 3 counties. Sources keep publishing the old areas' past values under the old codes;
those values stay attached to the old (inactive) areas: nothing is attributed to a successor, and
nothing is summed or averaged into it. A successor's page lists each predecessor's values with the
predecessor's name and the periods they cover; an inactive area's page says what replaced it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from healthassets.indicators.disclosure import applies_disclosure_control, apply_disclosure
from healthassets.store import Engine
from healthassets.store import indicators as indicator_store
from healthassets.store.successors import Replacement, predecessors, successors
from healthassets.store.values import ValueFilter, fetch_values

__all__ = ["PredecessorValues", "Replacement", "predecessor_values", "replaced_by"]

#: the columns of :attr:`PredecessorValues.values`, predecessor first
COLUMNS = [
    "predecessor_code",
    "predecessor_name",
    "successor_code",
    "replaced_on",
    "indicator_id",
    "indicator_name",
    "period",
    "sex",
    "age",
    "category_type",
    "category",
    "value",
    "lower95_0cl",
    "upper95_0cl",
    "count",
    "denominator",
    "value_note",
    "value_status",
]


@dataclass
class PredecessorValues:
    """The areas an area replaced (at any depth) and their values, each row the predecessor's own."""

    replacements: list[Replacement]
    values: pd.DataFrame

    @property
    def periods(self) -> pd.DataFrame:
        """Per predecessor and indicator: the first and last period with a value, and how many."""
        if self.values.empty:
            return pd.DataFrame(columns=["predecessor_code", "indicator_id", "first", "last", "periods"])
        ordered = self.values.sort_values("period_sortable", kind="stable")
        grouped = ordered.groupby(["predecessor_code", "indicator_id"], sort=True)["period"]
        return grouped.agg(first="first", last="last", periods="nunique").reset_index()


def replaced_by(engine: Engine, code: str) -> list[Replacement]:
    """The areas that replaced ``code`` and when (empty for an area still in use)."""
    return successors(engine, code)


def predecessor_values(
    engine: Engine, code: str, *, indicators: list[int] | None = None, latest_only: bool = False
) -> PredecessorValues:
    """The areas ``code`` replaced and every stored value of theirs (of ``indicators`` when given;
    only each series' latest period with ``latest_only``), labelled with the predecessor; a value a
    source suppressed stays suppressed (``value_status``, as everywhere)."""
    steps = predecessors(engine, code)
    if not steps:
        return PredecessorValues([], pd.DataFrame(columns=[*COLUMNS, "period_sortable"]))
    by_code = {r.predecessor.code: r for r in steps}
    found = fetch_values(
        engine, ValueFilter(areas=sorted(by_code), indicators=indicators or [], latest_only=latest_only)
    )
    found = apply_disclosure(found, applies_disclosure_control(indicator_store.disclosure_texts(engine)))
    found = found.assign(
        predecessor_code=found["area_code"],
        predecessor_name=found["area_code"].map({c: r.predecessor.name for c, r in by_code.items()}),
        successor_code=found["area_code"].map({c: r.successor.code for c, r in by_code.items()}),
        replaced_on=found["area_code"].map({c: r.replaced_on for c, r in by_code.items()}),
    )
    ordered = found.sort_values(["predecessor_name", "indicator_id", "period_sortable"], kind="stable")
    return PredecessorValues(steps, ordered[[*COLUMNS, "period_sortable"]].reset_index(drop=True))
