"""The JSON API's parameters with their constraints in the OpenAPI schema (patterns, enums, bounds),
so a client — or a contract fuzzer — knows from ``/openapi.json`` which requests are valid.

Patterns use ``[0-9]`` rather than ``\\d`` (which also matches other scripts' digits) and are
anchored. Repeatable (list) parameters hold values that never read as numbers (area codes start
with a letter): a query string cannot tell ``area=12345`` from a number, so such a list would
accept what its schema refuses. Lists are bounded (``maxItems``) and strings have a maximum length,
so every request's work is bounded (docs/adr/0042-api-contract.md).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import StringConstraints

from healthassets.geography.areas import AREA_TYPES, TYPE_GROUPS

#: GSS and NHS codes start with a letter (E08000004, W06000015, U12345, P84001)
AREA_CODE_PATTERN = r"^[A-Za-z][A-Za-z0-9]{2,11}$"
PERIOD_PATTERN = r"^[0-9]{4}(/[0-9]{2})?( - [0-9]{2}(/[0-9]{2})?)?( Q[1-4])?$"
#: Fingertips area types and the groups of them (ltla, utla)
AREA_TYPE_NAMES = [*TYPE_GROUPS, *AREA_TYPES]
MAX_INDICATOR_ID = 2**31 - 1  # the store's integer column
MAX_PAGE_SIZE = 1000
MAX_PAGE = 100_000
MAX_INDICATORS = 10
MAX_AREAS = 100
MAX_SEARCH = 100

AreaCodeText = Annotated[str, StringConstraints(pattern=AREA_CODE_PATTERN)]
PeriodText = Annotated[str, StringConstraints(pattern=PERIOD_PATTERN)]
#: free text: no control characters (PostgreSQL cannot hold a NUL in text)
TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*$"
LabelText = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=TEXT_PATTERN)]
IndicatorNumber = Annotated[int, Query(ge=1, le=MAX_INDICATOR_ID)]

#: a UK postcode in any case, with or without spaces: outward code, inward code (digit, two letters)
POSTCODE_PATTERN = r"^ *[A-Za-z]{1,2}[0-9][A-Za-z0-9]? *[0-9][A-Za-z]{2} *$"
PostcodePath = Annotated[
    str, Path(pattern=POSTCODE_PATTERN, max_length=20, description="A postcode, e.g. OL1 1AA or ol11aa")
]
AreaCodePath = Annotated[str, Path(pattern=AREA_CODE_PATTERN, description="An area code, e.g. E08000004")]
AreaTypeQuery = Annotated[
    str | None,
    Query(
        description="Area type, or a group of types: ltla (districts and unitary authorities), "
        "utla (counties and unitary authorities)",
        json_schema_extra={"enum": AREA_TYPE_NAMES},
        max_length=30,
    ),
]
RequiredAreaTypeQuery = Annotated[
    str,
    Query(
        description="Area type, or a group of types (ltla, utla)", json_schema_extra={"enum": AREA_TYPE_NAMES}
    ),
]
ListedTypeQuery = Annotated[
    str | None,
    Query(
        description="Area type or group (ltla, utla); without q, every area of this type by name "
        "(default: the regions)",
        json_schema_extra={"enum": AREA_TYPE_NAMES},
        max_length=30,
    ),
]
ParentQuery = Annotated[
    str | None,
    Query(
        pattern=AREA_CODE_PATTERN,
        description="Only areas within this one, at any depth: a region's districts include those "
        "under its counties (E12000002 gives all 35 North West districts and unitaries)",
    ),
]
IndicatorQuery = Annotated[int, Query(ge=1, le=MAX_INDICATOR_ID, description="Indicator id")]
IndicatorIdPath = Annotated[int, Path(ge=1, le=MAX_INDICATOR_ID, description="Indicator id")]
AreaCodesQuery = Annotated[
    list[AreaCodeText] | None, Query(description="Area code (repeatable)", max_length=MAX_AREAS)
]
PageQuery = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number (1-based)")]
SizeQuery = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Values per page")]
