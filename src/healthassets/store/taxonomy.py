"""Queries over the register's vocabularies as used: free tags and how many assets carry each term."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, func, select, update

from healthassets.store.audit import audit
from healthassets.store.models import Asset, AssetDimension, AssetFiveWays


def live_tag_lists(engine: Engine) -> list[list[str]]:
    """The tag list of every live asset that has tags."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(Asset.tags).where(Asset.tags.is_not(None), Asset.deleted_at.is_(None))
        )
        return [list(tags) for (tags,) in rows if isinstance(tags, list)]


def vocabulary_counts(engine: Engine) -> dict[str, dict[str, int]]:
    """Live assets per type, per dimension and per Five Ways tag."""
    live = Asset.deleted_at.is_(None)
    with engine.connect() as connection:
        types = connection.execute(
            select(Asset.asset_type, func.count()).where(live).group_by(Asset.asset_type)
        )
        dimensions = connection.execute(
            select(AssetDimension.dimension, func.count())
            .join(Asset, Asset.id == AssetDimension.asset_id)
            .where(live)
            .group_by(AssetDimension.dimension)
        )
        ways = connection.execute(
            select(AssetFiveWays.way, func.count())
            .join(Asset, Asset.id == AssetFiveWays.asset_id)
            .where(live)
            .group_by(AssetFiveWays.way)
        )
        return {
            "types": {str(k): int(v) for k, v in types},
            "dimensions": {str(k): int(v) for k, v in dimensions},
            "five_ways": {str(k): int(v) for k, v in ways},
        }


def retag(engine: Engine, change: Callable[[list[str]], list[str] | None], *, by: int | None) -> int:
    """Give every asset whose tags ``change`` alters (it returns None to leave them) the new list, one
    audit entry each, in one transaction; returns how many assets changed."""
    changed = 0
    with engine.begin() as connection:
        rows = connection.execute(select(Asset.id, Asset.tags).where(Asset.tags.is_not(None))).all()
        for asset_id, tags in rows:
            renamed = change(list(tags)) if tags else None
            if renamed is None:
                continue
            connection.execute(update(Asset).where(Asset.id == asset_id).values(tags=renamed))
            audit(
                connection,
                "retag",
                "asset",
                asset_id,
                user_id=by,
                before={"tags": tags},
                after={"tags": renamed},
            )
            changed += 1
    return changed
