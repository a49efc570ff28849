"""Use case: administrators look after the register's taxonomies and read the audit log.

The ABCD asset types, the six Arup dimensions and the Five Ways to Wellbeing are fixed vocabularies
(published frameworks: docs/adr/0033); what grows with use are the free tags, which admins rename and
merge here. Every retagged asset gets an audit entry."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd
from sqlalchemy import Engine, func, select, update

from healthassets.errors import InputError
from healthassets.store.assets import audit
from healthassets.store.models import Asset, AssetDimension, AssetFiveWays, AuditEntry, User


def tag_counts(engine: Engine) -> list[tuple[str, int]]:
    """Free tags of live assets with how many carry each, most used first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(Asset.tags).where(Asset.tags.is_not(None), Asset.deleted_at.is_(None))
        )
        counts = Counter(tag for (tags,) in rows for tag in (tags or []) if isinstance(tag, str))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))


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


def rename_tag(engine: Engine, old: str, new: str, *, by: int | None) -> int:
    """Rename (or, when ``new`` already exists on an asset, merge) a free tag everywhere; returns how
    many assets changed. Tags are compared exactly after trimming."""
    old, new = old.strip(), new.strip()
    if not old or not new:
        raise InputError("give the tag to rename and its new name", column="new_tag")
    if len(new) > 100:
        raise InputError("a tag has at most 100 characters", column="new_tag")
    changed = 0
    with engine.begin() as connection:
        rows = connection.execute(select(Asset.id, Asset.tags).where(Asset.tags.is_not(None))).all()
        for asset_id, tags in rows:
            if not tags or old not in tags:
                continue
            renamed = list(dict.fromkeys(new if tag == old else tag for tag in tags))
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


def audit_entries(
    engine: Engine, *, entity: str | None = None, entity_id: str | None = None, limit: int = 200
) -> pd.DataFrame:
    """The newest audit entries (optionally of one entity), with the acting account's email."""
    query = (
        select(AuditEntry.id, AuditEntry.at, AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id,
               AuditEntry.before, AuditEntry.after, User.email)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )  # fmt: skip
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if entity_id:
        query = query.where(AuditEntry.entity_id == entity_id)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    frame = pd.DataFrame(
        rows, columns=["id", "at", "action", "entity", "entity_id", "before", "after", "email"]
    )
    frame["changed"] = [changed_fields(b, a) for b, a in zip(frame["before"], frame["after"], strict=True)]
    return frame


def changed_fields(before: Any, after: Any) -> list[str]:
    """Names of the fields whose value differs between the before and after records."""
    before, after = before or {}, after or {}
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
