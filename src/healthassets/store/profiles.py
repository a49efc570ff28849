"""The profiles repository (tables ``profiles``, ``domains``, ``domain_indicators``): named sets of
indicators grouped into ordered domains."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine, delete, insert, select

from healthassets.indicators.profile_definitions import ProfileDefinition
from healthassets.store.models import Domain, DomainIndicator, Indicator, Profile


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


def write_profiles(engine: Engine, profiles: Iterable[ProfileDefinition]) -> None:
    """Write profile definitions in one transaction, replacing stored ones of the same slug; an
    indicator the store does not hold is left out of its domain."""
    with engine.begin() as connection:
        known = set(connection.scalars(select(Indicator.id)))
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
                        name=domain.name,
                        description=domain.description,
                        position=position,
                    )
                    .returning(Domain.id)
                ).scalar_one()
                rows = [
                    {"domain_id": domain_id, "indicator_id": i, "position": p}
                    for p, i in enumerate(dict.fromkeys(domain.indicators))
                    if i in known
                ]
                if rows:
                    connection.execute(insert(DomainIndicator), rows)
