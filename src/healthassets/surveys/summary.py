"""Group summaries of scored responses with disclosure control (docs/adr/0059).

Per group (in order of first appearance): n = the non-empty values; mean = Σx / n with Student's t
limits mean ∓ t_{0.975, n−1} · s / √n, s with n − 1 (``stats.ci.t_limits``); per band, the share
of the group's non-empty band cells in it, with Wilson score limits (``stats.ci.wilson_limits``,
Wilson 1927). A group with n below ``min_count`` has every figure empty and ``suppressed`` true.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from healthassets.errors import InputError
from healthassets.stats.ci import t_limits, wilson_limits
from healthassets.surveys.instruments import ANXIETY_BANDS, POSITIVE_BANDS, REGISTRY

CONFIDENCE = 0.95
#: band orders known from the instruments; other bands come in order of first appearance
KNOWN_ORDERS = (tuple(b.name for b in POSITIVE_BANDS), tuple(b.name for b in ANXIETY_BANDS))


def band_stem(band: str) -> str:
    """Column stem of a band: lower case, each run of characters other than a-z and 0-9 → ``_``,
    none at either end ("very high" → ``very_high``)."""
    return re.sub(r"[^a-z0-9]+", "_", band.strip().lower()).strip("_")


def known_bands(column: str) -> tuple[str, ...]:
    """The bands of the bundled measure whose band column is ``column`` (``ons4_anxiety_band`` →
    very low, low, medium, high); () for any other column."""
    for instrument in REGISTRY.values():
        for measure in instrument.measures:
            if measure.bands and f"{measure.name}_band" == column:
                return tuple(b.name for b in measure.bands)
    return ()


def band_order(present: Sequence[str], known: Sequence[str] = ()) -> list[str]:
    """The bands to report. With ``known`` (a bundled measure's bands): all of them in order,
    absent ones too, then any others present. Otherwise the bands in ``present``
    (first-appearance order), in a known instrument order when they all belong to one (ONS4
    positive, then anxiety), else as they came."""
    if known:
        return [*known, *(b for b in present if b not in known)]
    for order in KNOWN_ORDERS:
        if set(present) <= set(order):
            return [b for b in order if b in present]
    return list(present)


def band_columns(bands: list[str], file: str | None) -> dict[str, str]:
    """Each band's column stem (:func:`band_stem`); InputError (in ``file``) for a band without letters
    or digits, or two bands sharing a stem."""
    stems: dict[str, str] = {}
    for band in bands:
        stem = band_stem(band)
        if not stem:
            raise InputError(f"band {band!r} has no letters or digits to name its columns", file=file)
        if stem in stems.values():
            other = next(b for b, s in stems.items() if s == stem)
            raise InputError(f"bands {other!r} and {band!r} would both be named {stem!r}", file=file)
        stems[band] = stem
    return stems


def summarise(
    values: np.ndarray,
    groups: pd.DataFrame,
    bands: pd.Series | None = None,
    *,
    known: Sequence[str] = (),
    min_count: int = 10,
    file: str | None = None,
) -> pd.DataFrame:
    """One row per group of ``groups`` (its columns; none → one row for everything); ``known``:
    the bands to report even when absent (see :func:`band_order`)."""
    frame = pd.DataFrame({"_x": values}, index=groups.index)
    keys = [groups[c] for c in groups.columns]
    by = (
        frame.groupby(keys, sort=False, dropna=False)["_x"]
        if keys
        else frame.groupby(np.zeros(len(frame)))["_x"]
    )
    n = by.count()
    mean = by.mean()
    sd = by.std(ddof=1)
    out = n.index.to_frame(index=False) if keys else pd.DataFrame(index=range(1))
    count = n.to_numpy(dtype=float)
    out["n"] = count
    out["mean"] = mean.to_numpy(dtype=float)
    lower, upper = t_limits(out["mean"], sd.to_numpy(dtype=float), count, CONFIDENCE)
    out["lower95_0cl"], out["upper95_0cl"] = lower, upper
    if bands is not None:
        cells = bands.where(bands.astype("string").str.strip().ne("").fillna(False))
        present = [str(b) for b in pd.unique(cells.dropna())]
        stems = band_columns(band_order(present, known), file)
        band_frame = pd.DataFrame({"_b": cells}, index=groups.index)
        grouped = (
            band_frame.groupby(keys, sort=False, dropna=False)["_b"]
            if keys
            else band_frame.groupby(np.zeros(len(frame)))["_b"]
        )
        answered = grouped.count().to_numpy(dtype=float)
        for band, stem in stems.items():
            hits = (
                (cells == band)
                .groupby(keys if keys else np.zeros(len(frame)), sort=False, dropna=False)
                .sum()
            )
            x = hits.to_numpy(dtype=float)
            with np.errstate(invalid="ignore", divide="ignore"):
                out[f"{stem}_proportion"] = x / answered
            low, up = wilson_limits(x, answered, CONFIDENCE)
            out[f"{stem}_lower95_0cl"], out[f"{stem}_upper95_0cl"] = low, up
    suppressed = count < min_count
    figures = [c for c in out.columns if c not in groups.columns]
    out.loc[suppressed, figures] = np.nan
    out["n"] = out["n"].astype("Int64")
    out["suppressed"] = np.where(suppressed, "true", "false")
    return out
