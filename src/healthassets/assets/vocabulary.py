"""The words of the community asset register (pure: no I/O).

- **Asset types** are the six kinds of asset of Asset-Based Community Development (ABCD): individuals,
  associations, institutions, physical, economic and cultural assets (Kretzmann & McKnight 1993,
  *Building Communities from the Inside Out*; as used by Nurture Development / the ABCD Institute).
- **Dimensions** are the six dimensions of Arup's Shared Asset Framework (personal capacity;
  lifestyle and activities; community and economy; built environment; natural environment; climate
  and ecosystem). The framework is Arup's; it is not a Health Foundation or Public Health Wales
  publication (PHW's health-asset work uses three dimensions: individual, community, structural).
- **Five Ways to Wellbeing** (New Economics Foundation 2008): connect, be active, take notice, keep
  learning, give.
- **Status** follows moderation: draft → submitted → published or rejected → archived.

Each vocabulary is a StrEnum whose values are stored in the database and used in URLs; ``LABELS``
gives the English label shown to people.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


class AssetType(StrEnum):
    INDIVIDUAL = "individual"
    ASSOCIATION = "association"
    INSTITUTION = "institution"
    PHYSICAL = "physical"
    ECONOMIC = "economic"
    CULTURAL = "cultural"


class Dimension(StrEnum):
    PERSONAL_CAPACITY = "personal_capacity"
    LIFESTYLE_ACTIVITIES = "lifestyle_activities"
    COMMUNITY_ECONOMY = "community_economy"
    BUILT_ENVIRONMENT = "built_environment"
    NATURAL_ENVIRONMENT = "natural_environment"
    CLIMATE_ECOSYSTEM = "climate_ecosystem"


class FiveWays(StrEnum):
    CONNECT = "connect"
    BE_ACTIVE = "be_active"
    TAKE_NOTICE = "take_notice"
    KEEP_LEARNING = "keep_learning"
    GIVE = "give"


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    REJECTED = "rejected"
    ARCHIVED = "archived"


class Role(StrEnum):
    CONTRIBUTOR = "contributor"
    MODERATOR = "moderator"
    PLANNER = "planner"
    ADMIN = "admin"


LABELS: dict[StrEnum, str] = {
    AssetType.INDIVIDUAL: "Individual (a person's skills and knowledge)",
    AssetType.ASSOCIATION: "Association (groups, clubs, networks)",
    AssetType.INSTITUTION: "Institution (public services, charities, businesses)",
    AssetType.PHYSICAL: "Physical (land, buildings, green space)",
    AssetType.ECONOMIC: "Economic (jobs, local trade, money)",
    AssetType.CULTURAL: "Cultural (heritage, arts, faith, identity)",
    Dimension.PERSONAL_CAPACITY: "Personal capacity",
    Dimension.LIFESTYLE_ACTIVITIES: "Lifestyle and activities",
    Dimension.COMMUNITY_ECONOMY: "Community and economy",
    Dimension.BUILT_ENVIRONMENT: "Built environment",
    Dimension.NATURAL_ENVIRONMENT: "Natural environment",
    Dimension.CLIMATE_ECOSYSTEM: "Climate and ecosystem",
    FiveWays.CONNECT: "Connect",
    FiveWays.BE_ACTIVE: "Be active",
    FiveWays.TAKE_NOTICE: "Take notice",
    FiveWays.KEEP_LEARNING: "Keep learning",
    FiveWays.GIVE: "Give",
    Status.DRAFT: "Draft",
    Status.SUBMITTED: "Submitted for review",
    Status.PUBLISHED: "Published",
    Status.REJECTED: "Rejected",
    Status.ARCHIVED: "Archived",
    Role.CONTRIBUTOR: "Contributor",
    Role.MODERATOR: "Moderator",
    Role.PLANNER: "Planner",
    Role.ADMIN: "Administrator",
}

#: short labels for tables and chart legends
SHORT_LABELS: dict[StrEnum, str] = {
    AssetType.INDIVIDUAL: "Individual",
    AssetType.ASSOCIATION: "Association",
    AssetType.INSTITUTION: "Institution",
    AssetType.PHYSICAL: "Physical",
    AssetType.ECONOMIC: "Economic",
    AssetType.CULTURAL: "Cultural",
}

#: allowed status changes (moderation): from → {to}
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED, Status.ARCHIVED}),
    Status.SUBMITTED: frozenset({Status.PUBLISHED, Status.REJECTED, Status.DRAFT}),
    Status.PUBLISHED: frozenset({Status.ARCHIVED, Status.SUBMITTED}),
    Status.REJECTED: frozenset({Status.SUBMITTED, Status.ARCHIVED}),
    Status.ARCHIVED: frozenset({Status.PUBLISHED, Status.DRAFT}),
}


def label(term: StrEnum) -> str:
    """The English label of a vocabulary term."""
    return LABELS[term]


def short_label(term: StrEnum) -> str:
    return SHORT_LABELS.get(term, LABELS[term])


def parse_terms(kind: type[E], text: str | Iterable[str] | None) -> list[E]:
    """Terms of ``kind`` from 'a;b' / 'a, b' text or a list, accepting values, names or labels
    (any case, spaces or underscores). Unknown terms raise ValueError naming the term."""
    if text is None:
        return []
    parts = text.replace(",", ";").split(";") if isinstance(text, str) else list(text)
    lookup: dict[str, E] = {}
    for term in kind:
        for key in (term.value, term.name, LABELS.get(term, ""), SHORT_LABELS.get(term, "")):
            if key:
                lookup[_key(key)] = term
    out: list[E] = []
    for part in parts:
        if not str(part).strip():
            continue
        key = _key(str(part))
        if key not in lookup:
            allowed = ", ".join(t.value for t in kind)
            raise ValueError(f"unknown {kind.__name__} {str(part).strip()!r} (allowed: {allowed})")
        if lookup[key] not in out:
            out.append(lookup[key])
    return out


def _key(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").replace("&", "and").split())


def can_transition(current: Status, target: Status) -> bool:
    return target in TRANSITIONS[current]
