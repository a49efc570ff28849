"""Our vocabularies as HSDS taxonomies and taxonomy terms, with stable UUIDs (pure: no I/O).

Four taxonomies: the ABCD asset types, the six Arup dimensions, the Five Ways to Wellbeing (the
fixed vocabularies of :mod:`healthassets.assets.vocabulary`) and the register's free tags (one term
per distinct tag). Every id is ``uuid5(NAMESPACE, key)`` — the same on every server and every load,
so a consumer's references survive reloads: taxonomy ``taxonomy:{kind}``, term ``term:{kind}:{value}``
(tags lower-cased, so 'GP practice' and 'gp practice' are one term), organisation
``organization:{name lower-cased}``, and the children of an asset ``{child}:{asset id}``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from healthassets.assets.vocabulary import LABELS, AssetType, Dimension, FiveWays

#: the namespace of every UUID this feed makes (uuid5 of the URL below)
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/healthassets/healthassets/openreferral")

ASSET_TYPE, DIMENSION, FIVE_WAYS, TAG = "asset_type", "dimension", "five_ways", "tag"
KINDS = (ASSET_TYPE, DIMENSION, FIVE_WAYS, TAG)

TAXONOMY_TEXT: dict[str, tuple[str, str, type[StrEnum] | None]] = {
    ASSET_TYPE: (
        "ABCD asset type",
        "The six kinds of community asset of Asset-Based Community Development: individuals, "
        "associations, institutions, physical, economic and cultural assets (Kretzmann & McKnight 1993).",
        AssetType,
    ),
    DIMENSION: (
        "Community health-asset dimension",
        "The six dimensions of Arup's Shared Asset Framework.",
        Dimension,
    ),
    FIVE_WAYS: (
        "Five Ways to Wellbeing",
        "The Five Ways to Wellbeing (New Economics Foundation 2008) an asset supports.",
        FiveWays,
    ),
    TAG: ("Tag", "Free tags given to assets in the healthassets community register.", None),
}
TAXONOMY_VERSION = "1"


def make_id(key: str) -> str:
    """The stable UUID of ``key`` in this feed's namespace."""
    return str(uuid.uuid5(NAMESPACE, key))


def child_id(kind: str, parent_id: str) -> str:
    """The stable id of an asset's child record (location, address, contact, …)."""
    return make_id(f"{kind}:{parent_id}")


def taxonomy_id(kind: str) -> str:
    return make_id(f"taxonomy:{kind}")


def term_key(value: str) -> str:
    return " ".join(value.strip().lower().split())


def term_id(kind: str, value: str) -> str:
    return make_id(f"term:{kind}:{term_key(value)}")


def organization_id(name: str | None) -> str:
    return make_id(f"organization:{term_key(name) if name else ''}")


@dataclass(frozen=True)
class Term:
    """One taxonomy term: its kind (taxonomy), stored value and display name."""

    kind: str
    value: str
    name: str

    @property
    def id(self) -> str:
        return term_id(self.kind, self.value)


def fixed_terms() -> list[Term]:
    """The terms of the three fixed vocabularies, in vocabulary order."""
    out = []
    for kind in (ASSET_TYPE, DIMENSION, FIVE_WAYS):
        vocabulary = TAXONOMY_TEXT[kind][2]
        assert vocabulary is not None
        out += [Term(kind, term.value, LABELS[term]) for term in vocabulary]
    return out


def tag_terms(tags: Iterable[str]) -> list[Term]:
    """One term per distinct tag (case and spacing ignored; the first spelling is kept), sorted."""
    seen: dict[str, str] = {}
    for tag in tags:
        if tag and tag.strip():
            seen.setdefault(term_key(tag), " ".join(tag.split()))
    return [Term(TAG, seen[k], seen[k]) for k in sorted(seen)]


def all_terms(tags: Iterable[str]) -> list[Term]:
    return fixed_terms() + tag_terms(tags)


def term_dict(term: Term) -> dict[str, Any]:
    """A term as HSDS ``taxonomy_term`` (UK profile: with ``term`` and ``taxonomy``)."""
    name = TAXONOMY_TEXT[term.kind][0]
    description = term.name if term.kind == TAG else f"{name}: {term.name}"
    return {
        "id": term.id,
        "name": term.name,
        "description": description,
        "taxonomy": name,
        "taxonomy_id": taxonomy_id(term.kind),
        "term": term.value,
    }


def taxonomy_dict(kind: str, terms: Iterable[Term] | None = None) -> dict[str, Any]:
    """A taxonomy as HSDS ``taxonomy``; with ``terms``, its ``taxonomy_terms`` (UK profile)."""
    name, description, _ = TAXONOMY_TEXT[kind]
    out: dict[str, Any] = {
        "id": taxonomy_id(kind),
        "name": name,
        "description": description,
        "version": TAXONOMY_VERSION,
    }
    if terms is not None:
        chosen = [term_dict(t) for t in terms if t.kind == kind]
        if chosen:
            out["taxonomy_terms"] = chosen
    return out


def terms_by_id(terms: Iterable[Term]) -> dict[str, Term]:
    return {t.id: t for t in terms}


def kind_of_taxonomy(identifier: str) -> str | None:
    """The kind whose taxonomy has this id (None when unknown)."""
    return next((k for k in KINDS if taxonomy_id(k) == identifier), None)
