"""Use case: everything the area profile page shows — benchmarked indicators by domain, spine-chart
geometry, domain scores against the country, the area's place in the hierarchy and its statistical
neighbours."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.benchmark.spine import domain_scores, position_on_spine, spine_positions
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
from healthassets.services.profiles import ENGLAND, SERIES_KEYS, area_profile, profile_domains
from healthassets.services.upper_tier import with_county_values
from healthassets.store import Engine
from healthassets.store import areas as area_queries
from healthassets.store import indicators as indicator_store
from healthassets.store import profiles as profile_store
from healthassets.store.areas import AreaInfo
from healthassets.store.asset_areas import coverage_codes
from healthassets.store.derived import spine_rows

COMPARATORS = ("england", "region")


@dataclass
class AreaPage:
    area: AreaInfo
    profile_slug: str
    profiles: list[tuple[str, str]]
    comparator: str
    comparator_area: AreaInfo | None
    comparators: dict[str, AreaInfo]
    domains: list[tuple[str, pd.DataFrame]]
    scores: pd.DataFrame
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
    spines) and the area's marker position."""
    if rows.empty:
        return rows.assign(peers=pd.Series(dtype=float))
    spines = summary[[*SERIES_KEYS, "peers", "lowest", "q25", "q75", "highest"]]
    joined = rows.merge(spines, on=SERIES_KEYS, how="left")
    spine = spine_positions(joined, joined[comparator_column], joined["polarity"])
    spine["marker_pos"] = position_on_spine(spine["value"], spine)
    worst_is_high = spine["reversed"].to_numpy(dtype=bool)
    spine["worst"] = np.where(worst_is_high, spine["highest"], spine["lowest"])
    spine["best"] = np.where(worst_is_high, spine["lowest"], spine["highest"])
    return spine


def build_area_page(
    engine: Engine,
    code: str,
    *,
    profile: str | None = None,
    comparator: str = "england",
    data_dir: Path | None = None,
) -> AreaPage:
    """The area page's data. ``profile``: a profile slug (default: the first stored);
    ``comparator``: 'england' or 'region'; ``data_dir``: the bundled data (neighbour features)."""
    from healthassets.errors import InputError

    if comparator not in COMPARATORS:
        raise InputError(f"unknown comparator {comparator!r}: use england or region", column="comparator")
    profiles = list_profiles(engine)
    slug = profile or (profiles[0][0] if profiles else None)
    domains = profile_domains(engine, slug)
    wanted = [i for _, ids in domains for i in ids]
    result = with_county_values(engine, area_profile(engine, code, indicators=wanted), wanted)
    area = result.area
    by_type = {"england": next((c for c in result.comparators if c.code == ENGLAND), None)}
    by_type["region"] = next((c for c in result.comparators if c.area_type == "region"), None)
    chosen = by_type.get(comparator)
    table = result.table.assign(percentile=result.percentiles.to_numpy())
    rows = headline_rows(table) if len(table) else table
    if len(rows):
        rows = apply_disclosure(rows, disclosure_of(engine))
        rows["comparator_value"] = rows.get(f"{comparator}_value", np.nan)
        rows["comparator_benchmark"] = rows.get(f"{comparator}_benchmark", "Not compared")
        group = comparable_group(area.area_type)
        summary = spine_rows(engine, group, rows["indicator_id"].unique().tolist())
        summary = summary.merge(rows[SERIES_KEYS].drop_duplicates(), on=SERIES_KEYS)
        rows = add_spine(rows, summary, "england_value" if "england_value" in rows else "comparator_value")
        scores = area_scores(rows, summary, domains)
    else:
        scores = pd.DataFrame(columns=["domain", "score", "indicators", "england"])
    grouped = [(name, rows[rows["indicator_id"].isin(ids)] if len(rows) else rows) for name, ids in domains]
    order = {i: n for n, (_, ids) in enumerate(domains) for i in ids}
    grouped = [
        (
            name,
            frame.assign(_o=frame["indicator_id"].map(order)).sort_values(["_o", "sex"]).drop(columns="_o"),
        )
        if len(frame)
        else (name, frame)
        for name, frame in grouped
    ]
    children = area_queries.children(engine, area.code)
    parents = area_queries.ancestors(engine, area.code)
    mapped = mapped_groups(engine, area.code, area.area_type, [p.code for p in parents])
    asset_ids = [i for _, ids in domains for i in ids if is_asset_indicator(i)]
    return AreaPage(
        area=area,
        profile_slug=slug or "",
        profiles=profiles,
        comparator=comparator,
        comparator_area=chosen,
        comparators={k: v for k, v in by_type.items() if v is not None},
        domains=grouped,
        scores=scores,
        parents=parents,
        children=children[:200],
        children_count=len(children),
        neighbours=statistical_neighbours(engine, area, data_dir),
        asset_domains={name for name, ids in domains if ids and all(is_asset_indicator(i) for i in ids)},
        asset_coverage=area.code in coverage_codes(engine),
        replaced_by=[] if area.active else replaced_by(engine, area.code),
        predecessors=predecessor_values(engine, area.code, indicators=wanted, latest_only=True),
        unmapped={
            name: sorted(unmapped_indicators(ids, mapped))
            for name, ids in domains
            if any(map(is_asset_indicator, ids))
        },
        coverage=coverage_statement(engine) if asset_ids else None,
    )


def is_asset_indicator(indicator_id: int) -> bool:
    """Counts, rates and access measures of the asset register (docs/adr/0020)."""
    from healthassets.assets.area_measures import COUNT_BASE

    return COUNT_BASE <= indicator_id < COUNT_BASE + 100_000


def area_scores(
    rows: pd.DataFrame, summary: pd.DataFrame, domains: list[tuple[str, list[int]]]
) -> pd.DataFrame:
    """Domain scores of the area and of England: the mean over a domain's indicators of the
    percentile among the area's peers (each row's ``percentile``; England's from the derived
    spines ``summary``)."""
    domain_of = pd.Series({i: name for name, ids in domains for i in ids})
    area_score = domain_scores(rows[["indicator_id", "percentile"]], domain_of)
    england = rows[SERIES_KEYS].merge(
        summary[[*SERIES_KEYS, "england_percentile"]], on=SERIES_KEYS, how="left"
    )
    if "england_value" not in rows:
        england["england_percentile"] = np.nan
    england = england.rename(columns={"england_percentile": "percentile"})
    england_score = domain_scores(england, domain_of).rename(columns={"score": "england", "indicators": "_n"})
    names = pd.DataFrame({"domain": [name for name, _ in domains]})
    out = names.merge(area_score, on="domain", how="left").merge(england_score, on="domain", how="left")
    return out.drop(columns="_n")
