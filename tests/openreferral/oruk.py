"""Validate responses as the ORUK validator does, offline, against the bundled ORUK 3.0 spec.

The schemas are copies in tests/data/openreferral (see its README). Each body is validated against
the ``200 → application/json`` schema the ORUK OpenAPI gives for its path (Draft 2020-12 with the
format checker on: uuid, email, uri, date-time), plus explicit workarounds for the spec's known
faults — each marked ``SPEC FAULT`` below.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DATA = Path(__file__).resolve().parents[1] / "data" / "openreferral"
UK = DATA / "uk-profile"
SPEC_URL = "https://openreferraluk.org/specifications/3.0/openapi.json"
# SPEC FAULT: the ORUK OpenAPI $refs point at raw.githubusercontent.com/openreferral/uk-profile, but the
# profile lives at OpenReferralUK/uk-profile; the URLs are mapped to the local copies of its schema folder.
SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
PAGE_FIELDS = {
    "total_items": int,
    "total_pages": int,
    "page_number": int,
    "size": int,
    "first_page": bool,
    "last_page": bool,
    "empty": bool,
    "contents": list,
}
ENDPOINTS = (
    "/",
    "/services",
    "/services/{id}",
    "/service_at_locations",
    "/service_at_locations/{id}",
    "/taxonomies",
    "/taxonomies/{id}",
    "/taxonomy_terms",
    "/taxonomy_terms/{id}",
)


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = _load(UK / "openapi.json")
    return loaded


@cache
def registry() -> Registry:
    """Every UK schema under its (upstream) URL, and the OpenAPI document under the spec URL."""
    folder = UK / "schema"
    resources = [
        (SCHEMA_BASE + p.relative_to(folder).as_posix(), _resource(_load(p))) for p in folder.rglob("*.json")
    ]
    # SPEC FAULT: the OpenAPI says "openapi": "3.0.0" but its schemas are JSON Schema 2020-12 (the
    # entity files declare it): the whole document is read as 2020-12.
    resources.append((SPEC_URL, _resource(spec())))
    return Registry().with_resources(resources)  # type: ignore[no-any-return]


def _resource(contents: Any) -> Resource:
    return Resource.from_contents(contents, default_specification=DRAFT202012)


def _pointer(*parts: str) -> str:
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def validator_for(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, registry=registry(), format_checker=FormatChecker())


def response_schema(path: str) -> dict[str, Any]:
    """A $ref to the 200 JSON schema the ORUK OpenAPI gives for ``path`` (e.g. '/services/{id}')."""
    assert path in spec()["paths"], path
    pointer = _pointer("paths", path, "get", "responses", "200", "content", "application/json", "schema")
    return {"$ref": f"{SPEC_URL}#{pointer}"}


def uk_schema(name: str) -> dict[str, Any]:
    return {"$ref": SCHEMA_BASE + name}


def problems(path: str, body: Any) -> list[str]:
    """Every way ``body`` breaks the ORUK spec for ``path`` (empty when valid)."""
    found = [_describe(e) for e in validator_for(response_schema(path)).iter_errors(body)]
    if path == "/":
        # SPEC FAULT: the OpenAPI's schema for / requires nothing; the validator's own api_details
        # schema requires version, profile and openapi_url (absolute URIs).
        details = _load(UK / "validator" / "api_details.json")
        found += [_describe(e) for e in validator_for(details).iter_errors(body)]
    if "contents" in spec()["paths"][path]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ].get("properties", {}):
        # SPEC FAULT: no Page field is required by the spec, but the validator reads total_pages and
        # contents: all eight fields are required here, with their types.
        for field, kind in PAGE_FIELDS.items():
            if not isinstance(body.get(field), kind) or (kind is int and isinstance(body.get(field), bool)):
                found.append(f"page field {field!r} missing or not {kind.__name__}")
    if path == "/service_at_locations/{id}":
        # SPEC FAULT: the OpenAPI validates this endpoint against the *service* schema; a
        # service_at_location must also be a valid service_at_location (fully nested).
        nested = validator_for(uk_schema("compiled/service_at_location.json"))
        found += [_describe(e) for e in nested.iter_errors(body)]
    found += _phones(body)
    return found


def _phones(body: Any) -> list[str]:
    """SPEC FAULT: the UK profile removed ``phones`` from service, location and contact, leaving
    phone.json unreachable; the feed keeps HSDS 3.0's ``contacts[].phones[]`` (an allowed extra
    property), so each such phone must be a valid UK phone."""
    out: list[str] = []
    phone = validator_for(uk_schema("phone.json"))
    for contact in _all(body, "contacts"):
        for item in contact.get("phones", []):
            out += [_describe(e) for e in phone.iter_errors(item)]
    return out


def _all(value: Any, key: str) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        here = list(value.get(key, [])) if isinstance(value.get(key), list) else []
        return here + [x for v in value.values() for x in _all(v, key)]
    if isinstance(value, list):
        return [x for v in value for x in _all(v, key)]
    return []


def _describe(error: Any) -> str:
    where = "/".join(str(p) for p in error.absolute_path)
    return f"{where or '(root)'}: {error.message}"


def empty_values(value: Any, where: str = "") -> list[str]:
    """Places where an optional field is sent empty (null, '', [] or {}): ORUK says omit them."""
    out = []
    if isinstance(value, dict):
        for key, item in value.items():
            if item is None or item == "" or item == [] or item == {}:
                out.append(f"{where}/{key}")
            out += empty_values(item, f"{where}/{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += empty_values(item, f"{where}/{i}")
    return out
