"""The authorities the 2023 reorganisations replaced: read from the bundled lookups, bad rows refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from healthassets.errors import ImportValidationError
from healthassets.io.predecessors import SUCCESSORS_2023, SUPPLEMENT, check_successors, read_predecessors
from tests.conftest import DATA


def test_bundled_predecessors() -> None:
    areas, successors = read_predecessors(DATA / "geography")
    la = pd.read_csv(DATA / "geography" / "la_all_codes.csv", dtype=str)
    replaced = la[(la["Current"] == "FALSE") & la["LADCD_ACTIVE"].isin(SUCCESSORS_2023)]
    # every district la_all_codes says the four new unitaries took over, and the three counties
    assert set(areas["code"]) == set(replaced["LADCD"]) | {"E10000006", "E10000023", "E10000027"}
    assert not areas["active"].any() and not areas["code"].duplicated().any()
    assert set(areas.loc[areas["code"].str.startswith("E10"), "area_type"]) == {"county"}
    pairs = set(zip(successors["predecessor_code"], successors["successor_code"], strict=True))
    assert {("E10000006", "E06000063"), ("E10000006", "E06000064")} <= pairs  # Cumbria split in two
    assert ("E07000026", "E06000063") in pairs  # Allerdale → Cumberland
    # Taunton Deane went into Somerset West and Taunton in 2019, not straight into Somerset
    taunton = successors[successors["predecessor_code"] == "E07000190"]
    assert taunton[["successor_code", "replaced_on"]].values.tolist() == [["E07000246", "2019-04-01"]]
    assert set(successors["replaced_on"]) == {"2019-04-01", "2023-04-01"}


def copy_sources(tmp_path: Path) -> Path:
    for name in ("la_all_codes.csv", SUPPLEMENT):
        shutil.copy(DATA / "geography" / name, tmp_path / name)
    return tmp_path


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BAD = [
    (
        "Current not a flag",
        "la_all_codes.csv",
        "United Kingdom,FALSE,E06000063",
        "United Kingdom,maybe,E06000063",
        "Current",
    ),
    ("LADCD malformed", "la_all_codes.csv", "E07000026,Allerdale", "E0700026,Allerdale", "LADCD"),
    (
        "date malformed",
        SUPPLEMENT,
        "E10000023,North Yorkshire,E06000065,2023-04-01",
        "E10000023,North Yorkshire,E06000065,1 April 2023",
        "replaced_on",
    ),
    (
        "self successor",
        SUPPLEMENT,
        "E10000027,Somerset,E06000066",
        "E10000027,Somerset,E10000027",
        "successor_code",
    ),
    (
        "successor malformed",
        SUPPLEMENT,
        "E10000027,Somerset,E06000066",
        "E10000027,Somerset,Somerset",
        "successor_code",
    ),
    ("empty name", SUPPLEMENT, "E10000027,Somerset,E06000066", "E10000027,,E06000066", "predecessor_name"),
]


@pytest.mark.parametrize("name, file, old, new, column", BAD, ids=[b[0] for b in BAD])
def test_bad_rows_are_refused_with_file_and_column(
    tmp_path: Path, name: str, file: str, old: str, new: str, column: str
) -> None:
    folder = copy_sources(tmp_path)
    replace_in(folder / file, old, new)
    with pytest.raises(ImportValidationError) as caught:
        read_predecessors(folder)
    problems = caught.value.problems
    assert any(p.column == column and p.file == str(folder / file) and p.row > 0 for p in problems), problems


def test_missing_column(tmp_path: Path) -> None:
    folder = copy_sources(tmp_path)
    (folder / SUPPLEMENT).write_text(
        "predecessor_code,successor_code\nE10000027,E06000066\n", encoding="utf-8"
    )
    with pytest.raises(ImportValidationError, match="predecessor_name"):
        read_predecessors(folder)


def test_successors_must_be_loaded_and_predecessors_not_current() -> None:
    links = pd.DataFrame(
        {"predecessor_code": ["E07000026"], "successor_code": ["E06000063"], "replaced_on": ["2023-04-01"]}
    )
    check_successors(links, pd.DataFrame({"code": ["E06000063"]}), "f.csv")
    with pytest.raises(ImportValidationError, match="'E06000063' is not a loaded area"):
        check_successors(links, pd.DataFrame({"code": ["E08000004"]}), "f.csv")
    with pytest.raises(ImportValidationError, match="'E07000026' is a current area"):
        check_successors(links, pd.DataFrame({"code": ["E06000063", "E07000026"]}), "f.csv")
