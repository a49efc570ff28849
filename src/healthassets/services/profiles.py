"""Use case: the profile of one area — its indicators benchmarked against each of its comparators
(its country, England, its region, its parent authority: docs/adr/0053) — and the profile
definitions it is grouped by.

Read from the derived tables (docs/adr/0044), built once per data load by
:mod:`healthassets.services.derived`: each series' latest value with completed confidence limits,
its recent trend, each comparator's value and the benchmark against each at the indicator's own
level (the region's value stored, else rebuilt from its local authorities' counts and
denominators). :mod:`healthassets.services.profile_reference` keeps the per-request computation
they are checked against.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from healthassets.errors import NotFoundError
from healthassets.geography.areas import AUTHORITY_TYPES
from healthassets.indicators.profile_definitions import (
    DEFAULT_PROFILE,
    DomainDefinition,
    ProfileDefinition,
    ProfileIndicator,
    bundled_profiles,
)
from healthassets.services.benchmarking import (
    ENGLAND,
    LIMITS,
    SERIES_KEYS,
    TREND_KEYS,
    benchmark_against,
    benchmark_methods,
    fill_limits,
    with_trend,
)
from healthassets.services.derived import ensure_derived
from healthassets.services.reference import Reference, reference_data
from healthassets.store import Engine
from healthassets.store import derived as derived_store
from healthassets.store import indicators as indicator_store
from healthassets.store import profiles as profile_store
from healthassets.store.areas import AreaInfo, ancestors, get_area
from healthassets.store.values import VALUE_FIELDS

__all__ = [
    "COMPARATOR_KINDS",
    "ENGLAND",
    "LIMITS",
    "SERIES_KEYS",
    "TREND_KEYS",
    "AreaProfile",
    "ProfileDomain",
    "area_profile",
    "benchmark_against",
    "benchmark_methods",
    "comparators_of",
    "default_profile",
    "distinct_areas",
    "ensure_profiles",
    "fill_limits",
    "indicator_metadata",
    "profile_domains",
    "profile_layout",
    "region_values",
    "with_trend",
]


#: the comparators of an area, in the order the profile offers them (docs/adr/0053): its own country
#: (England or Wales), England (for a Welsh area), its region, its parent authority
COMPARATOR_KINDS = ("country", "england", "region", "authority")


@dataclass
class AreaProfile:
    area: AreaInfo
    #: the distinct comparator areas, in the order of :data:`COMPARATOR_KINDS`
    comparators: list[AreaInfo]
    table: pd.DataFrame
    #: each table row's percentile among the areas it is compared within (domain scores)
    percentiles: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    #: comparator kind → its area; the table has ``{kind}_value`` and ``{kind}_benchmark`` for each
    comparator_areas: dict[str, AreaInfo] = field(default_factory=dict)
    #: the area's own country (England or Wales): ``country_value``/``country_benchmark`` columns
    country: AreaInfo | None = None


def comparators_of(engine: Engine, line: list[AreaInfo]) -> dict[str, AreaInfo]:
    """Comparator kind → area, from an area's administrative ancestors ``line`` (nearest first): its
    country, England (for every area in England or Wales), its region and its parent authority."""
    found: dict[str, AreaInfo] = {}
    country = next((a for a in line if a.area_type == "country"), None)
    if country is not None:
        found["country"] = country
        found["england"] = country if country.code == ENGLAND else get_area(engine, ENGLAND)
    region = next((a for a in line if a.area_type == "region"), None)
    authority = next((a for a in line if a.area_type in AUTHORITY_TYPES), None)
    found.update({k: a for k, a in (("region", region), ("authority", authority)) if a is not None})
    return {kind: found[kind] for kind in COMPARATOR_KINDS if kind in found}


def distinct_areas(areas: dict[str, AreaInfo]) -> list[AreaInfo]:
    """The areas of a comparator map, each once, in the map's order."""
    return list({a.code: a for a in areas.values()}.values())


def indicator_metadata(engine: Engine, reference: Reference | None = None) -> pd.DataFrame:
    """Indicator id → name, value type, polarity, benchmark method, unit, multiplier (reference data,
    read once per data version: do not change it in place)."""
    reference = reference or reference_data(engine)
    return reference.get("indicator_metadata", lambda: indicator_store.indicator_metadata(engine))


def region_values(engine: Engine, region: AreaInfo, series: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """The region's values for ``series`` (every period): stored, else aggregated from its
    authorities, limits completed (the derived tables; ``meta`` is not needed any more)."""
    ensure_derived(engine)
    indicators = sorted(int(i) for i in series["indicator_id"].unique())
    rows = derived_store.region_rows(engine, region.code, indicators)
    return rows.merge(series[SERIES_KEYS].drop_duplicates(), on=SERIES_KEYS)


def area_profile(engine: Engine, code: str, *, indicators: list[int] | None = None) -> AreaProfile:
    """The area's latest values, each benchmarked against each of its comparators."""
    ensure_derived(engine)
    area = get_area(engine, code)
    reference = reference_data(engine)
    meta = indicator_metadata(engine, reference)
    line = ancestors(engine, area.code)
    kinds = comparators_of(engine, line)
    rows = derived_store.area_rows(engine, area.code, indicators or [])
    ids = rows["indicator_id"]
    columns: dict[str, object] = {name: rows[name] for name in VALUE_FIELDS}
    columns["indicator_name"] = ids.map(meta["name"])
    columns["area_name"] = area.name
    columns["area_type"] = area.area_type
    columns["parent_code"] = line[0].code if line else None
    columns["parent_name"] = line[0].name if line else None
    columns["trend"] = rows["trend"]
    if len(rows):  # as with_trend: no history, no trend source
        columns["trend_source"] = rows["trend_source"]
    for kind in kinds:
        columns[f"{kind}_value"] = rows[f"{kind}_value"]
        columns[f"{kind}_benchmark"] = rows[f"{kind}_benchmark"]
    columns["unit"] = ids.map(meta["unit"])
    columns["polarity"] = ids.map(meta["polarity"])
    methods = reference.get("benchmark_methods", lambda: benchmark_methods(meta))
    columns["benchmark_method"] = ids.map(methods)
    table = pd.DataFrame(columns, index=rows.index)
    return AreaProfile(
        area,
        distinct_areas(kinds),
        table,
        percentiles=rows["percentile"],
        comparator_areas=kinds,
        country=kinds.get("country"),
    )


def ensure_profiles(engine: Engine) -> None:
    """Install every bundled profile definition (``indicators/profiles/*.json``) in place of the
    stored ones — a profile no longer bundled (a retired slug) goes — skipping unknown indicators."""
    profile_store.write_profiles(engine, [*bundled_profiles(), *local_survey_profiles(engine)], only=True)


#: the profile of the survey results published with `healthassets survey publish` (docs/adr/0066)
LOCAL_SURVEYS = "local-surveys"
LOCAL_SURVEYS_NAME = "Local survey results"
LOCAL_SURVEYS_DOMAIN = "Survey results"


def local_survey_profiles(engine: Engine) -> list[ProfileDefinition]:
    """The Local survey results profile, one domain of every published survey indicator (source
    'survey'), by id; none before the first publication."""
    ids = indicator_store.indicator_ids_of_source(engine, "survey")
    if not ids:
        return []
    description = "Results of local surveys published by this site's team, beside the national indicators."
    domain = DomainDefinition(
        "survey-results",
        LOCAL_SURVEYS_DOMAIN,
        "Means with 95% confidence limits; areas with few responses are suppressed.",
        tuple(ProfileIndicator(i) for i in ids),
    )
    return [ProfileDefinition(LOCAL_SURVEYS, LOCAL_SURVEYS_NAME, description, (domain,))]


def install_local_survey_profile(engine: Engine) -> None:
    """Write (or rewrite) the Local survey results profile after a publication."""
    profile_store.write_profiles(engine, local_survey_profiles(engine))


def default_profile(profiles: list[tuple[str, str]]) -> str | None:
    """The profile a page opens with: the Health assets profile when installed, else the first."""
    slugs = [slug for slug, _ in profiles]
    return DEFAULT_PROFILE if DEFAULT_PROFILE in slugs else (slugs[0] if slugs else None)


@dataclass(frozen=True)
class ProfileDomain:
    key: str
    name: str
    description: str
    #: indicator ids in order
    indicators: list[int]
    #: indicator id → why it sits in this domain (only those the definition explains)
    placements: dict[int, str]


def profile_layout(engine: Engine, slug: str) -> list[ProfileDomain]:
    """A stored profile's domains in order, with their keys, descriptions and placements."""
    rows = profile_store.profile_entries(engine, slug)
    if rows.empty:
        raise NotFoundError(f"no profile {slug!r} (run `healthassets load` to install the bundled profiles)")
    domains: list[ProfileDomain] = []
    for (key, name), block in rows.groupby(["domain_key", "domain_name"], sort=False, dropna=False):
        listed = block.dropna(subset=["indicator_id"])
        ids = [int(i) for i in listed["indicator_id"]]
        notes = listed.dropna(subset=["placement"])
        placements = {int(i): str(p) for i, p in zip(notes["indicator_id"], notes["placement"], strict=True)}
        description = block["domain_description"].iloc[0]
        domains.append(
            ProfileDomain(
                key=str(key) if isinstance(key, str) else f"domain-{len(domains) + 1}",
                name=str(name),
                description=description if isinstance(description, str) else "",
                indicators=ids,
                placements=placements,
            )
        )
    return domains


def profile_domains(engine: Engine, slug: str | None) -> list[tuple[str, list[int]]]:
    """(domain name, indicator ids in order) of a profile; ``None`` → one domain of every indicator."""
    if slug is None:
        return [("All indicators", indicator_store.indicator_ids(engine))]
    return [(d.name, d.indicators) for d in profile_layout(engine, slug)]


def main_breakdowns(table: pd.DataFrame) -> pd.DataFrame:
    """One breakdown per indicator: Persons if present, the 'All ages' or broadest age, no category."""
    rows = table[table["category_type"].fillna("") == ""].copy()
    rows["persons"] = (rows["sex"] == "Persons").astype(int)
    rows["all_ages"] = (rows["age"] == "All ages").astype(int)
    best = rows.sort_values(["indicator_id", "persons", "all_ages"], ascending=[True, False, False])
    return best.drop_duplicates("indicator_id").drop(columns=["persons", "all_ages"])
