"""Use case: administrators look after the register's taxonomies and read the audit log.

The ABCD asset types, the six Arup dimensions and the Five Ways to Wellbeing are fixed vocabularies
(published frameworks: docs/adr/0033); what grows with use are the free tags, which admins rename and
merge here. Every retagged asset gets an audit entry."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from healthassets.errors import InputError
from healthassets.store import Engine, audit, taxonomy


def tag_counts(engine: Engine) -> list[tuple[str, int]]:
    """Free tags of live assets with how many carry each, most used first."""
    counts = Counter(tag for tags in taxonomy.live_tag_lists(engine) for tag in tags if isinstance(tag, str))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))


def vocabulary_counts(engine: Engine) -> dict[str, dict[str, int]]:
    """Live assets per type, per dimension and per Five Ways tag."""
    return taxonomy.vocabulary_counts(engine)


def rename_tag(engine: Engine, old: str, new: str, *, by: int | None) -> int:
    """Rename (or, when ``new`` already exists on an asset, merge) a free tag everywhere; returns how
    many assets changed. Tags are compared exactly after trimming."""
    old, new = old.strip(), new.strip()
    if not old or not new:
        raise InputError("give the tag to rename and its new name", column="new_tag")
    if len(new) > 100:
        raise InputError("a tag has at most 100 characters", column="new_tag")

    def renamed(tags: list[str]) -> list[str] | None:
        return list(dict.fromkeys(new if tag == old else tag for tag in tags)) if old in tags else None

    return taxonomy.retag(engine, renamed, by=by)


def audit_entries(
    engine: Engine, *, entity: str | None = None, entity_id: str | None = None, limit: int = 200
) -> pd.DataFrame:
    """The newest audit entries (optionally of one entity), with the acting account's email and the
    names of the fields each changed."""
    frame = audit.audit_entries(engine, entity=entity, entity_id=entity_id, limit=limit)
    frame["changed"] = [changed_fields(b, a) for b, a in zip(frame["before"], frame["after"], strict=True)]
    return frame


def changed_fields(before: Any, after: Any) -> list[str]:
    """Names of the fields whose value differs between the before and after records."""
    before, after = before or {}, after or {}
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
