"""Use case: a Joint Strategic Needs and Assets Assessment (JSNAA) report of one area — its Health
assets and Needs profiles with benchmarks against its country, the assets-vs-needs summary and
priority areas (authorities and countries), the register's published community assets by Arup
dimension, published stories (shown only after moderation, with the teller's consent recorded at
submission), the methods and their uncertainty, and the sources (docs/adr/0062).

Everything here is public: published assets only, no person listed as an asset, no contributor
details; the printable page and the PDF show the same report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from healthassets.assets.privacy import public_view
from healthassets.assets.search import AssetFilter
from healthassets.assets.vocabulary import LABELS, Dimension
from healthassets.services.asset_browse import public_filter
from healthassets.services.assets_needs import AssetsAndNeeds, assets_and_needs, offers_assets_and_needs
from healthassets.services.profiles import area_profile, main_breakdowns, profile_domains
from healthassets.store import Engine
from healthassets.store.areas import AreaInfo
from healthassets.store.assets import count_assets, list_assets
from healthassets.store.stories import published_stories_of_assets

#: the report's profiles, in order
PROFILES = (("health-assets", "Health assets"), ("needs", "Needs"))
EXAMPLES_PER_DIMENSION = 5
STORIES = 6
PRIORITY_AREAS = 15


@dataclass
class ProfileSection:
    slug: str
    name: str
    #: (domain name, its rows: indicator_name, period, value, lower95_0cl, upper95_0cl,
    #: country_value, country_benchmark)
    domains: list[tuple[str, pd.DataFrame]]


@dataclass
class DimensionSection:
    dimension: str
    label: str
    count: int
    examples: list[str]


@dataclass
class AreaReport:
    area: AreaInfo
    country: AreaInfo | None
    profiles: list[ProfileSection]
    assets_and_needs: AssetsAndNeeds | None
    dimensions: list[DimensionSection]
    stories: list[dict[str, Any]] = field(default_factory=list)
    made_on: date = field(default_factory=date.today)

    @property
    def assets_total(self) -> int:
        return sum(d.count for d in self.dimensions)


def area_report(engine: Engine, code: str) -> AreaReport:
    """The report of ``code`` (any area with a profile; the assets-vs-needs part where offered)."""
    profile = area_profile(engine, code)
    table = main_breakdowns(profile.table)
    sections = []
    for slug, name in PROFILES:
        domains = []
        for domain, ids in profile_domains(engine, slug):
            rows = table[table["indicator_id"].isin(ids)]
            order = {i: n for n, i in enumerate(ids)}
            rows = rows.assign(order=rows["indicator_id"].map(order)).sort_values("order")
            if len(rows):
                domains.append((domain, rows))
        sections.append(ProfileSection(slug, name, domains))
    area = profile.area
    view = assets_and_needs(engine, area.code, draws=200) if offers_assets_and_needs(area) else None
    dimensions = _dimensions(engine, area.code)
    return AreaReport(
        area=area,
        country=profile.country,
        profiles=sections,
        assets_and_needs=view,
        dimensions=dimensions,
        stories=_stories(engine, area.code),
    )


def _public(code: str, **fields: Any) -> AssetFilter:
    """Published, live assets within ``code``, never a person (the report is public)."""
    chosen = public_filter(AssetFilter(area=code, **fields))
    chosen.people = "none"
    return chosen


def _dimensions(engine: Engine, code: str) -> list[DimensionSection]:
    out = []
    for dimension in Dimension:
        chosen = _public(code, dimensions=[dimension.value])
        count = count_assets(engine, chosen)
        rows = list_assets(engine, chosen, offset=0, limit=EXAMPLES_PER_DIMENSION, columns=["id", "name"])
        names = [str(n) for n in public_view(rows)["name"]] if count else []
        out.append(DimensionSection(dimension.value, LABELS[dimension], count, names))
    return out


def _stories(engine: Engine, code: str) -> list[dict[str, Any]]:
    """Published stories of the area's published assets, newest first (title, body, asset name)."""
    rows = list_assets(engine, _public(code), offset=0, limit=5_000, columns=["id", "name"])
    if rows.empty:
        return []
    names = dict(zip(rows["id"], rows["name"], strict=True))
    with engine.connect() as connection:
        stories = published_stories_of_assets(connection, list(names), STORIES)
    return [{**s, "asset_name": names.get(s["asset_id"], "")} for s in stories]
