"""Use case: everything the area profile page shows — benchmarked indicators by domain (with why each
sits there), spine-chart geometry, the spider chart's spokes and domain scores against the area's
country, the comparators it can be benchmarked against (docs/adr/0053), the area's place in the
hierarchy and its statistical neighbours."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.benchmark.spider import spider_scale
from healthassets.benchmark.spine import domain_means, position_on_spine, spine_positions
from healthassets.errors import InputError
from healthassets.geography.areas import comparable_group
from healthassets.indicators.disclosure import applies_disclosure_control, apply_disclosure
from healthassets.services.asset_coverage import (
    CoverageStatement,
    coverage_statement,
    mapped_groups,
    unmapped_indicators,
)
from healthassets.services.neighbours import statistical_neighbours
from healthassets.services.predecessors import PredecessorValues, Replacement, predecessor_values, replaced_by
from healthassets.services.profiles import (
    COMPARATOR_KINDS,
    ENGLAND,
    SERIES_KEYS,
    ProfileDomain,
    area_profile,
    default_profile,
    indicator_metadata,
    profile_layout,
)
from healthassets.services.reference import reference_data
from healthassets.services.upper_tier import with_county_values
from healthassets.store import Engine
from healthassets.store import areas as area_queries
from healthassets.store import indicators as indicator_store
from healthassets.store import profiles as profile_store
from healthassets.store.areas import AreaInfo
from healthassets.store.asset_areas import coverage_codes
from healthassets.store.derived import spine_rows
from healthassets.tables import row_positions

COMPARATORS = COMPARATOR_KINDS


@dataclass
class AreaPage:
    area: AreaInfo
    profile_slug: str
    profiles: list[tuple[str, str]]
    #: the comparator kind benchmarked against (see :func:`chosen_comparator`)
    comparator: str
    comparator_area: AreaInfo | None
    #: comparator kind → area, those the page offers
    comparators: dict[str, AreaInfo]
    domains: list[tuple[str, pd.DataFrame]]
    scores: pd.DataFrame
    #: the profile's domains (key, name, description, placements), in order
    layout: list[ProfileDomain] = field(default_factory=list)
    #: the area's country (England or Wales), whose areas scale the spider chart
    country: AreaInfo | None = None
    #: one row per spoke of the spider chart (see :func:`spider_rows`)
    spider: pd.DataFrame = field(default_factory=pd.DataFrame)
    profile_description: str = ""
    parents: list[AreaInfo] = field(default_factory=list)
    children: list[AreaInfo] = field(default_factory=list)
    #: statistical neighbours, most similar first (services/neighbours.py, docs/adr/0041)
    neighbours: list[AreaInfo] = field(default_factory=list)
    #: domain name → whether it holds only community-asset indicators, and whether the register
    #: covers this area (outside its coverage asset measures are "not mapped", never zero)
    asset_domains: set[str] = field(default_factory=set)
    asset_coverage: bool = False
    #: domain name → its asset indicators not mapped for this area (docs/adr/0051: coverage per kind)
    unmapped: dict[str, list[int]] = field(default_factory=dict)
    #: where the register is mapped (shown with the asset domains)
    coverage: CoverageStatement | None = None
    #: how many areas lie directly within (``children`` holds at most 200 of them)
    children_count: int = 0
    #: what replaced this area, when it is inactive; the areas it replaced, with their own values
    #: (docs/adr/0050)
    replaced_by: list[Replacement] = field(default_factory=list)
    predecessors: PredecessorValues | None = None

    @property
    def benchmarked(self) -> bool:
        """Whether any row is compared with the chosen comparator — its value is known, or the row is
        ranked among its areas — (else the page says there is nothing to compare with, rather than
        showing every row 'Not compared')."""
        if self.comparator_area is None:
            return False
        # neither word means a comparison ('No comparator value published': docs/adr/0048)
        nothing = ["Not compared", "No comparator value published"]
        judged = [
            f["comparator_value"].notna() | ~f["comparator_benchmark"].fillna("Not compared").isin(nothing)
            for _, f in self.domains
            if len(f)
        ]
        return any(bool(rows.any()) for rows in judged)

    @property
    def scored_domains(self) -> int:
        """Domains with a score for this area: the radar chart needs at least three."""
        if "score" not in self.scores:
            return 0
        return int(self.scores["score"].notna().sum())


def list_profiles(engine: Engine) -> list[tuple[str, str]]:
    """(slug, name) of every stored profile."""
    return profile_store.list_profiles(engine)


def disclosure_of(engine: Engine) -> pd.Series:
    """Indicator id → whether it applies disclosure control."""
    return applies_disclosure_control(indicator_store.disclosure_texts(engine))


def headline_rows(table: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator and sex (per area) for the profile: the series without a category,
    Persons where the indicator has it (else each sex it has)."""
    per = ["indicator_id", "area_code"] if "area_code" in table else ["indicator_id"]
    plain = table[table["category_type"].fillna("") == ""]
    persons = (plain["sex"] == "Persons").to_numpy()
    has_persons = pd.Series(persons, index=plain.index).groupby([plain[c] for c in per]).transform("any")
    chosen = plain[(plain["sex"] == "Persons") | ~has_persons]
    return chosen.drop_duplicates([*per, "sex"]).reset_index(drop=True)


def add_spine(rows: pd.DataFrame, summary: pd.DataFrame, comparator_column: str) -> pd.DataFrame:
    """Join each row's spine (lowest … highest among peers, scaled; ``summary`` from the derived
    spines) with the country's percentile among the peers, and the area's marker position."""
    if rows.empty:
        return rows.assign(peers=pd.Series(dtype=float), country_percentile=pd.Series(dtype=float))
    columns = ["peers", "lowest", "q25", "q75", "highest", "country_percentile"]
    at = row_positions(rows, summary, SERIES_KEYS)  # one spine per series
    found = at >= 0
    joined = rows.reset_index(drop=True)
    for column in columns:
        values = np.full(len(joined), np.nan)
        values[found] = summary[column].to_numpy(dtype=float)[at[found]]
        joined[column] = values
    spine = spine_positions(joined, joined[comparator_column], joined["polarity"])
    spine["marker_pos"] = position_on_spine(spine["value"], spine)
    worst_is_high = spine["reversed"].to_numpy(dtype=bool)
    spine["worst"] = np.where(worst_is_high, spine["highest"], spine["lowest"])
    spine["best"] = np.where(worst_is_high, spine["lowest"], spine["highest"])
    return spine


def chosen_comparator(requested: str | None, offered: dict[str, AreaInfo]) -> str:
    """The comparator kind a request asks for: its own country by default; ``england`` on an English
    area is its country (the URLs before docs/adr/0053 said ``comparator=england``)."""
    if requested is None or requested == "":
        return "country"
    if requested not in COMPARATORS:
        raise InputError(
            f"unknown comparator {requested!r}: use {', '.join(COMPARATORS)}", column="comparator"
        )
    country = offered.get("country")
    if requested == "england" and (country is None or country.code == ENGLAND):
        return "country"
    return requested


def build_area_page(
    engine: Engine,
    code: str,
    *,
    profile: str | None = None,
    comparator: str | None = None,
    data_dir: Path | None = None,
) -> AreaPage:
    """The area page's data. ``profile``: a profile slug (default: the Health assets profile);
    ``comparator``: a kind of :data:`COMPARATORS` (default: the area's country); ``data_dir``: the
    bundled data (neighbour features)."""
    reference = reference_data(engine)
    profiles = reference.get("profiles", lambda: list_profiles(engine))
    slug = profile or default_profile(profiles)
    layout = reference.get(("layout", slug), lambda: profile_layout(engine, slug)) if slug else []
    domains = [(d.name, d.indicators) for d in layout]
    wanted = [i for _, ids in domains for i in ids]
    # an empty list asks for every indicator: a profile none of whose indicators is stored asks for none
    result = with_county_values(engine, area_profile(engine, code, indicators=wanted or [-1]), wanted)
    area = result.area
    kind = chosen_comparator(comparator, result.comparator_areas)
    country = result.comparator_areas.get("country")
    children = area_queries.children(engine, area.code)
    parents = area_queries.ancestors(engine, area.code)
    mapped = mapped_groups(engine, area.code, area.area_type, [p.code for p in parents])
    asset_ids = [i for _, ids in domains for i in ids if is_asset_indicator(i)]
    table = result.table.assign(percentile=result.percentiles.to_numpy())
    rows = headline_rows(table) if len(table) else table
    spider = pd.DataFrame()
    if len(rows):
        rows = apply_disclosure(rows, reference.get("disclosure", lambda: disclosure_of(engine)))
        rows["comparator_value"] = rows.get(f"{kind}_value", np.nan)
        rows["comparator_benchmark"] = rows.get(f"{kind}_benchmark", "Not compared")
        group = comparable_group(area.area_type)
        summary = spine_rows(
            engine, group, rows["indicator_id"].unique().tolist(), country.code if country else ""
        )
        rows = add_spine(rows, summary, "country_value" if "country_value" in rows else "comparator_value")
        scores = area_scores(rows, domains)
        rows = rows.drop(columns="country_percentile")
        ordered = ordered_domains(rows, domains)
        spider = spider_rows(rows, domains, indicator_metadata(engine)["short_name"], by_domain=ordered)
    else:
        scores = pd.DataFrame(columns=["domain", "score", "indicators", "country"])
        ordered = ordered_domains(rows, domains)
    return AreaPage(
        area=area,
        profile_slug=slug or "",
        profiles=profiles,
        comparator=kind,
        comparator_area=result.comparator_areas.get(kind),
        comparators=offered_comparators(result.comparator_areas, rows),
        domains=ordered,
        scores=scores,
        layout=layout,
        country=country,
        spider=spider,
        profile_description=reference.get(("description", slug), lambda: profile_description(engine, slug)),
        parents=parents,
        children=children[:200],
        children_count=len(children),
        neighbours=statistical_neighbours(engine, area, data_dir),
        asset_domains={name for name, ids in domains if ids and all(is_asset_indicator(i) for i in ids)},
        asset_coverage=area.code in reference.get("coverage", lambda: coverage_codes(engine)),
        replaced_by=[] if area.active else replaced_by(engine, area.code),
        predecessors=predecessor_values(engine, area.code, indicators=wanted, latest_only=True),
        unmapped={
            name: sorted(unmapped_indicators(ids, mapped))
            for name, ids in domains
            if any(map(is_asset_indicator, ids))
        },
        coverage=reference.get("statement", lambda: coverage_statement(engine)) if asset_ids else None,
    )


def offered_comparators(areas: dict[str, AreaInfo], rows: pd.DataFrame) -> dict[str, AreaInfo]:
    """The comparators the page offers: the country, the region and the parent authority, and —
    for a Welsh area — England only when some row has England's value to compare with."""
    offered = {k: a for k, a in areas.items() if k != "england"}
    england, country = areas.get("england"), areas.get("country")
    if england is None or country is None or country.code == england.code:
        return {kind: offered[kind] for kind in COMPARATORS if kind in offered}
    if len(rows) and "england_value" in rows and rows["england_value"].notna().any():
        offered["england"] = england
    return {kind: offered[kind] for kind in COMPARATORS if kind in offered}


def ordered_domains(
    rows: pd.DataFrame, domains: list[tuple[str, list[int]]]
) -> list[tuple[str, pd.DataFrame]]:
    """Each domain's rows in the profile's indicator order (an indicator's first place in the domain),
    then by sex."""
    if not len(rows):
        return [(name, rows) for name, _ in domains]
    ids = rows["indicator_id"].to_numpy()
    sexes = pd.factorize(rows["sex"], sort=True)[0]
    grouped = []
    for name, members in domains:
        place = pd.Index(list(dict.fromkeys(members)), dtype="int64").get_indexer(ids)
        chosen = np.flatnonzero(place >= 0)
        chosen = chosen[np.lexsort((sexes[chosen], place[chosen]))]
        grouped.append((name, rows.iloc[chosen]))
    return grouped


def profile_description(engine: Engine, slug: str | None) -> str:
    """The stored description of profile ``slug`` ('' when it has none)."""
    found = profile_store.profile_summary(engine, slug) if slug else None
    return (found[1] or "") if found else ""


SPIDER_COLUMNS = [
    "number",
    "indicator_id",
    "label",
    "short",
    "domain",
    "sex",
    "value",
    "country_value",
    "lowest",
    "highest",
    "polarity",
    "scaled",
    "country_scaled",
    "outside",
    "country_outside",
]


def spider_rows(
    rows: pd.DataFrame,
    domains: list[tuple[str, list[int]]],
    short_names: pd.Series | None = None,
    *,
    by_domain: list[tuple[str, pd.DataFrame]] | None = None,
) -> pd.DataFrame:
    """One row per headline row of the profile, in profile order, with the area's and the country's
    value scaled against the country's areas' spread (:func:`healthassets.benchmark.spider.spider_scale`;
    NaN where the spoke cannot be drawn), a spoke number and a short label (``short_names``: indicator
    id → short name, else the name). ``by_domain``: :func:`ordered_domains` of the rows, when known."""
    frames = [frame for _, frame in (by_domain if by_domain is not None else ordered_domains(rows, domains))]
    ordered_rows = [frame for frame in frames if len(frame)]
    if not ordered_rows:
        return pd.DataFrame(columns=SPIDER_COLUMNS)
    ordered = pd.concat(ordered_rows, ignore_index=True)
    domain_of = {i: name for name, ids in domains for i in ids}
    country = (
        ordered["country_value"] if "country_value" in ordered else pd.Series(np.nan, index=ordered.index)
    )
    mine = spider_scale(ordered["value"], ordered["lowest"], ordered["highest"], ordered["polarity"])
    theirs = spider_scale(country, ordered["lowest"], ordered["highest"], ordered["polarity"])
    label = ordered["indicator_name"].astype(str) + np.where(
        ordered["sex"] != "Persons", " (" + ordered["sex"].astype(str) + ")", ""
    )
    named = ordered["indicator_id"].map(short_names) if short_names is not None else None
    short = label if named is None else named.where(named.notna() & (named != ""), label)
    return pd.DataFrame(
        {
            "number": np.arange(1, len(ordered) + 1),
            "indicator_id": ordered["indicator_id"].to_numpy(),
            "label": label.to_numpy(),
            "short": short.to_numpy(),
            "domain": ordered["indicator_id"].map(domain_of).to_numpy(),
            "sex": ordered["sex"].to_numpy(),
            "value": ordered["value"].to_numpy(dtype=float),
            "country_value": country.to_numpy(dtype=float),
            "lowest": ordered["lowest"].to_numpy(dtype=float),
            "highest": ordered["highest"].to_numpy(dtype=float),
            "polarity": ordered["polarity"].to_numpy(),
            "scaled": mine["scaled"].to_numpy(),
            "country_scaled": theirs["scaled"].to_numpy(),
            "outside": mine["outside"].to_numpy(),
            "country_outside": theirs["outside"].to_numpy(),
        }
    )


def is_asset_indicator(indicator_id: int) -> bool:
    """Counts, rates and access measures of the asset register (docs/adr/0020)."""
    from healthassets.assets.area_measures import COUNT_BASE

    return COUNT_BASE <= indicator_id < COUNT_BASE + 100_000


def area_scores(rows: pd.DataFrame, domains: list[tuple[str, list[int]]]) -> pd.DataFrame:
    """Domain scores (this project's method, docs/adr/0028) of the area and of its country: the mean
    over a domain's indicators of the percentile among the country's areas of the area's kind (each
    row's ``percentile``, and the country's ``country_percentile`` from the derived spines, joined by
    :func:`add_spine`). An indicator listed in two domains counts in the last; ``indicators`` is how
    many of the area's rows were scored (missing when none)."""
    names = [name for name, _ in domains]
    position = {name: k for k, name in enumerate(dict.fromkeys(names))}
    domain_of = pd.Series({i: position[name] for name, ids in domains for i in ids}, dtype="float64")
    codes = rows["indicator_id"].map(domain_of).to_numpy(dtype=float)
    mine = rows["percentile"].to_numpy(dtype=float)
    theirs = (
        rows["country_percentile"].to_numpy(dtype=float)
        if "country_value" in rows
        else np.full(len(rows), np.nan)
    )
    area_mean, area_n = domain_means(codes, mine, len(position))
    country_mean, _ = domain_means(codes, theirs, len(position))
    at = [position[name] for name in names]
    counts = area_n[at]
    return pd.DataFrame(
        {
            "domain": names,
            "score": area_mean[at],
            "indicators": counts.astype("int64")
            if (counts > 0).all()
            else np.where(counts > 0, counts, np.nan),
            "country": country_mean[at],
        }
    )
