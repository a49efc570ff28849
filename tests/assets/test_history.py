"""Published counts over time from the moderation history, hand-checked."""

from __future__ import annotations

import pandas as pd

from healthassets.assets.history import published_counts


def ts(day: str) -> pd.Timestamp:
    return pd.Timestamp(day, tz="UTC")


def test_counts_follow_publishing_archiving_and_deletion() -> None:
    steps = pd.DataFrame(
        [
            ("a", ts("2024-01-10"), "submitted", "published"),
            ("a", ts("2024-06-01"), "published", "archived"),
            ("b", ts("2024-03-01"), "draft", "submitted"),
            ("b", ts("2024-04-01"), "submitted", "published"),
            ("c", ts("2024-02-01"), "submitted", "rejected"),
        ],
        columns=["asset_id", "at", "from_status", "to_status"],
    )
    assets = pd.DataFrame(
        [
            ("a", "archived", ts("2024-01-01"), None),
            ("b", "published", ts("2024-03-01"), ts("2024-08-01")),  # deleted while published
            ("c", "rejected", ts("2024-02-01"), None),
            ("d", "published", ts("2024-05-01"), None),  # bulk-loaded: no steps
        ],
        columns=["id", "status", "created_at", "deleted_at"],
    )
    times = [
        ts(d) for d in ("2024-01-01", "2024-01-10", "2024-04-15", "2024-05-15", "2024-07-01", "2024-09-01")
    ]
    # Jan 1: none; Jan 10: a; Apr 15: a, b; May 15: a, b, d; Jul 1: b, d (a archived); Sep 1: d
    assert published_counts(steps, assets, times).tolist() == [0, 1, 2, 3, 2, 1]


def test_nothing_in_the_area_counts_zero() -> None:
    empty_steps = pd.DataFrame(columns=["asset_id", "at", "from_status", "to_status"])
    empty_assets = pd.DataFrame(columns=["id", "status", "created_at", "deleted_at"])
    assert published_counts(empty_steps, empty_assets, [ts("2025-01-01")]).tolist() == [0]
