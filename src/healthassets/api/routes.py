"""Routes of ``/api/v1``: areas, indicators, values, profiles."""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Query, Request
from sqlalchemy import Engine, select

from healthassets.errors import InputError, NotFoundError
from healthassets.geography.areas import AREA_TYPES, TYPE_GROUPS
from healthassets.indicators.disclosure import apply_disclosure
from healthassets.services.area_page import disclosure_of
from healthassets.services.indicator_corrections import corrections_by_indicator
from healthassets.services.profiles import area_profile
from healthassets.store import areas as area_queries
from healthassets.store.models import Indicator
from healthassets.store.values import ValueFilter, fetch_values
from healthassets.web.i18n import gettext

router = APIRouter()
AREA_CODE = re.compile(r"^[A-Za-z0-9]{3,12}$")
PERIOD = re.compile(r"^\d{4}(/\d{2})?( - \d{2}(/\d{2})?)?( Q[1-4])?$")
MAX_PAGE_SIZE = 1000


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def area_json(area: area_queries.AreaInfo) -> dict[str, Any]:
    return {
        "code": area.code,
        "name": area.name,
        "name_cy": area.name_cy,
        "type": area.area_type,
        "type_name": gettext(area.type_name),  # Welsh with ?lang=cy
    }


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as JSON objects: Python numbers at full precision, missing → null."""
    rows: list[dict[str, Any]] = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return rows


def check_code(code: str, parameter: str = "code") -> str:
    if not AREA_CODE.match(code):
        raise InputError(f"{code!r} is not an area code", column=parameter)
    return code.upper()


@router.get("/areas", summary="Search areas by name or code, or list an area type")
def list_areas(
    request: Request,
    q: Annotated[str | None, Query(description="Part of a name or code")] = None,
    type: Annotated[str | None, Query(description="Area type, e.g. ltla, utla, region, msoa")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
) -> dict[str, Any]:
    engine = engine_of(request)
    if type is not None and type not in AREA_TYPES and type not in TYPE_GROUPS:
        raise InputError(f"unknown area type {type!r}", column="type")
    if q:
        found = area_queries.search_areas(engine, q, limit=limit, area_types=[type] if type else None)
    elif type:
        found = area_queries.areas_of_type(engine, type)[:limit]
    else:
        raise InputError("give q (a name or code) or type", column="q")
    return {"areas": [area_json(a) for a in found]}


@router.get("/areas/{code}", summary="One area with its parents")
def get_area(request: Request, code: str) -> dict[str, Any]:
    engine = engine_of(request)
    area = area_queries.get_area(engine, check_code(code))
    return {**area_json(area), "parents": [area_json(a) for a in area_queries.ancestors(engine, area.code)]}


@router.get("/areas/{code}/children", summary="Areas within an area, optionally of one type")
def get_children(request: Request, code: str, type: str | None = None) -> dict[str, Any]:
    engine = engine_of(request)
    area = area_queries.get_area(engine, check_code(code))
    return {
        "area": area_json(area),
        "children": [area_json(a) for a in area_queries.children(engine, area.code, type)],
    }


CORRECTIONS_NOTE = (
    "Each indicator's `corrections` lists the metadata fields healthassets corrected at load"
    " (field, published_value as the extract has it, corrected_value, source, reason); the field"
    " itself holds the corrected value."
)


def with_corrections(request: Request, frame: pd.DataFrame) -> list[dict[str, Any]]:
    carried = corrections_by_indicator(engine_of(request), frame)
    return [{**row, "corrections": carried.get(int(row["id"]), [])} for row in records(frame)]


@router.get("/indicators", summary="Every indicator with its metadata", description=CORRECTIONS_NOTE)
def list_indicators(request: Request) -> dict[str, Any]:
    with engine_of(request).connect() as connection:
        frame = pd.read_sql(select(Indicator).order_by(Indicator.id), connection)
    return {"indicators": with_corrections(request, frame)}


@router.get(
    "/indicators/{indicator_id}", summary="One indicator's full metadata", description=CORRECTIONS_NOTE
)
def get_indicator(request: Request, indicator_id: int) -> dict[str, Any]:
    with engine_of(request).connect() as connection:
        frame = pd.read_sql(select(Indicator).where(Indicator.id == indicator_id), connection)
    if frame.empty:
        raise NotFoundError(f"no indicator has the id {indicator_id}")
    return with_corrections(request, frame)[0]


@router.get("/values", summary="Indicator values, filtered and paginated")
def list_values(
    request: Request,
    indicator: Annotated[list[int] | None, Query(description="Indicator id (repeatable)")] = None,
    area: Annotated[list[str] | None, Query(description="Area code (repeatable)")] = None,
    area_type: str | None = None,
    parent: str | None = None,
    period: Annotated[list[str] | None, Query(description="Time period, e.g. 2022/23")] = None,
    sex: Annotated[list[str] | None, Query()] = None,
    age: Annotated[list[str] | None, Query()] = None,
    latest: bool = False,
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 100,
) -> dict[str, Any]:
    for text in period or []:
        if not PERIOD.match(text):
            raise InputError(
                f"{text!r} is not a time period (e.g. 2022, 2022/23, 2020 - 22)", column="period"
            )
    codes = [check_code(c, "area") for c in area or []]
    if parent:
        check_code(parent, "parent")
    if area_type is not None and area_type not in AREA_TYPES and area_type not in TYPE_GROUPS:
        raise InputError(f"unknown area type {area_type!r}", column="area_type")
    value_filter = ValueFilter(
        indicators=indicator or [],
        areas=codes,
        area_type=area_type,
        parent=parent,
        periods=period or [],
        sexes=sex or [],
        ages=age or [],
        latest_only=latest,
    )
    frame = fetch_values(engine_of(request), value_filter)
    if len(frame):
        frame = apply_disclosure(frame, disclosure_of(engine_of(request)))
    total = len(frame)
    pages = max(1, math.ceil(total / size))
    chunk = frame.iloc[(page - 1) * size : page * size]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": size,
        "first_page": page == 1,
        "last_page": page >= pages,
        "values": records(chunk),
    }


@router.get(
    "/areas/{code}/profile", summary="The area's latest values benchmarked against England and region"
)
def get_profile(request: Request, code: str) -> dict[str, Any]:
    engine = engine_of(request)
    result = area_profile(engine, check_code(code))
    return {
        "area": area_json(result.area),
        "comparators": [area_json(c) for c in result.comparators],
        "indicators": records(result.table),
    }
