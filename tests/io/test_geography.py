"""Geography import: the real bundled areas, and bad area files rejected whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from healthassets.errors import ImportValidationError
from healthassets.io.geography import (
    build_geography,
    read_fingertips_areas,
    validate_geography,
    write_geography,
)
from healthassets.store.models import Area
from tests.conftest import DATA

HEADER = "Children,AreaCode,AreaName,Level,HierarchyType,AreaType,AreaTypeCode"
GOOD = [
    '"E12000002",E92000001,England,0,Both,England,england',
    '"E08000004|E08000003",E12000002,North West Region,1,Administrative,Regions,regions',
    '"",E08000004,Oldham,3,Administrative,Districts and Unitary Authorities,districts',
    '"",E08000003,Manchester,3,Administrative,Districts and Unitary Authorities,districts',
]

BAD = [
    (f"malformed code {c!r}", f'"",{c},Somewhere,3,Administrative,X,x', "not a recognised area code")
    for c in (
        "E0800009",
        "E080000045",
        "X08000004",
        "08000004",
        "E13000001",
        "E99999999",
        "Oldham",
        "E08 000004",
        "E08-000004",
        "ZZ",
        "E0800000A",
        "W9200000",
        "E1200000",
        "1234567",
    )
]
BAD += [
    (f"empty name for {c}", f'"",{c}, ,3,Administrative,X,x', "has no name")
    for c in ("E08000010", "E08000011", "E06000008", "E07000117")
]
BAD += [
    (f"clashing duplicate {c}", f'"",{c},Another name,3,Administrative,X,x', "appears twice")
    for c in ("E08000004", "E08000003", "E12000002")
]
BAD += [
    (f"child unknown {c}", f'"{c}",E08000010,Wigan,3,Administrative,X,x', "unknown area")
    for c in (
        "E01999999",
        "E02999999",
        "A99999",
        "E08000099",
        "U99999",
        "E07000999",
        "E06000999",
        "E10000999",
        "E38000999",
    )
]


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "areas.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_enough_bad_cases() -> None:
    assert len(BAD) >= 30


@pytest.mark.parametrize("name, bad, reason", BAD, ids=[b[0] for b in BAD])
def test_bad_area_file_rejected(tmp_path: Path, name: str, bad: str, reason: str) -> None:
    path = write(tmp_path, *GOOD, bad)
    areas, links = read_fingertips_areas(path)
    with pytest.raises(ImportValidationError) as caught:
        validate_geography(areas, links, str(path))
    assert any(reason in p.reason for p in caught.value.problems), caught.value.problems
    assert str(path) in str(caught.value)


def test_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "areas.csv"
    path.write_text("Code,Name\nE92000001,England\n")
    with pytest.raises(ImportValidationError, match="required column"):
        read_fingertips_areas(path)


def test_good_file_is_valid(tmp_path: Path) -> None:
    areas, links = read_fingertips_areas(write(tmp_path, *GOOD))
    validate_geography(areas, links, "areas.csv")
    assert len(links) == 3


def test_bundled_geography_counts() -> None:
    areas, links = build_geography(DATA)
    counts = areas["area_type"].value_counts()
    assert counts["lsoa"] == 35_672 and counts["msoa"] == 7_264
    assert counts["region"] == 9 and counts["country"] == 2 and counts["gp"] == 2_004
    assert not areas["code"].duplicated().any()
    assert set(links["hierarchy"]) == {"administrative", "nhs", "combined-authority"}


@pytest.mark.db
def test_reload_is_idempotent(engine: Engine) -> None:
    areas, links = build_geography(DATA)
    write_geography(engine, areas, links)
    write_geography(engine, areas, links)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Area)) == len(areas)
