"""The analysts' CSV reader: missing markers, repeated column names, reading errors, the writer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from healthassets.errors import InputError
from healthassets.io.csv_files import MISSING_MARKERS, is_missing, read_csv, read_csv_chunks, write_csv


def write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_markers_are_what_r_and_excel_write() -> None:
    assert {"", "NA", "NaN", "#N/A"} <= MISSING_MARKERS
    assert not {"N/A", "NULL", "-", "#DIV/0!", "na", "None"} & MISSING_MARKERS


def test_markers_are_missing_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "area,x\na,1\nb,NA\nc,NaN\nd,#N/A\ne,\nf, NA \ng,2.5\n")
    frame = read_csv(path, text_columns=["area"])
    assert frame["x"].dtype == float
    assert frame["x"].isna().tolist() == [False, True, True, True, True, True, False]
    assert frame["area"].tolist() == list("abcdefg")


def test_other_text_is_kept_for_the_caller_to_reject(tmp_path: Path) -> None:
    path = write(tmp_path, "x\n1\nN/A\nNULL\n-\n")
    frame = read_csv(path)
    assert frame["x"].tolist() == ["1", "N/A", "NULL", "-"]


def test_text_mode_gives_empty_text_for_markers(tmp_path: Path) -> None:
    path = write(tmp_path, "code,name,value\n001,NA,#N/A\n002,Bury,NaN\n003,N/A,4\n")
    frame = read_csv(path, text=True)
    assert frame.to_dict("list") == {
        "code": ["001", "002", "003"],
        "name": ["", "Bury", "N/A"],
        "value": ["", "", "4"],
    }
    chunks = list(read_csv_chunks(path, 2))
    assert [len(c) for c in chunks] == [2, 1]
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), frame)


def test_is_missing_strips_spaces() -> None:
    cells = pd.Series(["NA", " #N/A ", "", None, "nan", "N/A", "0", "abc"], dtype=object)
    assert is_missing(cells).tolist() == [True, True, True, True, True, False, False, False]


@pytest.mark.parametrize(
    "header, listed",
    [
        ("x,x,n", "'x' (columns 1, 2)"),
        ("area,x,n,x", "'x' (columns 2, 4)"),
        ("area,x,n, x", "'x' (columns 2, 4)"),
        ('"a",x,"a",x,a', "'a' (columns 1, 3, 5); 'x' (columns 2, 4)"),
        ("\ufeffarea,area", "'area' (columns 1, 2)"),
    ],
)
def test_repeated_column_names_are_an_error_naming_them(tmp_path: Path, header: str, listed: str) -> None:
    path = write(tmp_path, header + "\n" + ",".join("1" * (header.count(",") + 1)) + "\n")
    for read in (
        lambda: read_csv(path),
        lambda: read_csv(path, text=True),
        lambda: list(read_csv_chunks(path, 10)),
    ):
        with pytest.raises(InputError) as caught:
            read()
        assert listed in caught.value.reason and caught.value.file == str(path)
        assert "same name" in str(caught.value)


def test_unnamed_columns_may_repeat(tmp_path: Path) -> None:
    """Spreadsheets leave empty header cells after the data; those are not names."""
    path = write(tmp_path, "x,n,,\n1,2,,\n")
    assert read_csv(path)["x"].tolist() == [1]


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda p: p / "absent.csv", "file not found"),
        (lambda p: p, "is a folder"),
        (lambda p: write(p, ""), "empty"),
        (lambda p: write(p, 'a,b\n1,"2\n'), "not a readable CSV"),
    ],
)
def test_unreadable_files_name_the_file(tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    with pytest.raises(InputError, match=reason) as caught:
        read_csv(path)
    assert caught.value.file == str(path)


def test_write_csv_round_trips_every_double(tmp_path: Path) -> None:
    frame = pd.DataFrame({"area": ["a", "b,c"], "value": [1 / 3, np.nan]})
    target = tmp_path / "out.csv"
    write_csv(frame, target)
    assert target.read_text().splitlines()[2] == '"b,c",'
    back = read_csv(target, text_columns=["area"])
    assert back["value"].iloc[0] == 1 / 3 and np.isnan(back["value"].iloc[1])
