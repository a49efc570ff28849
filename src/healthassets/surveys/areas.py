"""Survey results per area and wave, with disclosure control across the levels (issue 14 part 3).

Each response is placed in an LSOA; ``membership`` says which LSOAs make up each area (LSOA →
MSOA → ward → authority, an LSOA's own row included). With M the areas × LSOAs 0/1 matrix and,
per LSOA and wave, the sums n_l (non-empty values), Σx and Σx² and the band counts, every area's
sums are one sparse product M · S; then per area:

- mean = Σx / n; s² = (Σx² − n·mean²) / (n − 1) (x shifted by the overall mean first, so the
  sums stay small); Student's t limits mean ∓ t_{0.975, n−1} · s / √n (``stats.ci.t_limits``);
- per band: the share of the area's non-empty band cells in the band, Wilson score limits
  (Wilson 1927, ``stats.ci.wilson_limits``), columns named by ``summary.band_stem``;
- disclosure control per wave (``surveys.disclosure``): fewer than ``min_count`` responses, or a
  group of 1 … min_count − 1 revealed by differencing two overlapping areas or a parent and its
  published children → every figure blank (``n`` included) and the reason given.

Responses whose LSOA is empty or in no area count in no area.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from healthassets.errors import InputError
from healthassets.stats.ci import t_limits, wilson_limits
from healthassets.surveys.disclosure import Geography, geography, suppress
from healthassets.surveys.summary import CONFIDENCE, band_columns, band_order, known_bands

FloatArray = NDArray[np.float64]


def numeric_values(frame: pd.DataFrame, column: str) -> FloatArray:
    """The column as floats; a cell that is neither empty nor a number is an :class:`InputError`
    naming the column and the (1-based) data row."""
    if column not in frame.columns:
        raise InputError("the responses have no such column", column=column)
    cells = frame[column]
    if pd.api.types.is_bool_dtype(cells) or not pd.api.types.is_numeric_dtype(cells):
        numbers = pd.to_numeric(cells.where(cells.astype("string").str.strip().ne("")), errors="coerce")
        bad = (cells.notna() & cells.astype("string").str.strip().ne("") & numbers.isna()).to_numpy(bool)
        if pd.api.types.is_bool_dtype(cells) or bad.any():
            row = int(np.flatnonzero(bad)[0]) + 1 if bad.any() else 1
            raise InputError("values must be numbers", row=row, column=column)
        cells = numbers
    return cells.to_numpy(dtype=float, na_value=np.nan)


def _require(frame: pd.DataFrame, columns: Sequence[str | None]) -> None:
    for column in columns:
        if column is not None and column not in frame.columns:
            raise InputError("the responses have no such column", column=column)


def _placement(responses: pd.DataFrame, geo: Geography, wave: str | None) -> tuple[NDArray[np.intp], list]:
    """Per response, its cell index l · W + w (−1 when placed in no known LSOA) and the waves."""
    lsoa = geo.lsoas.get_indexer(responses["lsoa"].astype("string").str.strip().astype(object))
    if wave is None:
        wave_idx, waves = np.zeros(len(responses), dtype=np.intp), [None]
    else:
        codes, uniques = pd.factorize(responses[wave], sort=False, use_na_sentinel=False)
        wave_idx, waves = codes.astype(np.intp), list(uniques)
    cell = np.where(lsoa >= 0, lsoa * len(waves) + wave_idx, -1)
    return cell, waves


def _area_sums(geo: Geography, cell: NDArray[np.intp], weights: FloatArray, waves: int) -> FloatArray:
    """Σ weights per (area, wave): bincount per (LSOA, wave), then M · S (areas × waves)."""
    placed = cell >= 0
    per_cell = np.bincount(cell[placed], weights=weights[placed], minlength=len(geo.lsoas) * waves)
    return np.asarray(geo.matrix @ per_cell.reshape(len(geo.lsoas), waves), dtype=float)


def _figures(geo: Geography, cell: NDArray[np.intp], x: FloatArray, waves: int) -> dict[str, FloatArray]:
    """n, mean and t limits per (area, wave) from the sums n, Σ(x − shift), Σ(x − shift)²."""
    valid = ~np.isnan(x)
    shift = float(np.mean(x[valid])) if valid.any() else 0.0
    centred = np.where(valid, x - shift, 0.0)
    n = _area_sums(geo, np.where(valid, cell, -1), np.ones(len(x)), waves)
    sx = _area_sums(geo, cell, centred, waves)
    sxx = _area_sums(geo, cell, centred**2, waves)
    with np.errstate(invalid="ignore", divide="ignore"):
        centred_mean = np.where(n > 0, sx / n, np.nan)
        variance = np.maximum(sxx - n * centred_mean**2, 0) / (n - 1)
    sd = np.where(n > 1, np.sqrt(variance), np.nan)
    mean = centred_mean + shift
    lower, upper = t_limits(mean, sd, n, CONFIDENCE)
    return {"n": n, "mean": mean, "lower95_0cl": lower, "upper95_0cl": upper}


def _band_figures(
    geo: Geography, cell: NDArray[np.intp], cells: pd.Series, band: str, waves: int
) -> dict[str, FloatArray]:
    present = [str(b) for b in pd.unique(cells.dropna())]
    stems = band_columns(band_order(present, known_bands(band)), None)
    answered = _area_sums(geo, cell, cells.notna().to_numpy(dtype=float), waves)
    out: dict[str, FloatArray] = {}
    for name, stem in stems.items():
        hits = _area_sums(geo, cell, (cells == name).to_numpy(dtype=float, na_value=0.0), waves)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[f"{stem}_proportion"] = hits / answered
        out[f"{stem}_lower95_0cl"], out[f"{stem}_upper95_0cl"] = wilson_limits(hits, answered, CONFIDENCE)
    return out


def area_summaries(
    responses: pd.DataFrame,
    value: str,
    membership: pd.DataFrame,
    *,
    band: str | None = None,
    wave: str | None = None,
    min_count: int = 10,
) -> pd.DataFrame:
    """One row per (wave, area) — waves in order of first appearance, areas in ``membership``
    order: area_code, area_type, [wave,] n, mean, lower95_0cl, upper95_0cl, per band
    ``<stem>_proportion/_lower95_0cl/_upper95_0cl``, suppressed ('true'/'false') and
    suppression_reason. ``responses``: one row per scored response with ``lsoa`` and ``value``
    (and ``band``, ``wave`` when given). Formulas and rules: the module docstring."""
    _require(responses, ["lsoa", band, wave])
    x = numeric_values(responses, value)
    if min_count < 0:
        raise InputError("min_count must be 0 or more")
    geo = geography(membership)
    cell, waves = _placement(responses, geo, wave)
    figures = _figures(geo, cell, x, len(waves))
    if band is not None:
        text = responses[band].astype("string").str.strip()
        cells = responses[band].where(text.ne("").fillna(False)).astype(object)
        figures |= _band_figures(geo, cell, cells, band, len(waves))
    frames = []
    for w, label in enumerate(waves):
        per_lsoa = _lsoa_counts(cell, x, geo, len(waves), w)
        reason = suppress(geo, per_lsoa, min_count)
        frame = pd.DataFrame({"area_code": geo.codes, "area_type": geo.types})
        if wave is not None:
            frame["wave"] = label
        for name, values in figures.items():
            frame[name] = np.where(reason == "", values[:, w], np.nan)
        frame["n"] = frame["n"].astype("Int64")
        frame["suppressed"] = np.where(reason == "", "false", "true")
        frame["suppression_reason"] = reason
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _lsoa_counts(cell: NDArray[np.intp], x: FloatArray, geo: Geography, waves: int, w: int) -> FloatArray:
    """Non-empty values per LSOA in wave ``w`` (the counts disclosure control works on)."""
    keep = (cell >= 0) & ~np.isnan(x)
    per_cell = np.bincount(cell[keep], minlength=len(geo.lsoas) * waves).astype(float)
    return np.asarray(per_cell.reshape(len(geo.lsoas), waves)[:, w])
