"""The Open Referral UK 3.0 read API (HSDS 3.0, UK profile), served under ``/openreferral``.

Nine GET endpoints, no authentication, ``Access-Control-Allow-Origin: *`` (the app's CORS), JSON
errors (404 for an unknown id, 400 for a bad parameter). Only published, not deleted assets appear.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pandas as pd
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi import Path as URLPath

from healthassets.errors import InputError, NotFoundError
from healthassets.openreferral import filters, geocode, mapping, models, published, schedule, taxonomy
from healthassets.openreferral import io as hsds_io
from healthassets.store import Engine


def allow_any_origin(response: Response) -> None:
    """ORUK: every response carries ``Access-Control-Allow-Origin: *`` (even without an Origin header)."""
    response.headers["Access-Control-Allow-Origin"] = "*"


router = APIRouter(tags=["Open Referral UK"], dependencies=[Depends(allow_any_origin)])
PER_PAGE = 50
MAX_PER_PAGE = 1000

MAX_PAGE = 100_000
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
TIME_PATTERN = r"^(([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?|24:00(:00)?)$"
POSTCODE_PATTERN = r"^ *[A-Za-z]{1,2}[0-9][A-Za-z0-9]? *[0-9][A-Za-z]{2} *$"
DAY_NAMES = [*schedule.DAYS, *(d.capitalize() for d in schedule.DAY_NAMES), *schedule.DAY_NAMES]

PageNumber = Query(1, ge=1, le=MAX_PAGE, description="Page number (1-based).")
PerPage = Query(PER_PAGE, ge=1, le=MAX_PER_PAGE, description="Results per page.")
Search = Annotated[str | None, Query(max_length=200, description="Every word appears (case-insensitive)")]
TaxonomyId = Annotated[str | None, Query(pattern=UUID_PATTERN, description="A UUID")]
Age = Annotated[float | None, Query(ge=0, le=150, description="Years")]
Time = Annotated[str | None, Query(pattern=TIME_PATTERN, description="HH:MM or HH:MM:SS")]
Day = Annotated[
    str | None,
    Query(json_schema_extra={"enum": DAY_NAMES}, max_length=9, description="MO…SU or Monday…Sunday"),
]
Postcode = Annotated[str | None, Query(pattern=POSTCODE_PATTERN, max_length=12, description="A UK postcode")]
Proximity = Annotated[
    float | None, Query(gt=0, le=1_000_000, description="Metres around the postcode (ignored without one)")
]
#: an id: no control characters (PostgreSQL cannot hold a NUL in text)
Identifier = Annotated[str, URLPath(max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _data_dir(request: Request) -> Path:
    return Path(request.app.state.data_dir)


def _uuid(value: str, parameter: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise InputError(f"{parameter} must be a UUID, not {value!r}", column=parameter) from None


def _paged(items: list[Any], page: int, per_page: int) -> list[Any]:
    return items[(page - 1) * per_page : page * per_page]


def _enrich(request: Request, frame: pd.DataFrame) -> pd.DataFrame:
    return hsds_io.with_places(_data_dir(request), frame)


def _full(request: Request, frame: pd.DataFrame) -> hsds_io.Prepared:
    return hsds_io.prepare(_engine(request), _data_dir(request), frame)


def _filter(
    request: Request,
    frame: pd.DataFrame,
    *,
    search: str | None,
    taxonomy_term_id: str | None,
    taxonomy_id: str | None,
    minimum_age: float | None,
    maximum_age: float | None,
    start_time: str | None,
    end_time: str | None,
    day: str | None,
    postcode: str | None = None,
    proximity: float | None = None,
) -> pd.DataFrame:
    """The frame filtered by the ORUK parameters (see :mod:`healthassets.openreferral.filters`)."""
    keep = np.ones(len(frame), dtype=bool)
    if search and search.strip():
        keep &= filters.search_mask(frame, search)
    if taxonomy_term_id:
        wanted = _uuid(taxonomy_term_id, "taxonomy_term_id")
        term = taxonomy.terms_by_id(taxonomy.all_terms(_tags(frame))).get(wanted)
        keep &= filters.taxonomy_mask(frame, term=term) if term else False
    if taxonomy_id:
        kind = taxonomy.kind_of_taxonomy(_uuid(taxonomy_id, "taxonomy_id"))
        keep &= filters.taxonomy_mask(frame, kind=kind) if kind else False
    for name, value in (("minimum_age", minimum_age), ("maximum_age", maximum_age)):
        if value is not None and (value < 0 or not np.isfinite(value)):
            raise InputError(f"{name} must be a number of years ≥ 0", column=name)
    keep &= filters.age_mask(frame, minimum_age, maximum_age)
    if day is not None and day not in DAY_NAMES:
        raise InputError(f"day must be one of {', '.join(DAY_NAMES)}", column="day")
    if day or start_time or end_time:
        times = {}
        for name, given in (("start_time", start_time), ("end_time", end_time)):
            try:
                times[name] = None if not given else schedule.parse_time(given)
            except ValueError as error:
                raise InputError(str(error), column=name) from None
        try:
            wanted_day = schedule.parse_day(day) if day else None
        except ValueError as error:
            raise InputError(str(error), column="day") from None
        open_ids = schedule.matching_assets(
            schedule.sessions(frame[keep]), wanted_day, times["start_time"], times["end_time"]
        )
        keep &= frame["id"].isin(open_ids).to_numpy()
    frame = frame[keep]
    if postcode:
        near = _near(request, postcode, proximity)
        distance = filters.distances(frame, near)
        mask = filters.near_mask(frame, near, distance)
        frame = filters.order_by_distance(frame[mask], distance[mask])
    return frame


def _near(request: Request, postcode: str, proximity: float | None) -> filters.Near:
    """The postcode's place (404 for a well-formed postcode the bundled file does not hold)."""
    if proximity is not None and not (np.isfinite(proximity) and proximity > 0):
        raise InputError(f"proximity must be a distance in metres > 0, not {proximity!r}", column="proximity")
    try:
        place = geocode.geocode(_data_dir(request), postcode)
    except FileNotFoundError:
        raise NotFoundError("no postcode file is loaded on this server") from None
    except InputError as error:
        raise NotFoundError(error.reason) from None
    areas = published.ancestor_codes(_engine(request), [place.lsoa_code, place.ward_code, place.lad_code])
    return filters.Near(place.latitude, place.longitude, frozenset(areas), proximity)


def _tags(frame: pd.DataFrame) -> list[str]:
    return [t for tags in frame["tags"] for t in tags]


@router.get("/", response_model=models.ApiDetails, response_model_exclude_unset=True)
def api_details() -> dict[str, Any]:
    """The HSDS version (read by the ORUK validator), the profile and the OpenAPI definition."""
    return mapping.api_details()


@router.get("/services", response_model=models.ServicePage, response_model_exclude_unset=True)
def services(
    request: Request,
    search: Search = None,
    page: int = PageNumber,
    per_page: int = PerPage,
    taxonomy_term_id: TaxonomyId = None,
    taxonomy_id: TaxonomyId = None,
    minimum_age: Age = None,
    maximum_age: Age = None,
    start_time: Time = None,
    end_time: Time = None,
    day: Day = None,
) -> dict[str, Any]:
    """Services (one per public asset) with their one-to-one fields and organisation."""
    frame = _filter(
        request,
        published.public_assets(_engine(request)),
        search=search,
        taxonomy_term_id=taxonomy_term_id,
        taxonomy_id=taxonomy_id,
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        start_time=start_time,
        end_time=end_time,
        day=day,
    )
    chosen = frame.iloc[(page - 1) * per_page : page * per_page]
    items = [mapping.service_core(r) for r in mapping.records(chosen)]
    return mapping.page(items, len(frame), page, per_page)


@router.get("/services/{id}", response_model=models.Service, response_model_exclude_unset=True)
def service(request: Request, id: Identifier) -> dict[str, Any]:
    """One fully nested service."""
    frame = published.public_assets(_engine(request), [id])
    if frame.empty:
        raise NotFoundError(f"no service with id {id!r}")
    rows, sessions, names = _full(request, frame)
    return mapping.service_full(rows[0], sessions.get(rows[0]["id"]), names)


@router.get(
    "/service_at_locations", response_model=models.ServiceAtLocationPage, response_model_exclude_unset=True
)
def service_at_locations(
    request: Request,
    search: Search = None,
    page: int = PageNumber,
    per_page: int = PerPage,
    taxonomy_term_id: TaxonomyId = None,
    taxonomy_id: TaxonomyId = None,
    minimum_age: Age = None,
    maximum_age: Age = None,
    start_time: Time = None,
    end_time: Time = None,
    day: Day = None,
    postcode: Postcode = None,
    proximity: Proximity = None,
) -> dict[str, Any]:
    """Each service at its location (assets with a point or an address), nearest first with a postcode."""
    frame = published.public_assets(_engine(request))
    frame = _filter(
        request,
        frame[mapping.location_mask(frame).to_numpy()],
        search=search,
        taxonomy_term_id=taxonomy_term_id,
        taxonomy_id=taxonomy_id,
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        start_time=start_time,
        end_time=end_time,
        day=day,
        postcode=postcode,
        proximity=proximity,
    )
    chosen = _enrich(request, frame.iloc[(page - 1) * per_page : page * per_page])
    items = [mapping.service_at_location_item(r) for r in mapping.records(chosen)]
    return mapping.page(items, len(frame), page, per_page)


@router.get(
    "/service_at_locations/{id}", response_model=models.ServiceAtLocation, response_model_exclude_unset=True
)
def service_at_location(request: Request, id: Identifier) -> dict[str, Any]:
    """One service at its location, fully nested."""
    ids = published.public_asset_ids(_engine(request))
    asset_id = next((a for a in ids if mapping.service_at_location_id(a) == id), None)
    frame = published.public_assets(_engine(request), [asset_id]) if asset_id else None
    if frame is None or frame.empty or not mapping.location_mask(frame).iloc[0]:
        raise NotFoundError(f"no service_at_location with id {id!r}")
    rows, sessions, names = _full(request, frame)
    return mapping.service_at_location_full(rows[0], sessions.get(rows[0]["id"]), names)


@router.get("/taxonomies", response_model=models.TaxonomyPage, response_model_exclude_unset=True)
def taxonomies(request: Request, page: int = PageNumber, per_page: int = PerPage) -> dict[str, Any]:
    """The register's four taxonomies: ABCD asset type, dimension, Five Ways, tags."""
    items = [taxonomy.taxonomy_dict(kind) for kind in taxonomy.KINDS]
    return mapping.page(_paged(items, page, per_page), len(items), page, per_page)


@router.get("/taxonomies/{id}", response_model=models.Taxonomy, response_model_exclude_unset=True)
def taxonomy_detail(request: Request, id: Identifier) -> dict[str, Any]:
    """One taxonomy with its terms."""
    kind = taxonomy.kind_of_taxonomy(id)
    if kind is None:
        raise NotFoundError(f"no taxonomy with id {id!r}")
    terms = taxonomy.all_terms(published.public_tags(_engine(request)))
    return taxonomy.taxonomy_dict(kind, terms)


@router.get("/taxonomy_terms", response_model=models.TaxonomyTermPage, response_model_exclude_unset=True)
def taxonomy_terms(request: Request, page: int = PageNumber, per_page: int = PerPage) -> dict[str, Any]:
    """Every term: the fixed vocabularies, then the tags of public assets (alphabetical)."""
    terms = taxonomy.all_terms(published.public_tags(_engine(request)))
    items = [taxonomy.term_dict(t) for t in _paged(terms, page, per_page)]
    return mapping.page(items, len(terms), page, per_page)


@router.get("/taxonomy_terms/{id}", response_model=models.TaxonomyTerm, response_model_exclude_unset=True)
def taxonomy_term(request: Request, id: Identifier) -> dict[str, Any]:
    """One taxonomy term."""
    term = taxonomy.terms_by_id(taxonomy.all_terms(published.public_tags(_engine(request)))).get(id)
    if term is None:
        raise NotFoundError(f"no taxonomy term with id {id!r}")
    return taxonomy.term_dict(term)
