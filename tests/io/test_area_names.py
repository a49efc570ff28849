"""Other names of areas: the House of Commons Library MSOA names, Welsh names of Welsh small areas,
and their storage (written, renamed on reload)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from healthassets.errors import ImportValidationError
from healthassets.io.area_names import msoa_library_names, welsh_small_area_names, with_other_names
from healthassets.store.areas import get_area, write_geography
from healthassets.store.models import Area
from tests.conftest import DATA

HEADER = "MSOACD,MSOAHCLNM,MSOAHCLNMW,MSOA21CD"


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "msoa_la.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_library_names_of_2021_msoas(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "E02001119,Alexandra Park,,E02001119",
        "W02000003,Holyhead,Caergybi,W02000003",
        "W02000003,Holyhead,Caergybi,W02000003",  # repeated as the file repeats 2011 → 2021 rows
        "95AA01S1,Aldergrove 1,,",  # a Northern Ireland 2011 area: no 2021 code
    )
    names = msoa_library_names(path).set_index("code")
    assert list(names.index) == ["E02001119", "W02000003"]
    assert (
        names.loc["W02000003", "alt_name"] == "Holyhead"
        and names.loc["W02000003", "alt_name_cy"] == "Caergybi"
    )
    assert pd.isna(names.loc["E02001119", "alt_name_cy"])


def test_two_names_for_one_msoa_or_a_missing_column_are_errors(tmp_path: Path) -> None:
    clash = write(tmp_path, "E02001119,Alexandra Park,,E02001119", "E02001119,Werneth,,E02001119")
    with pytest.raises(ImportValidationError) as caught:
        msoa_library_names(clash)
    problem = caught.value.problems[0]
    assert problem.row == 3 and problem.column == "MSOAHCLNM" and "E02001119" in problem.reason
    with pytest.raises(ImportValidationError, match="MSOAHCLNMW"):
        msoa_library_names(
            write(tmp_path, "E02001119,Alexandra Park,E02001119", header="MSOACD,MSOAHCLNM,MSOA21CD")
        )


def test_welsh_small_areas_are_named_after_their_authoritys_welsh_name() -> None:
    areas = pd.DataFrame(
        {
            "code": ["W06000001", "W02000003", "W01000016", "E02001119", "W06000023", "W02000999"],
            "name": [
                "Isle of Anglesey",
                "Isle of Anglesey 003",
                "Isle of Anglesey 003A",
                "Oldham 022",
                "Powys",
                "Elsewhere 001",
            ],
            "name_cy": ["Ynys Môn", None, None, None, "Powys", None],
            "area_type": ["unitary", "msoa", "lsoa", "msoa", "unitary", "msoa"],
        }
    )
    welsh = welsh_small_area_names(areas)
    assert welsh.tolist()[1:3] == ["Ynys Môn 003", "Ynys Môn 003A"]
    assert welsh.iloc[[0, 3, 4, 5]].isna().all()  # an authority, an English MSOA, no such authority


def test_the_bundled_names() -> None:
    areas = pd.DataFrame(
        {
            "code": ["W06000001", "W02000003", "E02001119", "E08000004"],
            "name": ["Isle of Anglesey", "Isle of Anglesey 003", "Oldham 022", "Oldham"],
            "name_cy": ["Ynys Môn", None, None, None],
            "area_type": ["unitary", "msoa", "msoa", "metropolitan"],
        }
    )
    named = with_other_names(areas, DATA).set_index("code")
    assert named.loc["W02000003", ["name_cy", "alt_name", "alt_name_cy"]].tolist() == [
        "Ynys Môn 003",
        "Holyhead",
        "Caergybi",
    ]
    assert named.loc["E02001119", "alt_name"] == "Alexandra Park" and pd.isna(
        named.loc["E02001119", "alt_name_cy"]
    )
    assert named.loc["E08000004", ["alt_name", "alt_name_cy"]].isna().all()  # only MSOAs have Library names


@pytest.mark.db
def test_other_names_are_stored_and_renamed_on_reload(engine: Engine) -> None:
    areas = pd.DataFrame(
        {
            "code": ["E02001119"],
            "name": ["Oldham 022"],
            "name_cy": [None],
            "alt_name": ["Alexandra Park"],
            "alt_name_cy": [None],
            "area_type": ["msoa"],
        }
    )
    links = pd.DataFrame(columns=["child_code", "parent_code", "hierarchy"])
    write_geography(engine, areas, links)
    assert get_area(engine, "E02001119").alt_name == "Alexandra Park"
    write_geography(
        engine, areas.assign(alt_name="Alexandra Park & Werneth", alt_name_cy="Parc Alexandra"), links
    )
    with engine.connect() as connection:
        stored = connection.execute(select(Area.alt_name, Area.alt_name_cy)).one()
    assert tuple(stored) == ("Alexandra Park & Werneth", "Parc Alexandra")
