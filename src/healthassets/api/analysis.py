"""Routes of ``/api/v1`` for profiles and domains, benchmarks and recent trends."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import select

from healthassets.api.routes import area_json, check_code, engine_of, records
from healthassets.errors import InputError, NotFoundError
from healthassets.services.area_page import list_profiles
from healthassets.services.indicator_page import build_indicator_page
from healthassets.services.profiles import indicator_metadata, profile_domains, with_trend
from healthassets.store.models import Profile
from healthassets.store.values import ValueFilter, fetch_values

router = APIRouter()
SERIES_PER_AREA = ["indicator_id", "area_code", "sex", "age", "category_type", "category"]


@router.get("/profiles", summary="Every profile (slug, name)")
def get_profiles(request: Request) -> dict[str, Any]:
    return {"profiles": [{"slug": slug, "name": name} for slug, name in list_profiles(engine_of(request))]}


@router.get("/profiles/{slug}", summary="A profile with its domains and their indicators, in order")
def get_profile_domains(request: Request, slug: str) -> dict[str, Any]:
    engine = engine_of(request)
    with engine.connect() as connection:
        row = connection.execute(select(Profile).where(Profile.slug == slug)).first()
    if row is None:
        raise NotFoundError(f"no profile {slug!r}")
    profile = row[0] if hasattr(row[0], "slug") else row
    domains = profile_domains(engine, slug)
    return {
        "slug": slug,
        "name": getattr(profile, "name", slug),
        "description": getattr(profile, "description", None),
        "domains": [{"name": name, "indicators": ids} for name, ids in domains],
    }


@router.get("/benchmarks", summary="One indicator's values across an area type, benchmarked")
def get_benchmarks(
    request: Request,
    indicator: int,
    area_type: str | None = None,
    parent: str | None = None,
    period: str | None = None,
    sex: str | None = None,
    age: str | None = None,
) -> dict[str, Any]:
    """Each area's value and limits compared with the comparator (England, or the region given as
    ``parent``) at the indicator's own level, or its quintile for 'Quintiles' indicators."""
    page = build_indicator_page(
        engine_of(request),
        indicator,
        area_type=area_type,
        parent=check_code(parent, "parent") if parent else None,
        period=period,
        sex=sex,
        age=age,
    )
    columns = [
        "area_code", "area_name", "period", "sex", "age", "value", "lower95_0cl", "upper95_0cl",
        "lower99_8cl", "upper99_8cl", "count", "denominator", "value_status", "benchmark",
    ]  # fmt: skip
    frame = page.values[[c for c in columns if c in page.values]]
    return {
        "indicator": indicator,
        "area_type": page.area_type,
        "period": page.period,
        "comparator": area_json(page.comparator) if page.comparator else None,
        "comparator_value": None if page.comparator_row is None else float(page.comparator_row["value"]),
        "benchmarks": records(frame),
    }


@router.get("/trends", summary="Recent trend (Fingertips trend marker) of an indicator per area")
def get_trends(
    request: Request,
    indicator: int,
    area: Annotated[list[str] | None, Query(description="Area code (repeatable)")] = None,
    area_type: str | None = None,
    parent: str | None = None,
) -> dict[str, Any]:
    """The published trend where the data has one, else the trend computed by the Fingertips
    method (chi-squared test for trend over the latest five points) for every series."""
    engine = engine_of(request)
    meta = indicator_metadata(engine)
    if indicator not in meta.index:
        raise NotFoundError(f"no indicator has the id {indicator}")
    codes = [check_code(c, "area") for c in area or []]
    history = fetch_values(
        engine,
        ValueFilter(
            indicators=[indicator],
            areas=codes,
            area_type=area_type,
            parent=check_code(parent) if parent else None,
        ),
    )
    if history.empty:
        return {"indicator": indicator, "trends": []}
    latest = history.sort_values("period_sortable").drop_duplicates(SERIES_PER_AREA, keep="last")
    latest = latest[[*SERIES_PER_AREA, "area_name", "period", "recent_trend"]]
    out = with_trend(latest, history, meta, SERIES_PER_AREA).rename(columns={"trend_source": "source"})
    return {"indicator": indicator, "trends": records(out.drop(columns="recent_trend"))}


@router.get(
    "/boundaries", summary="Simplified boundaries of an area type (GeoJSON), optionally within a parent"
)
def get_boundaries(request: Request, area_type: str, parent: str | None = None) -> dict[str, Any]:
    from healthassets.geography.areas import AREA_TYPES, TYPE_GROUPS
    from healthassets.services.boundaries import simplified_boundaries

    if area_type not in AREA_TYPES and area_type not in TYPE_GROUPS:
        raise InputError(f"unknown area type {area_type!r}", column="area_type")
    if area_type in ("lsoa", "msoa") and not parent:
        raise InputError("give a parent area for small-area boundaries", column="parent")
    within = check_code(parent, "parent") if parent else None
    if within:
        from healthassets.store.areas import get_area

        get_area(engine_of(request), within)
    return simplified_boundaries(engine_of(request), area_type, request.app.state.data_dir, within)
