"""The ORUK query filters over a frame of public assets (pure: vectorised pandas/NumPy, no I/O).

Parameters are cumulative (boolean AND), as HSDS says. Meanings (ORUK 3.0 OpenAPI texts, see
docs/adr/0029-open-referral-mapping.md):

- ``search``: every word of the query appears (case-insensitive) in the name, description,
  service name or description, organisation or tags;
- ``taxonomy_term_id``: the asset has that term; ``taxonomy_id``: the asset has a term of that taxonomy;
- ``minimum_age`` = a: the service's minimum age is at least a (no stated minimum counts as 0);
  ``maximum_age`` = b: its maximum age is at most b (no stated maximum counts as no limit);
- ``day``/``start_time``/``end_time``: see :mod:`healthassets.openreferral.schedule`;
- ``postcode``: assets that declare served areas must serve one of the postcode's areas; with
  ``proximity`` = r metres, an asset must lie within r of the postcode centroid (straight-line
  distance in British National Grid metres) or serve the postcode's areas. Results are then ordered
  by distance (assets without a point last).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from healthassets.access import to_british_national_grid
from healthassets.openreferral.taxonomy import ASSET_TYPE, DIMENSION, FIVE_WAYS, TAG, Term, term_key

SEARCHED = ["name", "description", "service_name", "service_description", "organisation_name"]
LIST_COLUMN = {DIMENSION: "dimensions", FIVE_WAYS: "five_ways", TAG: "tags"}


def search_mask(frame: pd.DataFrame, query: str) -> np.ndarray:
    """Rows in which every word of ``query`` appears in a searched column or a tag."""
    haystack = pd.Series("", index=frame.index)
    for column in SEARCHED:
        if column in frame:
            haystack = haystack + " " + frame[column].fillna("").astype(str)
    haystack = (haystack + " " + frame["tags"].map(lambda tags: " ".join(tags))).str.lower()
    keep = np.ones(len(frame), dtype=bool)
    for word in query.lower().split():
        keep &= haystack.str.contains(word, regex=False).to_numpy()
    return keep


def _ids_with(frame: pd.DataFrame, kind: str, values: Collection[str] | None) -> set[str]:
    """Assets with a term of ``kind`` (with one of ``values`` when given; tags compared loosely)."""
    if kind == ASSET_TYPE:
        column = frame["asset_type"]
        chosen = column.notna() if values is None else column.isin(list(values))
        return set(frame.loc[chosen.to_numpy(), "id"])
    pairs = frame[["id", LIST_COLUMN[kind]]].explode(LIST_COLUMN[kind]).dropna()
    terms = pairs[LIST_COLUMN[kind]].astype(str)
    if kind == TAG:
        terms = terms.str.lower().str.split().str.join(" ")
        values = None if values is None else {term_key(v) for v in values}
    chosen = terms.str.strip() != "" if values is None else terms.isin(list(values))
    return set(pairs.loc[chosen.to_numpy(), "id"])


def taxonomy_mask(frame: pd.DataFrame, term: Term | None = None, kind: str | None = None) -> np.ndarray:
    """Rows having ``term`` (or any term of the taxonomy ``kind``)."""
    if term is not None:
        ids = _ids_with(frame, term.kind, [term.value])
    elif kind is not None:
        ids = _ids_with(frame, kind, None)
    else:
        return np.ones(len(frame), dtype=bool)
    return frame["id"].isin(ids).to_numpy()


def age_mask(frame: pd.DataFrame, minimum: float | None, maximum: float | None) -> np.ndarray:
    keep = np.ones(len(frame), dtype=bool)
    if minimum is not None:
        low = pd.to_numeric(frame["minimum_age"], errors="coerce").fillna(0).to_numpy(float)
        keep &= low >= minimum
    if maximum is not None:
        high = pd.to_numeric(frame["maximum_age"], errors="coerce").fillna(np.inf).to_numpy(float)
        keep &= high <= maximum
    return keep


@dataclass(frozen=True)
class Near:
    """A postcode's centroid and the area codes containing it, and an optional radius in metres."""

    latitude: float
    longitude: float
    areas: frozenset[str]
    proximity: float | None = None


def distances(frame: pd.DataFrame, near: Near) -> np.ndarray:
    """Straight-line distance (metres, British National Grid) from the postcode to each asset's
    point (NaN without a point)."""
    lat = pd.to_numeric(frame["latitude"], errors="coerce").to_numpy(float)
    lon = pd.to_numeric(frame["longitude"], errors="coerce").to_numpy(float)
    xy = to_british_national_grid(lon, lat)
    origin = to_british_national_grid([near.longitude], [near.latitude])
    return np.hypot(xy[:, 0] - origin[0, 0], xy[:, 1] - origin[0, 1])


def near_mask(frame: pd.DataFrame, near: Near, distance: np.ndarray) -> np.ndarray:
    served = frame["served_areas"].map(len).to_numpy() > 0
    pairs = frame[["id", "served_areas"]].explode("served_areas").dropna()
    serving = frame["id"].isin(set(pairs.loc[pairs["served_areas"].isin(near.areas), "id"])).to_numpy()
    if near.proximity is None:
        return ~served | serving
    within = np.nan_to_num(distance, nan=np.inf) <= near.proximity
    return (within & (~served | serving)) | serving


def order_by_distance(frame: pd.DataFrame, distance: np.ndarray) -> pd.DataFrame:
    """The frame nearest first (stable, so ties keep the name order; no point last)."""
    order = np.argsort(np.nan_to_num(distance, nan=np.inf), kind="stable")
    return frame.iloc[order]
