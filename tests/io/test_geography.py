"""Geography import: the real bundled areas, and bad area files rejected whole."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from healthassets.errors import ImportValidationError, InputError
from healthassets.geography.areas import area_type_of
from healthassets.io.geography import (
    build_geography,
    read_fingertips_areas,
    read_small_areas,
    validate_geography,
)
from healthassets.services.loading import load_geography
from healthassets.store.areas import write_geography
from healthassets.store.models import Area, AreaParent
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
    """An ``areas.csv`` with the header and ``rows``."""
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
    lookup = pd.read_csv(DATA / "geography" / "lsoa21_lookup_ew.csv", usecols=["WD24CD"], dtype=str)
    assert counts["ward"] == lookup["WD24CD"].nunique()
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


# --- the LSOA lookup (geography/lsoa21_lookup_ew.csv) -------------------------------------------

LOOKUP_HEADER = "LSOA21CD,LSOA21NM,MSOA21CD,MSOA21NM,WD24CD,WD24NM,LAD24CD,LAD24NM,CTRYCD"
LOOKUP_GOOD = [
    "E01005400,Oldham 009C,E02001106,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,E92000001",
    "E01005401,Oldham 009D,E02001106,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,E92000001",
    "W01001700,Cardiff 001A,W02000350,Cardiff 001,W05001000,Cathays,W06000015,Cardiff,W92000004",
]
LOOKUP_BAD = [
    (
        "LA code is an LSOA",
        "E01005409,Oldham 009E,E02001106,Oldham 009,E05000807,Coldhurst,E01005400,Oldham,E92000001",
        "LAD24CD",
    ),
    (
        "LSOA code with a space",
        "E01 005409,Oldham 009E,E02001106,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,E92000001",
        "LSOA21CD",
    ),
    (
        "Scottish country code",
        "E01005409,Oldham 009E,E02001106,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,S92000003",
        "CTRYCD",
    ),
    (
        "MSOA code too long",
        "E01005409,Oldham 009E,E020011060,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,E92000001",
        "MSOA21CD",
    ),
    (
        "LSOA code malformed",
        "E0100540,Oldham 009E,E02001106,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,E92000001",
        "LSOA21CD",
    ),
    (
        "LSOA code is an MSOA",
        "E02001108,Oldham 009E,E02001106,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,E92000001",
        "LSOA21CD",
    ),
    (
        "LSOA code lower-case junk",
        "x,Oldham 009E,E02001106,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,E92000001",
        "LSOA21CD",
    ),
    (
        "LSOA code empty",
        ",Oldham 009E,E02001106,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,E92000001",
        "LSOA21CD",
    ),
    (
        "MSOA code is an LSOA",
        "E01005409,Oldham 009E,E01001106,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,E92000001",
        "MSOA21CD",
    ),
    (
        "MSOA code empty",
        "E01005409,Oldham 009E,,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,E92000001",
        "MSOA21CD",
    ),
    (
        "LA code is a county",
        "E01005409,Oldham 009E,E02001106,Oldham 009,E05000807,Coldhurst,E10000017,Oldham,E92000001",
        "LAD24CD",
    ),
    (
        "LA code is a region",
        "E01005409,Oldham 009E,E02001106,Oldham 009,E05000807,Coldhurst,E12000002,Oldham,E92000001",
        "LAD24CD",
    ),
    (
        "LA code malformed",
        "E01005409,Oldham 009E,E02001106,Oldham 009,E05000807,Coldhurst,E0800004,Oldham,E92000001",
        "LAD24CD",
    ),
    (
        "country code is a region",
        "E01005409,Oldham 009E,E02001106,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,E12000002",
        "CTRYCD",
    ),
    (
        "country code empty",
        "E01005409,Oldham 009E,E02001106,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,",
        "CTRYCD",
    ),
    (
        "empty LSOA name",
        "E01005409,,E02001106,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,E92000001",
        "LSOA21NM",
    ),
    (
        "empty MSOA name",
        "E01005409,Oldham 009E,E02001106,,E05000807,Coldhurst,E08000004,Oldham,E92000001",
        "MSOA21NM",
    ),
    (
        "empty LA name",
        "E01005409,Oldham 009E,E02001106,Oldham 009,E05000807,Coldhurst,E08000004,,E92000001",
        "LAD24NM",
    ),
    (
        "duplicate LSOA",
        "E01005400,Oldham 009C,E02001106,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,E92000001",
        "LSOA21CD",
    ),
    (
        "MSOA with two names",
        "E01005409,Oldham 009E,E02001106,Oldham 099,E05000807,Coldhurst,E08000004,Oldham,E92000001",
        "MSOA21NM",
    ),
    (
        "ward code is an MSOA",
        "E01005409,Oldham 009E,E02001106,Oldham 009,E02001106,Coldhurst,E08000004,Oldham,E92000001",
        "WD24CD",
    ),
    (
        "empty ward name",
        "E01005409,Oldham 009E,E02001106,Oldham 009,E05000807,,E08000004,Oldham,E92000001",
        "WD24NM",
    ),
    (
        "ward with two names",
        "E01005409,Oldham 009E,E02001106,Oldham 009,E05000807,Coldhurst East,E08000004,Oldham,E92000001",
        "WD24NM",
    ),
    (
        "ward in two authorities",
        "E01005409,Oldham 009E,E02001106,Oldham 009,E05000807,Coldhurst,E08000003,Oldham,E92000001",
        "WD24CD",
    ),
    (
        "English ward in Wales",
        "W01001709,Cardiff 001B,W02000350,Cardiff 001,E05000999,Cathays,W06000015,Cardiff,W92000004",
        "WD24CD",
    ),
    (
        "English LSOA in Wales",
        "E01005409,Oldham 009E,E02001106,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,W92000004",
        "LSOA21CD",
    ),
    (
        "Welsh LA in England",
        "E01005409,Oldham 009E,E02001106,Oldham 009,E05000807,Coldhurst,W06000015,Oldham,E92000001",
        "LAD24CD",
    ),
]


def write_lookup(tmp_path: Path, *rows: str, header: str = LOOKUP_HEADER) -> Path:
    path = tmp_path / "lsoa21_lookup_ew.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_enough_bad_lookup_cases() -> None:
    assert len(BAD) + len(LOOKUP_BAD) + len(FILE_BAD) >= 60


@pytest.mark.parametrize("name, bad, column", LOOKUP_BAD, ids=[b[0] for b in LOOKUP_BAD])
def test_bad_lookup_rejected_with_row_and_column(tmp_path: Path, name: str, bad: str, column: str) -> None:
    path = write_lookup(tmp_path, *LOOKUP_GOOD, bad)
    with pytest.raises(ImportValidationError) as caught:
        read_small_areas(path)
    problems = caught.value.problems
    assert any(p.row == len(LOOKUP_GOOD) + 1 and p.column == column for p in problems), problems
    assert all(p.file == str(path) for p in problems)


def test_good_lookup(tmp_path: Path) -> None:
    areas, links = read_small_areas(write_lookup(tmp_path, *LOOKUP_GOOD))
    assert set(areas["code"]) == {
        "W92000004",
        "W06000015",
        "E02001106",
        "W02000350",
        "E05000807",
        "W05001000",
        "E01005400",
        "E01005401",
        "W01001700",
    }
    pairs = set(zip(links["child_code"], links["parent_code"], strict=True))
    assert ("E02001106", "E08000004") in pairs and ("W06000015", "W92000004") in pairs
    assert ("E01005401", "E02001106") in pairs
    # an LSOA is in its MSOA and in its best-fit ward; the ward is in its authority
    assert ("E01005401", "E05000807") in pairs and ("E05000807", "E08000004") in pairs
    assert ("W01001700", "W05001000") in pairs and ("W05001000", "W06000015") in pairs
    assert areas.set_index("code").loc["E05000807", "area_type"] == "ward"


# --- whole files: missing, empty, columns, cycles -----------------------------------------------

FILE_BAD = [
    (
        "lookup without MSOA column",
        "lookup",
        "LSOA21CD,LSOA21NM,WD24CD,WD24NM,LAD24CD,LAD24NM,CTRYCD\n",
        "MSOA21CD",
    ),
    (
        "lookup without LA column",
        "lookup",
        "LSOA21CD,LSOA21NM,MSOA21CD,MSOA21NM,WD24CD,WD24NM,CTRYCD\n",
        "LAD24CD",
    ),
    (
        "lookup without ward column",
        "lookup",
        "LSOA21CD,LSOA21NM,MSOA21CD,MSOA21NM,LAD24CD,LAD24NM,CTRYCD\n",
        "WD24CD",
    ),
    ("lookup empty", "lookup", "", "empty"),
    ("areas empty", "areas", "", "empty"),
    ("areas without Children", "areas", "AreaCode,AreaName\nE92000001,England\n", "Children"),
    ("areas without AreaName", "areas", "AreaCode,Children\nE92000001,\n", "AreaName"),
    (
        "self parent",
        "areas",
        f'{HEADER}\n"E92000001",E92000001,England,0,Both,England,england\n',
        "its own parent",
    ),
    (
        "cycle",
        "areas",
        f'{HEADER}\n"E12000002",E92000001,England,0,B,E,e\n"E92000001",E12000002,North West,1,A,R,r\n',
        "cycle",
    ),
]


@pytest.mark.parametrize("name, kind, content, message", FILE_BAD, ids=[b[0] for b in FILE_BAD])
def test_bad_files(tmp_path: Path, name: str, kind: str, content: str, message: str) -> None:
    path = tmp_path / f"{kind}.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        if kind == "lookup":
            read_small_areas(path)
        else:
            validate_geography(*read_fingertips_areas(path), str(path))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_fingertips_areas(tmp_path / "none.csv")
    with pytest.raises(InputError, match="not found"):
        build_geography(tmp_path)


def test_lookup_with_unknown_local_authority(tmp_path: Path) -> None:
    (tmp_path / "fingertips").mkdir()
    (tmp_path / "geography").mkdir()
    write(tmp_path / "fingertips", *GOOD)
    write_lookup(
        tmp_path / "geography",
        "E01005400,Oldham 009C,E02001106,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,E92000001",
        "E01005500,Rochdale 001A,E02001200,Rochdale 001,E05000700,Balderstone,E08000005,Rochdale,E92000001",
    )
    with pytest.raises(ImportValidationError, match="unknown local authority 'E08000005'"):
        build_geography(tmp_path)


def small_data_dir(tmp_path: Path, lookup_rows: list[str]) -> Path:
    (tmp_path / "fingertips").mkdir(exist_ok=True)
    (tmp_path / "geography").mkdir(exist_ok=True)
    write(tmp_path / "fingertips", *GOOD)
    write_lookup(tmp_path / "geography", *lookup_rows)
    return tmp_path


def test_small_build_hierarchy(tmp_path: Path) -> None:
    areas, links = build_geography(small_data_dir(tmp_path, LOOKUP_GOOD))
    hierarchy = dict(
        zip(zip(links["child_code"], links["parent_code"], strict=True), links["hierarchy"], strict=True)
    )
    assert hierarchy[("E01005400", "E02001106")] == "administrative"
    assert hierarchy[("W06000015", "W92000004")] == "administrative"
    assert areas.set_index("code").loc["W92000004", "name_cy"] == "Cymru"


@pytest.mark.db
def test_load_replaces_and_keeps_areas_with_values(engine: Engine, tmp_path: Path) -> None:
    data = small_data_dir(tmp_path, LOOKUP_GOOD)
    counts = load_geography(engine, data)
    assert counts["lsoa"] == 3 and counts["country"] == 2
    # the second load drops one LSOA and renames another: replaced, not appended
    (data / "geography" / "lsoa21_lookup_ew.csv").unlink()
    write_lookup(
        data / "geography",
        "E01005400,Oldham 009C renamed,E02001106,Oldham 009,E05000807,Coldhurst,E08000004,Oldham,E92000001",
        LOOKUP_GOOD[2],
    )
    load_geography(engine, data)
    with engine.connect() as connection:
        names = dict(connection.execute(select(Area.code, Area.name)).all())
        links = connection.scalar(select(func.count()).select_from(AreaParent))
    assert "E01005401" not in names and names["E01005400"] == "Oldham 009C renamed"
    # areas.csv links + LSOA→MSOA ×2, MSOA→LA ×2, W06→W92, LSOA→ward ×2, ward→LA ×2
    assert links == 3 + 5 + 4


@pytest.mark.db
def test_load_in_a_session_is_rolled_back_with_it(engine: Engine, tmp_path: Path) -> None:
    data = small_data_dir(tmp_path, LOOKUP_GOOD)
    with Session(engine) as session:
        load_geography(session, data)
        assert session.scalar(select(func.count()).select_from(Area)) == 13
        session.rollback()
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Area)) == 0


@pytest.mark.db
def test_invalid_geography_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    data = small_data_dir(tmp_path, [*LOOKUP_GOOD, LOOKUP_BAD[0][1]])
    with pytest.raises(ImportValidationError):
        load_geography(engine, data)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Area)) == 0


@pytest.mark.db
def test_bundled_geography_in_the_store(loaded_geography: Engine) -> None:
    with loaded_geography.connect() as connection:
        by_type = dict(
            connection.execute(select(Area.area_type, func.count()).group_by(Area.area_type)).all()
        )
        welsh_lsoa_parents = connection.scalars(
            select(AreaParent.parent_code).where(AreaParent.child_code == "W01000003")
        ).all()
    assert by_type["lsoa"] == 35_672 and by_type["msoa"] == 7_264 and by_type["pcn"] == 487
    assert by_type["ward"] == 7_536
    assert sorted(code[:3] for code in welsh_lsoa_parents) == ["W02", "W05"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(alphabet="EWUX0123456789 ab-", min_size=1, max_size=12).filter(
        lambda code: code.strip() != "" and area_type_of(code.strip()) is None
    )
)
def test_any_unrecognised_code_is_rejected_with_its_row(tmp_path: Path, code: str) -> None:
    path = write(tmp_path, *GOOD, f'"",{code},Somewhere,3,Administrative,X,x')
    with pytest.raises(ImportValidationError) as caught:
        validate_geography(*read_fingertips_areas(path), str(path))
    assert [(p.row, p.column) for p in caught.value.problems] == [(len(GOOD) + 1, "code")]


def test_two_columns_of_the_same_name_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "areas.csv"
    path.write_text("AreaCode,AreaName,Children,AreaName\nE92000001,England,,England\n")
    with pytest.raises(InputError, match=r"'AreaName' \(columns 2, 4\)"):
        read_fingertips_areas(path)
