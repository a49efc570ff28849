"""The ORUK filters over a frame of assets (pure)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from healthassets.openreferral import filters
from healthassets.openreferral.taxonomy import Term

FRAME = pd.DataFrame(
    {
        "id": ["a", "b", "c"],
        "name": ["Hulme Garden", "Boxing club", "Helpline"],
        "description": [None, "Young people's boxing", "Phone support"],
        "asset_type": ["physical", "association", "institution"],
        "dimensions": [["natural_environment"], ["lifestyle_activities"], []],
        "five_ways": [["be_active"], ["be_active", "connect"], []],
        "tags": [["Gardening"], [], ["mental health"]],
        "served_areas": [[], [], ["E08000003"]],
        "minimum_age": [None, 11, None],
        "maximum_age": [None, 18, 65],
        "latitude": [53.46, 53.48, None],
        "longitude": [-2.25, -2.23, None],
    }
)


def _ids(mask: np.ndarray) -> list[str]:
    return list(FRAME.loc[mask, "id"])


def test_search_every_word_in_any_field_or_tag() -> None:
    assert _ids(filters.search_mask(FRAME, "BOXING people")) == ["b"]
    assert _ids(filters.search_mask(FRAME, "mental")) == ["c"]
    assert _ids(filters.search_mask(FRAME, "garden boxing")) == []


def test_taxonomy() -> None:
    assert _ids(filters.taxonomy_mask(FRAME, term=Term("five_ways", "be_active", ""))) == ["a", "b"]
    assert _ids(filters.taxonomy_mask(FRAME, term=Term("tag", "gardening", ""))) == ["a"]
    assert _ids(filters.taxonomy_mask(FRAME, kind="tag")) == ["a", "c"]
    assert _ids(filters.taxonomy_mask(FRAME, kind="asset_type")) == ["a", "b", "c"]


def test_ages_treat_missing_as_open() -> None:
    assert _ids(filters.age_mask(FRAME, 0, None)) == ["a", "b", "c"]
    assert _ids(filters.age_mask(FRAME, 10, None)) == ["b"]
    assert _ids(filters.age_mask(FRAME, None, 65)) == ["b", "c"]


def test_near_served_areas_and_radius() -> None:
    here = filters.Near(53.48, -2.23, frozenset({"E08000003"}))
    distance = filters.distances(FRAME, here)
    assert np.isnan(distance[2]) and distance[1] < 1 < distance[0]
    assert _ids(filters.near_mask(FRAME, here, distance)) == ["a", "b", "c"]
    elsewhere = filters.Near(53.48, -2.23, frozenset({"E08000001"}))
    assert _ids(filters.near_mask(FRAME, elsewhere, distance)) == ["a", "b"]  # c serves elsewhere
    close = filters.Near(53.48, -2.23, frozenset(), proximity=100.0)
    assert _ids(filters.near_mask(FRAME, close, distance)) == ["b"]
    ordered = filters.order_by_distance(FRAME, distance)
    assert list(ordered["id"]) == ["b", "a", "c"]
