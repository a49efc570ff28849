"""Asset rows → HSDS 3.0 (UK profile) records, and the page envelope (pure: no I/O).

A row is one public asset as :func:`healthassets.openreferral.published.public_assets` reads it (a
dict; lists for dimensions, Five Ways, served areas and tags), optionally with ``city`` and
``state_province`` found from its postcode. The mapping is documented in
docs/adr/0029-open-referral-mapping.md. Every optional field without a value is left out
(ORUK: "omitted rather than included with null or empty values"); every id is a UUID.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC
from typing import Any

import pandas as pd

from healthassets.assets import privacy
from healthassets.assets.vocabulary import LABELS, AssetType, Dimension, FiveWays
from healthassets.openreferral.schedule import schedules_of
from healthassets.openreferral.taxonomy import (
    ASSET_TYPE,
    DIMENSION,
    FIVE_WAYS,
    TAG,
    Term,
    child_id,
    organization_id,
    term_dict,
    term_key,
)

DEFAULT_ORGANIZATION = "healthassets community register"
DEFAULT_ORGANIZATION_TEXT = (
    "Community assets recorded in the healthassets community asset register without a named "
    "organisation: places, groups and services that keep people healthy, mapped with the community."
)
COUNTRY = "GB"
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)

Row = Mapping[str, Any]


def clean(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` without empty optional values (None, NaN, '', [], {})."""
    return {k: v for k, v in record.items() if not _empty(v)}


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str | list | dict | tuple):
        return len(value) == 0 or (isinstance(value, str) and not value.strip())
    return bool(value is pd.NaT or value is pd.NA)


def text(value: Any) -> str | None:
    return None if _empty(value) else str(value).strip()


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as dicts, missing values as None."""
    out = frame.astype(object).where(frame.notna(), None)
    return list(out.to_dict("records"))


def web_url(value: Any) -> str | None:
    """A website as an absolute URI ('www.x.org' → 'https://www.x.org'); None when not one."""
    given = text(value)
    if given is None:
        return None
    url = given if re.match(r"^https?://", given, re.IGNORECASE) else f"https://{given}"
    return url if URL.match(url) else None


def _timestamp(value: Any) -> pd.Timestamp | None:
    if _empty(value):
        return None
    stamp = pd.Timestamp(value)
    return stamp.tz_localize(UTC) if stamp.tzinfo is None else stamp.tz_convert(UTC)


def iso_datetime(value: Any) -> str | None:
    stamp = _timestamp(value)
    return None if stamp is None else stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_date(value: Any) -> str | None:
    stamp = _timestamp(value)
    return None if stamp is None else stamp.date().isoformat()


def _number(value: Any) -> int | None:
    return None if _empty(value) else int(value)


def is_person(row: Row) -> bool:
    """A person listed as an asset (docs/adr/0035): never an address, contact or exact point."""
    return privacy.is_person(row)


def organization(row: Row) -> dict[str, Any]:
    """The organisation providing the asset: its named organisation, or the register's default."""
    name = text(row.get("organisation_name"))
    if name is None:
        return {
            "id": organization_id(None),
            "name": DEFAULT_ORGANIZATION,
            "description": DEFAULT_ORGANIZATION_TEXT,
        }
    return {
        "id": organization_id(name),
        "name": name,
        "description": f"{name}, provider of community assets listed in the healthassets register.",
    }


def service_core(row: Row) -> dict[str, Any]:
    """The service's one-to-one fields and its organisation (the items of ``GET /services``)."""
    org = organization(row)
    person = is_person(row)
    return clean(
        {
            "id": row["id"],
            "organization_id": org["id"],
            "name": text(row.get("service_name")) or text(row.get("name")),
            "description": text(row.get("service_description")) or text(row.get("description")),
            "url": web_url(row.get("website")),
            "email": None if person else text(row.get("email")),
            "status": "active",
            "fees": text(row.get("cost")),
            "minimum_age": _number(row.get("minimum_age")),
            "maximum_age": _number(row.get("maximum_age")),
            "assured_date": iso_date(row.get("last_verified_at")),
            "last_modified": iso_datetime(row.get("updated_at")) or iso_datetime(row.get("created_at")),
            "organization": org,
        }
    )


def asset_terms(row: Row) -> list[Term]:
    """The taxonomy terms of an asset: its type, dimensions, Five Ways and tags (values outside the
    vocabularies, which validation never lets in, are skipped rather than failing the feed)."""
    out = []
    for kind, vocabulary, values in (
        (ASSET_TYPE, AssetType, [row.get("asset_type")]),
        (DIMENSION, Dimension, row.get("dimensions") or []),
        (FIVE_WAYS, FiveWays, row.get("five_ways") or []),
    ):
        known = {t.value: t for t in vocabulary}
        out += [Term(kind, str(v), LABELS[known[v]]) for v in values if v in known]
    tags: dict[str, str] = {}
    for tag in row.get("tags") or []:
        if str(tag).strip():
            tags.setdefault(term_key(str(tag)), " ".join(str(tag).split()))
    out += [Term(TAG, t, t) for t in tags.values()]
    return out


def attributes(row: Row) -> list[dict[str, Any]]:
    """The asset's taxonomy terms as HSDS attributes of the service."""
    return [
        {
            "id": child_id(f"attribute:{term.id}", row["id"]),
            "link_id": row["id"],
            "link_type": "service",
            "taxonomy_term_id": term.id,
            "taxonomy_term": term_dict(term),
        }
        for term in asset_terms(row)
    ]


def has_location(row: Row) -> bool:
    """A location is published for an asset with a point, or (not a person) an address and postcode."""
    point = not _empty(row.get("latitude")) and not _empty(row.get("longitude"))
    street = not is_person(row) and text(row.get("address")) and text(row.get("postcode"))
    return bool(point or street)


def location_mask(frame: pd.DataFrame) -> pd.Series:
    """:func:`has_location` for every row of a frame (vectorised)."""
    point = frame["latitude"].notna() & frame["longitude"].notna()
    given = [frame[c].fillna("").astype(str).str.strip() != "" for c in ("address", "postcode")]
    return point | (~pd.Series(privacy.person_mask(frame), index=frame.index) & given[0] & given[1])


def address(row: Row) -> dict[str, Any] | None:
    """The physical address (never for a person). HSDS needs address_1, city, state_province,
    postal_code and country: city and state_province come from the postcode's district when the
    bundled postcode file has it, otherwise from the address's last comma-separated part."""
    if is_person(row):
        return None
    street, postcode = text(row.get("address")), text(row.get("postcode"))
    if street is None or postcode is None:
        return None
    parts = [p.strip() for p in street.split(",") if p.strip()]
    city = text(row.get("city")) or (parts[-1].title() if len(parts) > 1 else None)
    state = text(row.get("state_province")) or city
    if city is None or state is None:
        return None
    location = child_id("location", row["id"])
    return {
        "id": child_id("address", row["id"]),
        "location_id": location,
        "address_1": street,
        "city": city,
        "state_province": state,
        "postal_code": postcode,
        "country": COUNTRY,
        "address_type": "physical",
    }


def location(row: Row) -> dict[str, Any]:
    location_id = child_id("location", row["id"])
    found = address(row)
    accessibility = text(row.get("accessibility"))
    return clean(
        {
            "id": location_id,
            "location_type": "physical",
            "name": text(row.get("name")),
            "latitude": None if _empty(row.get("latitude")) else float(row["latitude"]),
            "longitude": None if _empty(row.get("longitude")) else float(row["longitude"]),
            "addresses": [found] if found else [],
            "accessibility": [
                {
                    "id": child_id("accessibility", row["id"]),
                    "location_id": location_id,
                    "description": accessibility,
                    "accessibility": accessibility,
                }
            ]
            if accessibility
            else [],
        }
    )


def service_at_location_id(asset_id: str) -> str:
    return child_id("service_at_location", asset_id)


def service_at_location_core(row: Row) -> dict[str, Any]:
    return {
        "id": service_at_location_id(row["id"]),
        "service_id": row["id"],
        "location_id": child_id("location", row["id"]),
        "location": location(row),
    }


def contacts(row: Row) -> list[dict[str, Any]]:
    """A contact carrying the asset's phone (never for a person). The UK profile has no place for a
    phone number, so it goes in ``phones`` of the contact as in HSDS 3.0 (docs/adr/0030)."""
    phone = text(row.get("phone"))
    if is_person(row) or phone is None:
        return []
    contact_id = child_id("contact", row["id"])
    return [
        {
            "id": contact_id,
            "service_id": row["id"],
            "name": text(row.get("organisation_name")) or text(row.get("name")),
            "phones": [{"id": child_id("phone", row["id"]), "contact_id": contact_id, "number": phone}],
        }
    ]


def service_areas(row: Row, names: Mapping[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "id": child_id(f"service_area:{code}", row["id"]),
            "service_id": row["id"],
            "name": names.get(code, code),
            "service_area": names.get(code, code),
            "extent_type": "area_code",
            "extent": code,
        }
        for code in row.get("served_areas") or []
    ]


def service_full(
    row: Row, sessions: pd.DataFrame | None = None, names: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The fully nested service (``GET /services/{id}``); ``sessions`` are this asset's sessions."""
    out = service_core(row)
    out.update(
        clean(
            {
                "schedules": schedules_of(
                    row["id"],
                    sessions,
                    text(row.get("opening_times")),
                    lambda key: child_id(f"schedule:{key}", row["id"]),
                ),
                "service_areas": service_areas(row, names or {}),
                "service_at_locations": [service_at_location_core(row)] if has_location(row) else [],
                "contacts": contacts(row),
                "attributes": attributes(row),
            }
        )
    )
    return out


def service_at_location_item(row: Row) -> dict[str, Any]:
    """An item of ``GET /service_at_locations``: the link, its location and the service's own fields."""
    return {**service_at_location_core(row), "service": service_core(row)}


def service_at_location_full(
    row: Row, sessions: pd.DataFrame | None = None, names: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """``GET /service_at_locations/{id}``: the fully nested service_at_location. The ORUK spec
    validates this endpoint against the *service* schema (docs/adr/0030), so the service's required
    ``name`` and ``status`` are repeated at the top level: the body is valid under both schemas."""
    service = service_full(row, sessions, names)
    return {
        **service_at_location_core(row),
        "name": service["name"],
        "status": service["status"],
        "service": service,
    }


def page(items: list[dict[str, Any]], total: int, number: int, per_page: int) -> dict[str, Any]:
    """The ORUK page envelope: total_pages = ⌈total_items / per_page⌉ (0 when nothing matches),
    first_page when page_number is 1, last_page when page_number ≥ total_pages, empty when this page
    holds nothing."""
    pages = math.ceil(total / per_page) if total else 0
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(items),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": len(items) == 0,
        "contents": items,
    }


def api_details() -> dict[str, Any]:
    """``GET /``: the version the ORUK validator reads, the profile and the official spec URL."""
    return {
        "version": "HSDS-UK-3.0",
        "profile": "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md",
        "openapi_url": "https://openreferraluk.org/specifications/3.0/openapi.json",
    }
