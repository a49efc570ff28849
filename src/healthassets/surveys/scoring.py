"""Scoring whole columns of responses: item arrays in, score and band columns out.

An item response is valid when it is present, a whole number and on the item's scale; a measure
whose items are not all valid is empty (for ONS4, where each item is its own measure, only that
measure). ``item`` = the value; ``sum`` = Σ items; ``mean`` = Σ items / k; with a ``conversion``
table the sum S becomes table[S − k·minimum] (SWEMWBS: the published Rasch metric, swemwbs.py).
Bands are inclusive ranges of the score (ONS thresholds). All NumPy, no loop over rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from healthassets.surveys.model import Band, Instrument, Measure

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Scored:
    """The score and band columns (in the instrument's order) and, per measure, how many rows
    were left empty because an item was missing, not a whole number or off its scale."""

    frame: pd.DataFrame
    emptied: dict[str, int]

    @property
    def total_emptied(self) -> int:
        return sum(self.emptied.values())


def valid(values: FloatArray, minimum: int, maximum: int) -> NDArray[np.bool_]:
    """Present, whole and within [minimum, maximum]."""
    with np.errstate(invalid="ignore"):
        return ~np.isnan(values) & (values == np.floor(values)) & (values >= minimum) & (values <= maximum)


def band_labels(scores: FloatArray, bands: tuple[Band, ...]) -> NDArray[np.object_]:
    """Each score's band name (None where the score is empty or in no band)."""
    labels = np.full(scores.shape, None, dtype=object)
    with np.errstate(invalid="ignore"):
        for band in reversed(bands):  # the first band a score falls in wins
            labels[(scores >= band.low) & (scores <= band.high)] = band.name
    return labels


def _measure(
    instrument: Instrument, measure: Measure, items: Mapping[str, FloatArray]
) -> tuple[FloatArray, int]:
    arrays = np.column_stack([items[key] for key in measure.items])
    ok = np.ones(arrays.shape[0], dtype=bool)
    for position, key in enumerate(measure.items):
        scale = instrument.item(key).scale
        ok &= valid(arrays[:, position], scale.minimum, scale.maximum)
    clean = np.where(ok[:, None], arrays, 0.0)
    if measure.method == "item":
        score = clean[:, 0]
    elif measure.method == "mean":
        score = clean.mean(axis=1)
    else:
        score = clean.sum(axis=1)
    if measure.conversion:
        lowest = sum(instrument.item(key).scale.minimum for key in measure.items)
        table = np.asarray(measure.conversion, dtype=float)
        positions = np.clip(score - lowest, 0, len(table) - 1).astype(np.int64)
        score = table[positions]
    return np.where(ok, score, np.nan), int((~ok).sum())


def score(instrument: Instrument, items: Mapping[str, FloatArray]) -> Scored:
    """Score every row: ``items`` maps each item column to its float array (NaN = missing).

    Output columns: each measure under its name, followed by ``<name>_band`` when it has bands.
    """
    missing = [key for key in instrument.columns if key not in items]
    if missing:
        raise KeyError(f"no responses for items {missing}")
    out: dict[str, object] = {}
    emptied: dict[str, int] = {}
    for measure in instrument.measures:
        values, empty = _measure(instrument, measure, items)
        out[measure.name] = values
        emptied[measure.name] = empty
        if measure.bands:
            out[f"{measure.name}_band"] = band_labels(values, measure.bands)
    return Scored(pd.DataFrame(out), emptied)
