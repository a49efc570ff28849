"""Reads of the register for the Open Referral feed: the public assets and the names of areas.

Public means published and not deleted; nothing else ever leaves this module.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Engine, and_, select

from healthassets.assets.privacy import public_view
from healthassets.assets.vocabulary import Status
from healthassets.store.models import Area, AreaParent, Asset, AssetDimension, AssetFiveWays, AssetServedArea

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
LINKS = (
    (AssetDimension, "dimension", "dimensions"),
    (AssetFiveWays, "way", "five_ways"),
    (AssetServedArea, "area_code", "served_areas"),
)


def public_assets(engine: Engine, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Published, not deleted assets (all, or those of ``ids``) ordered by name then id, with
    ``dimensions``, ``five_ways`` and ``served_areas`` as lists and ``tags`` as a list; people as the
    public sees them (docs/adr/0035: no contact details, a coarse point)."""
    live = and_(Asset.status == Status.PUBLISHED.value, Asset.deleted_at.is_(None))
    if ids is not None:
        live = and_(live, Asset.id.in_(list(ids)))
    query = select(*(getattr(Asset, c) for c in COLUMNS)).where(live).order_by(Asset.name, Asset.id)
    with engine.connect() as connection:
        frame = pd.read_sql(query, connection)
        for model, column, out in LINKS:
            links = pd.read_sql(
                select(model.asset_id, getattr(model, column)).join(Asset).where(live), connection
            )
            grouped = links.sort_values(column).groupby("asset_id")[column].agg(list)
            frame[out] = frame["id"].map(grouped)
    for out in ("dimensions", "five_ways", "served_areas"):
        frame[out] = frame[out].map(lambda v: v if isinstance(v, list) else [])
    frame["tags"] = frame["tags"].map(_as_list)
    return public_view(frame)


def _as_list(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str) and value.strip():
        try:
            loaded = json.loads(value)
        except ValueError:
            return [value]
        return [str(v) for v in loaded] if isinstance(loaded, list) else [str(loaded)]
    return []


def area_names(engine: Engine, codes: Sequence[str]) -> dict[str, str]:
    """Names of the given area codes (those the store knows)."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    with engine.connect() as connection:
        rows = connection.execute(select(Area.code, Area.name).where(Area.code.in_(wanted))).all()
    return {str(code): str(name) for code, name in rows}


def ancestor_codes(engine: Engine, codes: Sequence[str]) -> set[str]:
    """``codes`` and every area above them in the stored hierarchies."""
    found = set(codes)
    frontier = set(codes)
    with engine.connect() as connection:
        for _ in range(12):
            if not frontier:
                break
            parents = set(
                connection.scalars(select(AreaParent.parent_code).where(AreaParent.child_code.in_(frontier)))
            )
            frontier = parents - found
            found |= parents
    return found


def _live() -> Any:
    return and_(Asset.status == Status.PUBLISHED.value, Asset.deleted_at.is_(None))


def public_asset_ids(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [str(i) for i in connection.scalars(select(Asset.id).where(_live()))]


def public_tags(engine: Engine) -> list[str]:
    """Every tag of a public asset (repeats included)."""
    with engine.connect() as connection:
        values = connection.scalars(select(Asset.tags).where(_live(), Asset.tags.is_not(None)))
        return [t for value in values for t in _as_list(value)]
