"""Routes of ``/api/v1``: areas, indicators, values, an area's profile.

Every body has a model (:mod:`healthassets.api.models`) and every parameter its constraints
(:mod:`healthassets.api.params`); the routes call services only.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Query, Request

from healthassets.api import models
from healthassets.api.params import (
    AREA_TYPE_NAMES,
    MAX_INDICATORS,
    MAX_SEARCH,
    TEXT_PATTERN,
    AreaCodePath,
    AreaCodesQuery,
    AreaTypeQuery,
    IndicatorIdPath,
    IndicatorNumber,
    LabelText,
    ListedTypeQuery,
    PageQuery,
    ParentQuery,
    PeriodText,
    PostcodePath,
    SizeQuery,
)
from healthassets.errors import InputError
from healthassets.i18n import gettext
from healthassets.services import api_areas, api_values
from healthassets.services.indicator_corrections import corrections_by_indicator
from healthassets.services.place_search import find_places
from healthassets.services.postcode_page import find_postcode
from healthassets.services.profiles import area_profile
from healthassets.services.site import Engine

router = APIRouter()


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def area_json(area: api_areas.AreaInfo, parent: api_areas.AreaInfo | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": area.code,
        "name": area.name,
        "name_cy": area.name_cy,
        "type": area.area_type,
        "type_name": gettext(area.type_name),  # Welsh with ?lang=cy
    }
    if parent is not None:
        body["parent"] = {"code": parent.code, "name": parent.name, "type": parent.area_type}
    return body


def area_list_json(request: Request, areas: list[api_areas.AreaInfo]) -> list[dict[str, Any]]:
    """Listed areas, each with its nearest administrative parent (which authority a ward is in)."""
    parents = api_areas.nearest_parents(engine_of(request), areas)
    return [area_json(a, parents.get(a.code)) for a in areas]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as JSON objects: Python numbers at full precision, missing → null."""
    rows: list[dict[str, Any]] = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return rows


def check_type(area_type: str | None, parameter: str) -> str | None:
    if area_type is not None and area_type not in AREA_TYPE_NAMES:
        raise InputError(f"unknown area type {area_type!r}", column=parameter)
    return area_type


def upper(code: str | None) -> str | None:
    return code.upper() if code else None


@router.get(
    "/areas", summary="Search areas by name or code, or list an area type", response_model=models.AreaList
)
def list_areas(
    request: Request,
    q: Annotated[
        str | None,
        Query(
            description="Part of a name or code", min_length=1, max_length=MAX_SEARCH, pattern=TEXT_PATTERN
        ),
    ] = None,
    type: ListedTypeQuery = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
) -> dict[str, Any]:
    found = api_areas.find_areas(engine_of(request), q, check_type(type, "type"), limit)
    return {"areas": area_list_json(request, found)}


def found_area_json(area: api_areas.AreaInfo, authority: api_areas.AreaInfo | None) -> dict[str, Any]:
    return {
        **area_json(area),
        "alt_name": area.alt_name,
        "alt_name_cy": area.alt_name_cy,
        "authority": area_json(authority) if authority else None,
    }


@router.get(
    "/search",
    summary="Find a postcode or an area as typed (what the site's search box suggests)",
    description="Postcodes of the bundled Greater Manchester lookup that ``q`` is or starts (any case "
    "and spacing), then areas whose code, name, Welsh name or other name (an MSOA's House of Commons "
    "Library name) matches ``q`` with or without accents; wards, MSOAs and LSOAs carry their local "
    "authority.",
    response_model=models.SearchResults,
)
def search(
    request: Request,
    q: Annotated[
        str, Query(description="What was typed", min_length=1, max_length=MAX_SEARCH, pattern=TEXT_PATTERN)
    ],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict[str, Any]:
    found = find_places(engine_of(request), request.app.state.data_dir, q, limit)
    return {
        "postcodes": [{"postcode": p, "path": "/postcodes/" + p.replace(" ", "")} for p in found.postcodes],
        "areas": [found_area_json(a, found.authorities.get(a.code)) for a in found.areas],
    }


@router.get(
    "/postcodes/{postcode}",
    summary="A postcode: the areas holding it and the community assets nearest it",
    description="From the bundled OS Code-Point Open extract, which covers Greater Manchester only: "
    "any other well-formed postcode gives 404.",
    response_model=models.Postcode,
)
def get_postcode(request: Request, postcode: PostcodePath) -> dict[str, Any]:
    engine = engine_of(request)
    place = find_postcode(engine, request.app.state.data_dir, postcode)
    msoa_authority = place.authorities.get(place.msoa.code) if place.msoa else None

    def optional(area: api_areas.AreaInfo | None) -> dict[str, Any] | None:
        return area_json(area) if area else None

    return {
        "postcode": place.postcode,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "lsoa": optional(place.lsoa),
        "msoa": found_area_json(place.msoa, msoa_authority) if place.msoa else None,
        "ward_code": place.ward_code,
        "ward": optional(place.ward),
        "best_fit_ward": optional(place.best_fit_ward),
        "authority": optional(place.authority),
        "nearest_assets": [
            {
                "id": a.id,
                "name": a.name,
                "asset_type": a.asset_type,
                "distance_m": round(a.distance_m, 1),
                "latitude": a.latitude,
                "longitude": a.longitude,
                "approximate_location": a.approximate,
            }
            for a in place.assets
        ],
    }


@router.get("/areas/{code}", summary="One area with its parents", response_model=models.AreaWithParents)
def get_area(request: Request, code: AreaCodePath) -> dict[str, Any]:
    area, parents = api_areas.area_with_parents(engine_of(request), code.upper())
    return {**area_json(area), "parents": [area_json(a) for a in parents]}


@router.get(
    "/areas/{code}/children",
    summary="Areas within an area: its direct children, or every area of a type within it",
    response_model=models.AreaChildren,
)
def get_children(request: Request, code: AreaCodePath, type: AreaTypeQuery = None) -> dict[str, Any]:
    area, children = api_areas.area_with_children(engine_of(request), code.upper(), check_type(type, "type"))
    return {"area": area_json(area), "children": area_list_json(request, children)}


CORRECTIONS_NOTE = (
    "Each indicator's `corrections` lists the metadata fields healthassets corrected at load"
    " (field, published_value as the extract has it, corrected_value, source, reason); the field"
    " itself holds the corrected value."
)


def with_corrections(request: Request, frame: pd.DataFrame) -> list[dict[str, Any]]:
    carried = corrections_by_indicator(engine_of(request), frame)
    return [{**row, "corrections": carried.get(int(row["id"]), [])} for row in records(frame)]


@router.get(
    "/indicators",
    summary="Every indicator with its metadata",
    description=CORRECTIONS_NOTE,
    response_model=models.IndicatorList,
)
def list_indicators(request: Request) -> dict[str, Any]:
    return {"indicators": with_corrections(request, api_values.indicators(engine_of(request)))}


@router.get(
    "/indicators/{indicator_id}",
    summary="One indicator's full metadata",
    description=CORRECTIONS_NOTE,
    response_model=models.Indicator,
)
def get_indicator(request: Request, indicator_id: IndicatorIdPath) -> dict[str, Any]:
    return with_corrections(request, api_values.indicator(engine_of(request), indicator_id))[0]


@router.get(
    "/values",
    summary="Indicator values, filtered and paginated",
    description="The values of one to ten indicators (``indicator`` is required, so every request's "
    "work is bounded), optionally for some areas, an area type, areas within a parent (at any depth), "
    "a period, a sex and an age; ``size`` values a page, with links to the neighbouring pages.",
    response_model=models.ValuesPage,
)
def list_values(
    request: Request,
    indicator: Annotated[
        list[IndicatorNumber],
        Query(description="Indicator id (repeatable, 1 to 10)", min_length=1, max_length=MAX_INDICATORS),
    ],
    area: AreaCodesQuery = None,
    area_type: AreaTypeQuery = None,
    parent: ParentQuery = None,
    period: Annotated[PeriodText | None, Query(description="Time period, e.g. 2022/23")] = None,
    sex: Annotated[LabelText | None, Query(description="e.g. Persons")] = None,
    age: Annotated[LabelText | None, Query(description="e.g. All ages")] = None,
    latest: Annotated[bool, Query(description="Only each series' latest period")] = False,
    page: PageQuery = 1,
    size: SizeQuery = 100,
) -> dict[str, Any]:
    value_filter = api_values.ValueFilter(
        indicators=indicator,
        areas=[c.upper() for c in area or []],
        area_type=check_type(area_type, "area_type"),
        parent=upper(parent),
        periods=[period] if period else [],
        sexes=[sex] if sex else [],
        ages=[age] if age else [],
        latest_only=latest,
    )
    frame, total = api_values.values_page(engine_of(request), value_filter, page, size)
    pages = max(1, math.ceil(total / size))

    def link(number: int) -> str:
        return str(request.url.include_query_params(page=number))

    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": size,
        "first_page": page == 1,
        "last_page": page >= pages,
        "links": {
            "self": link(page),
            "first": link(1),
            "last": link(pages),
            "next": link(page + 1) if page < pages else None,
            "prev": link(min(page, pages + 1) - 1) if page > 1 else None,
        },
        "values": records(frame),
    }


@router.get(
    "/areas/{code}/profile",
    summary="The area's latest values benchmarked against its country, England, region and parent authority",
    response_model=models.AreaProfile,
)
def get_profile(request: Request, code: AreaCodePath) -> dict[str, Any]:
    result = area_profile(engine_of(request), code.upper())
    return {
        "area": area_json(result.area),
        "comparators": [area_json(c) for c in result.comparators],
        "indicators": records(result.table),
    }
