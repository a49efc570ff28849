"""HSDS JSON export and import of the register (Open Referral UK 3.0).

Export: every public asset as a fully nested service (exactly what ``GET /services/{id}`` serves),
with the taxonomies and their terms, in one JSON document::

    {"version": "HSDS-UK-3.0", "profile": …, "openapi_url": …, "taxonomies": [...], "services": [...]}

Import reads that document, a page envelope (``contents``), a list of services or one service.
All-or-nothing: each service is checked against the UK profile's compiled service schema
(``schema/service.json``, JSON Schema 2020-12 with formats) and then as an asset record; any
problem anywhere writes nothing, and each problem names the service (its number and id) and the
HSDS field. Services map back to assets as docs/adr/0029-open-referral-mapping.md describes; the
service id becomes the asset's ``source_id``, so importing a feed again updates its records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from healthassets.assets.records import AssetTable, validate_assets
from healthassets.assets.vocabulary import AssetType, Dimension, FiveWays, Status
from healthassets.errors import ImportValidationError, InputError, RowProblem
from healthassets.openreferral import geocode, mapping, published, schedule, taxonomy
from healthassets.store import Engine
from healthassets.store.areas import known_area_codes
from healthassets.store.asset_saving import SaveReport, save_assets

SCHEMA = Path(__file__).resolve().parent / "schema" / "service.json"
DEFAULT_TYPE = AssetType.INSTITUTION
DEFAULT_DIMENSIONS = (Dimension.COMMUNITY_ECONOMY,)
#: asset column → the HSDS field it comes from (for error messages)
FIELD_OF = {
    "name": "name",
    "description": "description",
    "website": "url",
    "email": "email",
    "cost": "fees",
    "minimum_age": "minimum_age",
    "maximum_age": "maximum_age",
    "last_verified_at": "assured_date",
    "asset_type": "attributes",
    "dimensions": "attributes",
    "five_ways": "attributes",
    "tags": "attributes",
    "latitude": "service_at_locations/0/location/latitude",
    "longitude": "service_at_locations/0/location/longitude",
    "address": "service_at_locations/0/location/addresses/0/address_1",
    "postcode": "service_at_locations/0/location/addresses/0/postal_code",
    "accessibility": "service_at_locations/0/location/accessibility",
    "phone": "contacts/0/phones/0/number",
    "opening_times": "schedules",
    "served_areas": "service_areas",
    "organisation_name": "organization/name",
    "source_id": "id",
}
Prepared = tuple[list[dict[str, Any]], dict[str, pd.DataFrame], dict[str, str]]


def with_places(data_dir: Path | None, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with ``city`` and ``state_province`` from their postcode (when the bundled postcode
    file knows it; unchanged without a data folder or postcode file)."""
    if data_dir is None:
        return frame
    try:
        places = geocode.postcode_places(data_dir, frame["postcode"])
    except FileNotFoundError:
        return frame
    return frame.assign(city=places["city"], state_province=places["state_province"])


def prepare(engine: Engine, data_dir: Path | None, frame: pd.DataFrame) -> Prepared:
    """Public asset rows ready for full mapping: records (with city and state_province from their
    postcode when the postcode file is there), each asset's opening sessions, served areas' names."""
    frame = with_places(data_dir, frame)
    table = schedule.sessions(frame)
    by_asset = {str(k): v for k, v in table.groupby("asset_id")} if len(table) else {}
    codes = [c for areas in frame["served_areas"] for c in areas]
    return mapping.records(frame), by_asset, published.area_names(engine, codes)


def export_document(engine: Engine, data_dir: Path | None) -> dict[str, Any]:
    """The whole public register as one HSDS JSON document."""
    frame = published.public_assets(engine)
    rows, sessions, names = prepare(engine, data_dir, frame)
    terms = taxonomy.all_terms([t for tags in frame["tags"] for t in tags])
    return {
        **mapping.api_details(),
        "taxonomies": [taxonomy.taxonomy_dict(kind, terms) for kind in taxonomy.KINDS],
        "services": [mapping.service_full(r, sessions.get(r["id"]), names) for r in rows],
    }


def export_hsds(engine: Engine, path: Path, data_dir: Path | None) -> int:
    """Write the register to ``path``; return the number of services."""
    document = export_document(engine, data_dir)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(document["services"])


# ---------------------------------------------------------------- import


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(
        json.loads(SCHEMA.read_text(encoding="utf-8")), format_checker=FormatChecker()
    )


def read_services(path: Path) -> list[Any]:
    """The services of an HSDS JSON file (document, page, list or one service)."""
    try:
        loaded = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except (ValueError, UnicodeDecodeError) as error:
        raise InputError(f"not JSON: {error}", file=str(path)) from None
    if isinstance(loaded, list):
        return loaded
    if isinstance(loaded, dict):
        for key in ("services", "contents"):
            if isinstance(loaded.get(key), list):
                return list(loaded[key])
        if "id" in loaded and "name" in loaded:
            return [loaded]
    raise InputError("no services: expected a list, {'services': [...]}, a page or a service", file=str(path))


def schema_problems(services: Sequence[Any], file: str | None) -> list[RowProblem]:
    """Every way each service breaks the UK service schema (row = service number, 1-based)."""
    out = []
    for number, service in enumerate(services, start=1):
        label = _label(service)
        for error in sorted(_validator().iter_errors(service), key=lambda e: list(e.absolute_path)):
            path = [str(p) for p in error.absolute_path]
            missing = re.match(r"^'([^']+)' is a required property", error.message)
            if error.validator == "required" and missing:
                path.append(missing[1])  # name the missing field itself
            where = "/".join(path) or None
            out.append(RowProblem(number, where, f"{label}: {error.message}", file))
    return out


def _label(service: Any) -> str:
    ident = service.get("id") if isinstance(service, dict) else None
    return f"service {ident}" if ident else "service"


def _kind(term: dict[str, Any]) -> str | None:
    """Which of our taxonomies a term belongs to (by taxonomy id, taxonomy name or term id)."""
    by_id = taxonomy.kind_of_taxonomy(str(term.get("taxonomy_id", "")))
    if by_id:
        return by_id
    names = {text[0].lower(): kind for kind, text in taxonomy.TAXONOMY_TEXT.items()}
    by_name = names.get(str(term.get("taxonomy", "")).strip().lower())
    if by_name:
        return by_name
    fixed = taxonomy.terms_by_id(taxonomy.fixed_terms()).get(str(term.get("id", "")))
    return fixed.kind if fixed else None


def _value(term: dict[str, Any], kind: str) -> str:
    fixed = taxonomy.terms_by_id(taxonomy.fixed_terms()).get(str(term.get("id", "")))
    if fixed and fixed.kind == kind:
        return fixed.value
    return str(term.get("term") or term.get("name") or "").strip()


def _opening_times(schedules: Iterable[dict[str, Any]]) -> str:
    """HSDS weekly schedules as our text ('Monday 09:00-12:00,14:00-16:00; Tuesday …')."""
    by_day: dict[str, list[str]] = {}
    notes = []
    for item in schedules:
        days = [d.strip().upper() for d in str(item.get("byday", "")).split(",") if d.strip()]
        opens, closes = item.get("opens_at"), item.get("closes_at")
        if days and opens and closes and all(d in schedule.DAYS for d in days):
            for day in days:
                by_day.setdefault(day, []).append(f"{str(opens)[:5]}-{str(closes)[:5]}")
        elif item.get("description"):
            notes.append(str(item["description"]))
    parts = [
        f"{schedule.DAY_NAMES[schedule.DAYS.index(d)].title()} {','.join(sorted(by_day[d]))}"
        for d in schedule.DAYS
        if d in by_day
    ]
    return "; ".join(parts + notes)


def service_record(
    service: dict[str, Any],
    *,
    default_type: AssetType = DEFAULT_TYPE,
    default_dimensions: Sequence[Dimension] = DEFAULT_DIMENSIONS,
) -> dict[str, str]:
    """One HSDS service as an asset record (text cells, lists ';'-joined) for validation."""
    found: dict[str, list[str]] = {k: [] for k in taxonomy.KINDS}
    for attribute in service.get("attributes") or []:
        term = attribute.get("taxonomy_term") or {}
        kind = _kind(term) or taxonomy.TAG
        value = _value(term, kind)
        if value and value not in found[kind]:
            found[kind].append(value)
    links = service.get("service_at_locations") or []
    location = (links[0].get("location") if links else None) or {}
    address = (location.get("addresses") or [{}])[0]
    access = (location.get("accessibility") or [{}])[0]
    phones = [p for c in service.get("contacts") or [] for p in c.get("phones") or []]
    organisation = (service.get("organization") or {}).get("name")
    served = [
        a.get("extent") for a in service.get("service_areas") or [] if a.get("extent_type") == "area_code"
    ]
    point = location.get("latitude") is not None and location.get("longitude") is not None
    record = {
        "source_id": service.get("id"),
        "name": service.get("name"),
        "description": service.get("description"),
        "asset_type": found[taxonomy.ASSET_TYPE][0] if found[taxonomy.ASSET_TYPE] else default_type.value,
        "dimensions": ";".join(found[taxonomy.DIMENSION] or [d.value for d in default_dimensions]),
        "five_ways": ";".join(w for w in found[taxonomy.FIVE_WAYS] if w in {f.value for f in FiveWays}),
        "tags": ";".join(found[taxonomy.TAG]),
        "physical": "yes" if point or address else "no",
        "latitude": location.get("latitude"),
        "longitude": location.get("longitude"),
        "address": address.get("address_1"),
        "postcode": address.get("postal_code"),
        "accessibility": access.get("description") or access.get("accessibility"),
        "opening_times": _opening_times(service.get("schedules") or []),
        "email": service.get("email"),
        "phone": phones[0].get("number") if phones else None,
        "website": service.get("url"),
        "cost": service.get("fees"),
        "organisation_name": None if organisation == mapping.DEFAULT_ORGANIZATION else organisation,
        "minimum_age": service.get("minimum_age"),
        "maximum_age": service.get("maximum_age"),
        "last_verified_at": service.get("assured_date"),
        "served_areas": ";".join(str(c) for c in served if c),
    }
    return {k: "" if v is None else str(v) for k, v in record.items()}


def read_hsds(
    path: Path,
    *,
    status: Status = Status.PUBLISHED,
    source: str | None = None,
    known_areas: set[str] | None = None,
    default_type: AssetType = DEFAULT_TYPE,
    default_dimensions: Sequence[Dimension] = DEFAULT_DIMENSIONS,
) -> AssetTable:
    """The services of an HSDS JSON file as validated assets; any problem raises
    ImportValidationError (each naming the service number and id, and the HSDS field)."""
    file = str(path)
    services = read_services(path)
    problems = schema_problems(services, file)
    if problems:
        raise ImportValidationError(problems, file=file)
    records = [
        service_record(s, default_type=default_type, default_dimensions=default_dimensions) for s in services
    ]
    frame = pd.DataFrame(records)
    frame["source"] = source or f"Open Referral import ({Path(path).name})"
    frame["row"] = range(1, len(frame) + 1)
    table = validate_assets(frame, file, default_status=status, known_areas=known_areas)
    if table.problems:
        renamed = [
            RowProblem(
                p.row,
                FIELD_OF.get(p.column or "", p.column),
                f"{_label(services[p.row - 1])}: {p.reason}",
                file,
            )
            for p in table.problems
        ]
        raise ImportValidationError(renamed, file=file)
    return table


def import_hsds(
    engine: Engine,
    path: Path,
    data_dir: Path | None = None,
    *,
    status: Status = Status.PUBLISHED,
    source: str | None = None,
    user_id: int | None = None,
) -> SaveReport:
    """Import an HSDS JSON file all-or-nothing; with ``data_dir``, place the assets in their areas
    and refresh the asset indicators (as the bulk CSV import does)."""
    table = read_hsds(path, status=status, source=source, known_areas=known_area_codes(engine))
    with engine.begin() as connection:
        saved = save_assets(connection, table, replace_sources=False, user_id=user_id)
    if data_dir is not None:
        from healthassets.services.asset_indicators import write_asset_indicators
        from healthassets.services.asset_places import assign_areas
        from healthassets.store.asset_areas import coverage_codes

        assign_areas(engine, data_dir, list(saved.ids.values()))
        if coverage_codes(engine):
            write_asset_indicators(engine, data_dir)
    return saved
