"""The JSON API's response bodies as pydantic models, so ``/openapi.json`` describes every body.

Numbers are JSON numbers at full precision; a missing value is ``null``. Row models whose
columns grow with the data (an area profile's indicators) allow further fields.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ErrorDetail(BaseModel):
    message: str = Field(description="What was wrong, in words")
    parameter: str | None = Field(None, description="The parameter at fault, when there is one")


class ErrorBody(BaseModel):
    """Every 4xx of the API: ``{"error": {"message", "parameter"}}``."""

    error: ErrorDetail


class AreaRef(BaseModel):
    code: str
    name: str
    type: str


class Area(BaseModel):
    code: str
    name: str
    name_cy: str | None = Field(description="The Welsh name, where ONS publishes one")
    type: str = Field(description="Area type, e.g. metropolitan, region, msoa, ward")
    type_name: str = Field(description="The area type in words (in Welsh with ?lang=cy)")
    parent: AreaRef | None = Field(
        None,
        description="In lists: the nearest administrative parent (a ward's authority: ward names "
        "repeat across authorities); absent where the area has none",
    )


class AreaList(BaseModel):
    areas: list[Area]


class FoundArea(Area):
    """An area found by a search, with what tells it from others of the same name."""

    alt_name: str | None = Field(
        description="Another name it is known by: an MSOA's House of Commons Library name"
    )
    alt_name_cy: str | None = Field(description="That name in Welsh, where the Library publishes one")
    authority: Area | None = Field(description="The local authority a ward, MSOA or LSOA is in")


class FoundPostcode(BaseModel):
    postcode: str = Field(description="As Royal Mail writes it, e.g. OL1 1AA")
    path: str = Field(description="Its page on this site, e.g. /postcodes/OL11AA")


class SearchResults(BaseModel):
    """What a search box suggests: postcodes of the bundled lookup, then areas, best first."""

    postcodes: list[FoundPostcode]
    areas: list[FoundArea]


class NearAsset(BaseModel):
    id: str
    name: str
    asset_type: str = Field(description="ABCD kind of asset, e.g. institution")
    distance_m: float = Field(description="Straight-line distance from the postcode, metres")
    latitude: float
    longitude: float
    approximate_location: bool = Field(description="A person, shown at the centre of their 1 km grid square")


class Postcode(BaseModel):
    """A postcode of the bundled Greater Manchester lookup (OS Code-Point Open) and the areas holding it."""

    postcode: str = Field(description="As Royal Mail writes it, e.g. OL1 1AA")
    latitude: float
    longitude: float
    lsoa: Area | None = Field(description="The LSOA 2021 holding the postcode's point")
    msoa: FoundArea | None = Field(description="That LSOA's MSOA")
    ward_code: str = Field(
        description="The electoral ward holding the postcode's point, as Code-Point gives it"
    )
    ward: Area | None = Field(description="That ward, when it is a stored area")
    best_fit_ward: Area | None = Field(
        description="The ward the LSOA best fits (whose profile counts the postcode), when it is another"
    )
    authority: Area | None = Field(description="The postcode's local authority district")
    nearest_assets: list[NearAsset] = Field(description="Published community assets, nearest first")


class AreaWithParents(Area):
    parents: list[Area] = Field(description="Administrative ancestors, nearest first")


class AreaChildren(BaseModel):
    area: Area
    children: list[Area]


class Correction(BaseModel):
    """A metadata field healthassets corrected at load (docs/adr/0040-indicator-metadata-corrections.md)."""

    field: str
    published_value: str | float | None = Field(description="As the extract has it")
    corrected_value: str | float | None
    source: str | None
    reason: str | None


class Indicator(BaseModel):
    """An indicator's metadata, as Fingertips publishes it (``null`` where the source has none), with
    the corrections applied to it."""

    id: int
    name: str
    short_name: str | None = None
    definition: str | None = None
    rationale: str | None = None
    data_source: str | None = None
    methodology: str | None = None
    standard_population: str | None = None
    ci_method: str | None = None
    ci_method_details: str | None = None
    numerator_definition: str | None = None
    numerator_source: str | None = None
    denominator_definition: str | None = None
    denominator_source: str | None = None
    denominator_type: str | None = None
    disclosure_control: str | None = None
    caveats: str | None = None
    copyright: str | None = None
    data_reuse: str | None = None
    notes: str | None = None
    rounding: str | None = None
    unit: str | None = None
    multiplier: float | None = None
    value_type: str | None = None
    year_type: str | None = None
    frequency: str | None = None
    polarity: str | None = None
    benchmark_method: str | None = None
    earliest_period: str | None = None
    latest_period: str | None = None
    last_updated: str | None = None
    source: str | None = Field(None, description="Who provided it")
    has_full_metadata: bool | None = None
    has_inequalities: bool | None = None
    requires_geo_aggregation: bool | None = None
    has_multiple_sexes: bool | None = None
    has_multiple_ages: bool | None = None
    has_multiple_deprivation: bool | None = None
    contains_cumulative_period_data: bool | None = None
    hide_in_search: bool | None = None
    corrections: list[Correction] = Field(default_factory=list)


class IndicatorList(BaseModel):
    indicators: list[Indicator]


class Measures(BaseModel):
    """A value with its confidence limits, count and denominator."""

    value: float | None = None
    lower95_0cl: float | None = None
    upper95_0cl: float | None = None
    lower99_8cl: float | None = None
    upper99_8cl: float | None = None
    count: float | None = None
    denominator: float | None = None


ValueStatus = Literal["value", "suppressed", "no value"]


class Value(Measures):
    indicator_id: int
    indicator_name: str
    area_code: str
    area_name: str
    area_type: str
    parent_code: str | None = Field(description="The area's (first) administrative parent")
    parent_name: str | None
    period: str
    period_sortable: int | None
    sex: str | None
    age: str | None
    category_type: str | None
    category: str | None
    value_note: str | None
    recent_trend: str | None = Field(description="The trend published with the data, if any")
    value_status: ValueStatus = Field(description="value, suppressed (disclosure control) or no value")


class PageLinks(BaseModel):
    """Links to this page's neighbours (same filters); ``null`` where there is none."""

    self: str
    first: str
    last: str
    next: str | None
    prev: str | None


class ValuesPage(BaseModel):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    links: PageLinks
    values: list[Value]


class ProfileIndicator(Measures):
    """One indicator of an area's profile, benchmarked against each comparator of the area (its
    country, England, its region, its parent authority: ``{kind}_value`` and ``{kind}_benchmark``)."""

    model_config = ConfigDict(extra="allow")
    indicator_id: int
    indicator_name: str
    area_code: str
    period: str
    sex: str | None = None
    age: str | None = None
    trend: str | None = None
    england_value: float | None = None
    england_benchmark: str | None = None
    region_value: float | None = None
    region_benchmark: str | None = None
    country_value: float | None = None
    country_benchmark: str | None = None
    authority_value: float | None = None
    authority_benchmark: str | None = None
    unit: str | None = None
    polarity: str | None = None


class AreaProfile(BaseModel):
    area: Area
    comparators: list[Area] = Field(
        description="The area's country, England (for a Welsh area), its region, its parent authority"
    )
    indicators: list[ProfileIndicator]


class ProfileSummary(BaseModel):
    slug: str
    name: str


class ProfileList(BaseModel):
    profiles: list[ProfileSummary]


class Placement(BaseModel):
    indicator: int
    placement: str = Field(description="Why the indicator sits in this domain")


class Domain(BaseModel):
    key: str = Field(description="The domain's key within its profile, e.g. individual")
    name: str
    description: str | None = None
    indicators: list[int] = Field(description="Indicator ids, in order")
    placements: list[Placement] = Field(
        default_factory=list, description="Why indicators sit in this domain (those the profile explains)"
    )


class ProfileDomains(BaseModel):
    slug: str
    name: str
    description: str | None
    domains: list[Domain]


class Benchmark(Measures):
    area_code: str
    area_name: str
    period: str
    sex: str | None
    age: str | None
    value_status: ValueStatus
    benchmark: str = Field(description="Better, Similar, Worse… than the comparator, or a quintile")


class Benchmarks(BaseModel):
    indicator: int
    area_type: str
    period: str | None
    comparator: Area | None
    comparator_value: float | None
    benchmarks: list[Benchmark]


class Trend(BaseModel):
    indicator_id: int
    area_code: str
    area_name: str
    sex: str | None
    age: str | None
    category_type: str | None
    category: str | None
    period: str = Field(description="The latest period of the series")
    trend: str | None = Field(description="The Fingertips recent-trend marker")
    source: str | None = Field(description="published (with the data) or computed")


class Trends(BaseModel):
    indicator: int
    trends: list[Trend]


class FeatureProperties(BaseModel):
    code: str
    name: str
    approximate: str | None = Field(
        None,
        description="Set where the shape is not the official boundary, saying how it was built: "
        "wards are 'approximate (built from best-fit LSOAs)'",
    )


class Feature(BaseModel):
    type: Literal["Feature"]
    properties: FeatureProperties
    geometry: dict[str, Any] = Field(description="A GeoJSON Polygon or MultiPolygon (WGS84)")


class FeatureCollection(BaseModel):
    type: Literal["FeatureCollection"]
    features: list[Feature]


class Measure(BaseModel):
    indicator_id: int
    name: str
    direction: int = Field(description="+1: a higher value is more; -1: lower is more (distances)")


class AssetsNeedsRow(BaseModel):
    area_code: str
    area_name: str
    population: float | None = Field(description="Usual residents (Census 2021)")
    need_value: float | None
    assets_value: float | None = Field(description="null outside the asset register's coverage")
    need_rank: int | None = Field(description="1 = highest need among the areas with both values")
    assets_rank: int | None = Field(description="1 = most assets")
    assets_rank_median: int | None
    assets_rank_lower: int | None = Field(description="5th percentile of the simulated assets ranks")
    assets_rank_upper: int | None = Field(description="95th percentile of the simulated assets ranks")
    assets_rank_simulated: bool = Field(description="false where the asset measure has no uncertainty")
    quadrant: str | None = Field(description="priority, build-on, protect, thriving or middle")
    left_behind: str | None = Field(description="true in the highest-need and lowest-assets tenths")


class AssetsNeeds(BaseModel):
    area: Area
    level: str
    cut: str
    need: Measure
    assets: Measure
    fell_back: bool = Field(description="true where the register's measure covered under 90 % of the areas")
    compared: int
    not_mapped: int
    draws: int
    rows: list[AssetsNeedsRow]


def error_body(message: str, parameter: str | None = None) -> dict[str, Any]:
    """The body of every API error (:class:`ErrorBody`)."""
    return {"error": {"message": message, **({"parameter": parameter} if parameter else {})}}


class IndexSummary(BaseModel):
    slug: str
    name: str
    version: str
    description: str
    levels: list[str] = Field(description="lsoa, msoa, ward or ltla")
    countries: list[str] = Field(description="E (England) and/or W (Wales): each ranked on its own")
    coverage: str


class IndexRow(BaseModel):
    area_code: str
    area_name: str
    score: float | None = Field(description="null where the method needs a value the area lacks")
    rank: int | None = Field(description="1 = highest score among the country's areas")
    decile: int | None = Field(description="ceil(10 × rank / n): 1 = the highest-scoring tenth")
    rank_median: float | None
    rank_lower: float | None = Field(description="5th percentile rank over the simulations")
    rank_upper: float | None = Field(description="95th percentile rank over the simulations")
    domains: dict[str, float | None] = Field(description="domain scores of a hierarchical index")


class IndexSensitivityRow(BaseModel):
    factor: str
    S1: float | None = Field(description="first-order Sobol' index")
    S1_conf: float | None = Field(description="half-width of its 95 % confidence interval")
    ST: float | None = Field(description="total Sobol' index")
    ST_conf: float | None


class IndexResult(BaseModel):
    slug: str
    name: str
    version: str
    level: str
    country: str
    changed: bool = Field(description="true when weights other than the published ones are used")
    weights: dict[str, float]
    domain_weights: dict[str, float]
    scored: int
    draws: int
    sensitivity: list[IndexSensitivityRow] | None = Field(description="null until computed by a load")
    sensitivity_runs: int
    rows: list[IndexRow]


class PlanSummary(BaseModel):
    id: str
    title: str
    area_code: str
    example: bool = Field(description="true for the worked example seeded by `healthassets load`")


class PlanDetail(BaseModel):
    id: str
    document: dict[str, Any] = Field(
        description="The plan: area, stakeholder groups, outcomes (o…), priority assets (a…) with "
        "scores, projects (p…) with barriers and enablers, alignment cells, typed links, ranking weights"
    )
    priorities: list[dict[str, Any]] = Field(description="per asset: weighted mean score, weighted SD, range")
    alignment_matrix: list[list[int]] = Field(description="projects × assets: 2 strong, 1 partial, 0 none")
    unsupported_assets: list[str]
    idle_projects: list[str]
    cycles: list[list[str]]
    pathways: dict[str, list[list[str]]]
    ranking: list[dict[str, Any]]
