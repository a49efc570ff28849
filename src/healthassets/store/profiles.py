"""The profiles repository (tables ``profiles``, ``domains``, ``domain_indicators``): named sets of
indicators grouped into ordered domains."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Engine, delete, insert, select

from healthassets.indicators.profile_definitions import ProfileDefinition, ProfileIndicator
from healthassets.store.models import Domain, DomainIndicator, Indicator, Profile

#: the columns of :func:`profile_entries`
ENTRY_COLUMNS = ["domain_key", "domain_name", "domain_description", "indicator_id", "placement"]


def list_profiles(engine: Engine) -> list[tuple[str, str]]:
    """(slug, name) of every stored profile, by name."""
    with engine.connect() as connection:
        return [
            (r.slug, r.name)
            for r in connection.execute(select(Profile.slug, Profile.name).order_by(Profile.name))
        ]


def domain_indicators(engine: Engine, slug: str) -> list[tuple[str, int]]:
    """(domain name, indicator id) of a profile, in domain then indicator order ([] if unknown)."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(Domain.name, DomainIndicator.indicator_id)
            .join(DomainIndicator, DomainIndicator.domain_id == Domain.id)
            .where(Domain.profile_slug == slug)
            .order_by(Domain.position, DomainIndicator.position)
        ).all()
    return [(str(name), int(indicator)) for name, indicator in rows]


def profile_entries(engine: Engine, slug: str) -> pd.DataFrame:
    """One row per (domain, indicator) of a profile, in domain then indicator order, with the
    domain's key, name and description and the indicator's placement (:data:`ENTRY_COLUMNS`); a
    domain whose indicators are all unknown to the store has one row with no indicator."""
    query = (
        select(
            Domain.key.label("domain_key"),
            Domain.name.label("domain_name"),
            Domain.description.label("domain_description"),
            DomainIndicator.indicator_id,
            DomainIndicator.placement,
        )
        .outerjoin(DomainIndicator, DomainIndicator.domain_id == Domain.id)
        .where(Domain.profile_slug == slug)
        .order_by(Domain.position, DomainIndicator.position)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=ENTRY_COLUMNS)
    frame["indicator_id"] = pd.array(frame["indicator_id"], dtype="Int64")
    return frame


def write_profiles(engine: Engine, profiles: Iterable[ProfileDefinition], *, only: bool = False) -> None:
    """Write profile definitions in one transaction, replacing stored ones of the same slug (with
    ``only``: every stored profile, so that those no longer defined go); an indicator the store does
    not hold is left out of its domain."""
    with engine.begin() as connection:
        known = set(connection.scalars(select(Indicator.id)))
        if only:
            connection.execute(delete(Profile))  # their domains go with them (ON DELETE CASCADE)
        for profile in profiles:
            connection.execute(delete(Profile).where(Profile.slug == profile.slug))
            connection.execute(
                insert(Profile).values(slug=profile.slug, name=profile.name, description=profile.description)
            )
            for position, domain in enumerate(profile.domains):
                domain_id = connection.execute(
                    insert(Domain)
                    .values(
                        profile_slug=profile.slug,
                        key=domain.key,
                        name=domain.name,
                        description=domain.description,
                        position=position,
                    )
                    .returning(Domain.id)
                ).scalar_one()
                rows = [
                    {
                        "domain_id": domain_id,
                        "indicator_id": e.id,
                        "position": p,
                        "placement": e.placement or None,
                    }
                    for p, e in enumerate(_first_of_each(domain.entries))
                    if e.id in known
                ]
                if rows:
                    connection.execute(insert(DomainIndicator), rows)


def _first_of_each(entries: Iterable[ProfileIndicator]) -> list[ProfileIndicator]:
    """Each indicator once, where it first appears."""
    found: dict[int, ProfileIndicator] = {}
    for entry in entries:
        found.setdefault(entry.id, entry)
    return list(found.values())


def profile_summary(engine: Engine, slug: str) -> tuple[str, str | None] | None:
    """(name, description) of the profile ``slug``; None when there is no such profile."""
    with engine.connect() as connection:
        row = connection.execute(
            select(Profile.name, Profile.description).where(Profile.slug == slug)
        ).first()
    return None if row is None else (str(row.name), row.description)
