"""Routes of ``/api/v1`` for profiles and domains, benchmarks, recent trends and boundaries.

A well-formed request for something the data does not hold (an unknown profile or indicator, a
period without values, small areas listed without a parent to hold them) is a 404 naming it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from healthassets.api import models
from healthassets.api.params import (
    AreaCodesQuery,
    AreaTypeQuery,
    IndicatorQuery,
    LabelText,
    ParentQuery,
    PeriodText,
    RequiredAreaTypeQuery,
)
from healthassets.api.routes import area_json, check_type, engine_of, records, upper
from healthassets.errors import InputError, NotFoundError
from healthassets.services import api_areas, api_values
from healthassets.services.area_page import list_profiles
from healthassets.services.assets_needs import assets_and_needs
from healthassets.services.boundaries import simplified_boundaries
from healthassets.services.indicator_page import build_indicator_page

router = APIRouter()
BENCHMARK_COLUMNS = [
    "area_code", "area_name", "period", "sex", "age", "value", "lower95_0cl", "upper95_0cl",
    "lower99_8cl", "upper99_8cl", "count", "denominator", "value_status", "benchmark",
]  # fmt: skip
SMALL_AREA_TYPES = api_areas.SMALL_AREA_TYPES


def _small_areas_need_parent(request: Request, area_type: str | None, parent: str | None) -> None:
    api_areas.check_small_area_listing(engine_of(request), area_type, upper(parent))


@router.get("/profiles", summary="Every profile (slug, name)", response_model=models.ProfileList)
def get_profiles(request: Request) -> dict[str, Any]:
    return {"profiles": [{"slug": slug, "name": name} for slug, name in list_profiles(engine_of(request))]}


@router.get(
    "/profiles/{slug}",
    summary="A profile with its domains and their indicators, in order",
    response_model=models.ProfileDomains,
)
def get_profile_domains(
    request: Request,
    slug: Annotated[str, Path(pattern=r"^[a-z0-9-]{1,100}$", description="e.g. health-assets")],
) -> dict[str, Any]:
    return api_values.profile(engine_of(request), slug)


@router.get(
    "/benchmarks",
    summary="One indicator's values across an area type, benchmarked",
    response_model=models.Benchmarks,
)
def get_benchmarks(
    request: Request,
    indicator: IndicatorQuery,
    area_type: AreaTypeQuery = None,
    parent: ParentQuery = None,
    period: Annotated[PeriodText | None, Query(description="Time period (default: the latest)")] = None,
    sex: Annotated[LabelText | None, Query(description="e.g. Persons (default: the first)")] = None,
    age: Annotated[LabelText | None, Query(description="e.g. All ages (default: the first)")] = None,
) -> dict[str, Any]:
    """Each area's value and limits compared with the comparator (England, or the region given as
    ``parent``) at the indicator's own level, or its quintile for 'Quintiles' indicators. Small
    areas (LSOAs, MSOAs, GPs) are listed only within a ``parent``."""
    check_type(area_type, "area_type")
    _small_areas_need_parent(request, area_type, parent)
    try:
        page = build_indicator_page(
            engine_of(request),
            indicator,
            area_type=area_type,
            parent=upper(parent),
            period=period,
            sex=sex,
            age=age,
        )
    except InputError as error:  # the request is well formed; the data holds no such listing
        raise NotFoundError(error.reason) from None
    frame = page.values[[c for c in BENCHMARK_COLUMNS if c in page.values]]
    return {
        "indicator": indicator,
        "area_type": page.area_type,
        "period": page.period,
        "comparator": area_json(page.comparator) if page.comparator else None,
        "comparator_value": None if page.comparator_row is None else float(page.comparator_row["value"]),
        "benchmarks": records(frame),
    }


@router.get(
    "/trends",
    summary="Recent trend (Fingertips trend marker) of an indicator per area",
    response_model=models.Trends,
)
def get_trends(
    request: Request,
    indicator: IndicatorQuery,
    area: AreaCodesQuery = None,
    area_type: AreaTypeQuery = None,
    parent: ParentQuery = None,
) -> dict[str, Any]:
    """The published trend where the data has one, else the trend computed by the Fingertips
    method (chi-squared test for trend over the latest five points) for every series. Small areas
    (LSOAs, MSOAs, PCNs, GPs) are listed only by ``area`` or within a ``parent``."""
    check_type(area_type, "area_type")
    if not area:
        _small_areas_need_parent(request, area_type, parent)
    value_filter = api_values.ValueFilter(
        areas=[c.upper() for c in area or []], area_type=area_type, parent=upper(parent)
    )
    unbounded = not (area or area_type or parent)
    leave_out = SMALL_AREA_TYPES if unbounded else frozenset()
    trends = api_values.recent_trends(engine_of(request), indicator, value_filter, leave_out)
    return {"indicator": indicator, "trends": records(trends)}


@router.get(
    "/boundaries",
    summary="Simplified boundaries of an area type (GeoJSON), optionally within a parent",
    response_model=models.FeatureCollection,
)
def get_boundaries(
    request: Request,
    area_type: RequiredAreaTypeQuery,
    parent: ParentQuery = None,
) -> dict[str, Any]:
    """Small areas (LSOAs, MSOAs) are drawn only within a ``parent`` at county level or below."""
    check_type(area_type, "area_type")
    _small_areas_need_parent(request, area_type, parent)
    within = api_areas.area(engine_of(request), parent) if parent else None
    return simplified_boundaries(
        engine_of(request), area_type, request.app.state.data_dir, within.code if within else None
    )


@router.get(
    "/areas/{code}/assets-and-needs",
    summary="An authority's small areas (or a country's MSOAs) by need against assets",
    description="Each area's need and asset values, their ranks among the areas listed (relative "
    "cuts), the asset measure's 90 % rank interval from simulation, its quadrant (priority, build-on, "
    "protect, thriving, middle) and the left-behind flag. ``level``: lsoa, msoa or ward (an authority), "
    "msoa (a country); ``need`` and ``assets``: indicator ids; ``cut``: median, tercile, quintile or "
    "decile. Outside the asset register's coverage its measures are null (not mapped, never zero).",
    response_model=models.AssetsNeeds,
)
def get_assets_and_needs(
    request: Request,
    code: str,
    level: Annotated[str | None, Query(max_length=10)] = None,
    need: Annotated[int | None, Query(ge=1)] = None,
    assets: Annotated[int | None, Query(ge=1)] = None,
    cut: Annotated[str, Query(max_length=10)] = "median",
) -> dict[str, Any]:
    result = assets_and_needs(
        engine_of(request), upper(code) or code, level=level, need=need, assets=assets, cut=cut
    )

    def measure(m: Any) -> dict[str, Any]:
        return {"indicator_id": m.indicator_id, "name": m.name, "direction": m.direction}

    return {
        "area": area_json(result.area),
        "level": result.level,
        "cut": result.cut,
        "need": measure(result.need),
        "assets": measure(result.assets),
        "fell_back": result.fell_back,
        "compared": result.compared,
        "not_mapped": result.not_mapped,
        "draws": result.draws,
        "rows": records(result.table),
    }
