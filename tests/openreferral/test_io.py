"""HSDS JSON export and import of the register: valid documents, a faithful round trip,
all-or-nothing imports whose errors name the service and the field, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from healthassets.cli import main
from healthassets.errors import ImportValidationError
from healthassets.openreferral.io import export_document, export_hsds, import_hsds
from healthassets.store.models import Asset
from tests.conftest import DATA
from tests.openreferral.oruk import empty_values, problems, uk_schema, validator_for
from tests.openreferral.register import PERSON, PUBLIC, seed

pytestmark = pytest.mark.db


def _count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count(Asset.id))) or 0)


def _comparable(service: dict[str, Any]) -> dict[str, Any]:
    """A service without its ids (a re-imported asset gets new ones) or modification time."""
    if isinstance(service, dict):
        return {
            k: _comparable(v)
            for k, v in service.items()
            if k not in {"last_modified"} and not k.endswith("id") and k not in {"id", "link_id"}
        }
    if isinstance(service, list):
        return [_comparable(v) for v in service]  # type: ignore[return-value]
    return service


def test_export_is_valid_hsds(engine: Engine) -> None:
    seed(engine)
    document = export_document(engine, DATA)
    assert document["version"] == "HSDS-UK-3.0"
    assert sorted(s["name"] for s in document["services"]) == sorted(f["name"] for f in PUBLIC.values())
    for service in document["services"]:
        assert problems("/services/{id}", service) == []
    taxonomy = validator_for(uk_schema("taxonomy.json"))
    for item in document["taxonomies"]:
        assert list(taxonomy.iter_errors(item)) == []
    assert empty_values(document) == []
    assert PERSON["email"] not in json.dumps(document)


def test_round_trip_keeps_every_field(engine: Engine, tmp_path: Path) -> None:
    seed(engine)
    path = tmp_path / "register.json"
    assert export_hsds(engine, path, DATA) == len(PUBLIC)
    first = json.loads(path.read_text())["services"]
    before = _count(engine)
    saved = import_hsds(engine, path, None, source="round trip")
    assert saved.inserted == len(PUBLIC) and _count(engine) == before + len(PUBLIC)
    again = export_document(engine, DATA)["services"]
    copies = {s["name"]: s for s in again if s["id"] not in {f["id"] for f in first}}
    # the person's contact details were never exported, so their copy is simply not a person
    for original in first:
        assert _comparable(copies[original["name"]]) == _comparable(original), original["name"]
    # importing the same feed again updates its records instead of adding new ones
    assert import_hsds(engine, path, None, source="round trip").updated == len(PUBLIC)
    assert _count(engine) == before + len(PUBLIC)


def _write(tmp_path: Path, services: list[dict[str, Any]]) -> Path:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"services": services}))
    return path


GOOD = {
    "id": "0b9c0f57-0000-4000-8000-000000000001",
    "name": "Drop-in advice",
    "status": "active",
    "service_at_locations": [
        {
            "id": "0b9c0f57-0000-4000-8000-000000000002",
            "location": {
                "id": "0b9c0f57-0000-4000-8000-000000000003",
                "location_type": "physical",
                "latitude": 53.48,
                "longitude": -2.24,
            },
        }
    ],
    "schedules": [
        {
            "id": "0b9c0f57-0000-4000-8000-000000000004",
            "freq": "WEEKLY",
            "byday": "MO,WE",
            "opens_at": "09:30",
            "closes_at": "12:00",
        }
    ],
}


def test_foreign_service_imported_with_defaults(engine: Engine, tmp_path: Path) -> None:
    saved = import_hsds(engine, _write(tmp_path, [GOOD]), None)
    assert saved.inserted == 1
    with engine.connect() as connection:
        row = connection.execute(select(Asset).where(Asset.source_id == GOOD["id"])).mappings().one()
    assert (row["name"], row["asset_type"], row["status"]) == ("Drop-in advice", "institution", "published")
    assert row["opening_times"] == "Monday 09:30-12:00; Wednesday 09:30-12:00"
    assert (row["latitude"], row["longitude"]) == (53.48, -2.24)


def test_import_is_all_or_nothing_and_names_service_and_field(engine: Engine, tmp_path: Path) -> None:
    nameless = {**GOOD, "id": "0b9c0f57-0000-4000-8000-0000000000a2"}
    del nameless["name"]
    bad_email = {**GOOD, "id": "0b9c0f57-0000-4000-8000-0000000000a3", "email": "nobody"}
    bad_id = {**GOOD, "id": "service-4"}
    path = _write(tmp_path, [GOOD, nameless, bad_email, bad_id])
    with pytest.raises(ImportValidationError) as caught:
        import_hsds(engine, path, None)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {(2, "name"), (3, "email"), (4, "id")}
    assert all(p.file == str(path) for p in caught.value.problems)
    assert "service 0b9c0f57-0000-4000-8000-0000000000a2" in str(caught.value)
    assert _count(engine) == 0


def test_import_record_problems_name_the_hsds_field(engine: Engine, tmp_path: Path) -> None:
    nowhere = {"id": "0b9c0f57-0000-4000-8000-0000000000b1", "name": "Nowhere", "status": "active"}
    too_young = {**GOOD, "id": "0b9c0f57-0000-4000-8000-0000000000b2", "minimum_age": 12, "maximum_age": 5}
    with pytest.raises(ImportValidationError) as caught:
        import_hsds(engine, _write(tmp_path, [GOOD, nowhere, too_young]), None)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {(2, "service_at_locations/0/location/latitude"), (3, "minimum_age")}
    assert any("service 0b9c0f57-0000-4000-8000-0000000000b1" in p.reason for p in caught.value.problems)
    assert _count(engine) == 0


def _run(*args: str) -> int:
    try:
        main(list(args))
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


def test_cli_export_and_import(engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed(engine)
    url = engine.url.render_as_string(hide_password=False)
    path = tmp_path / "out.json"
    assert _run("openreferral", "export", str(path), "--database", url, "--data-dir", str(DATA)) == 0
    assert len(json.loads(path.read_text())["services"]) == len(PUBLIC)
    bad = _write(tmp_path, [{"id": "x", "status": "active"}])
    before = _count(engine)
    assert _run("openreferral", "import", str(bad), "--database", url, "--no-place") == 2
    assert "feed.json" in capsys.readouterr().err and _count(engine) == before
    assert _run("openreferral", "import", str(_write(tmp_path, [GOOD])), "--database", url, "--no-place") == 0
    assert _count(engine) == before + 1
