"""What the Open Referral feed reads: the published register as the public may see it.

Public means published and not deleted, and people only as docs/adr/0035 shows them (no contact
details, a coarse point); nothing else ever reaches the feed. The queries are the store's
(:mod:`healthassets.store.assets`, :mod:`healthassets.store.areas`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from healthassets.assets.privacy import public_view
from healthassets.store import Engine
from healthassets.store.areas import ancestor_codes, area_names
from healthassets.store.assets import published_assets, published_ids, published_tags

__all__ = ["ancestor_codes", "area_names", "public_asset_ids", "public_assets", "public_tags"]

COLUMNS = [
    "id",
    "name",
    "description",
    "asset_type",
    "physical",
    "tags",
    "latitude",
    "longitude",
    "address",
    "postcode",
    "opening_times",
    "schedule",
    "email",
    "phone",
    "website",
    "cost",
    "accessibility",
    "organisation_name",
    "service_name",
    "service_description",
    "minimum_age",
    "maximum_age",
    "last_verified_at",
    "is_person",
    "created_at",
    "updated_at",
]


def public_assets(engine: Engine, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Published, not deleted assets (all, or those of ``ids``) ordered by name then id, with
    ``dimensions``, ``five_ways``, ``served_areas`` and ``tags`` as lists; people as the public sees
    them."""
    return public_view(published_assets(engine, COLUMNS, ids))


def public_asset_ids(engine: Engine) -> list[str]:
    return published_ids(engine)


def public_tags(engine: Engine) -> list[str]:
    """Every tag of a public asset (repeats included)."""
    return published_tags(engine)
