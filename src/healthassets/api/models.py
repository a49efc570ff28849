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


class Area(BaseModel):
    code: str
    name: str
    name_cy: str | None = Field(description="The Welsh name, where ONS publishes one")
    type: str = Field(description="Area type, e.g. metropolitan, region, msoa")
    type_name: str = Field(description="The area type in words (in Welsh with ?lang=cy)")


class AreaList(BaseModel):
    areas: list[Area]


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


class Feature(BaseModel):
    type: Literal["Feature"]
    properties: FeatureProperties
    geometry: dict[str, Any] = Field(description="A GeoJSON Polygon or MultiPolygon (WGS84)")


class FeatureCollection(BaseModel):
    type: Literal["FeatureCollection"]
    features: list[Feature]


def error_body(message: str, parameter: str | None = None) -> dict[str, Any]:
    """The body of every API error (:class:`ErrorBody`)."""
    return {"error": {"message": message, **({"parameter": parameter} if parameter else {})}}
