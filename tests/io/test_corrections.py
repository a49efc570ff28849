"""The corrections table: the bundled one reads; a malformed one is rejected naming file, row,
column and reason; at load, a correction the publisher has made is reported, not applied."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine

from healthassets.errors import InputError
from healthassets.indicators.corrections import APPLIED, NOT_NEEDED
from healthassets.io.corrections import COLUMNS, read_corrections
from healthassets.services.indicator_corrections import corrections_of, load_outcome
from healthassets.services.indicator_page import indicator_record
from healthassets.services.loading import load_fingertips_next
from tests.conftest import DATA

HEADER = ",".join(COLUMNS)
GOOD = "92033,polarity,High is good,Low is good,a source,a reason"


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "corrections.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_bundled_corrections_read_with_canonical_values() -> None:
    table = read_corrections(DATA / "fingertips" / "corrections.csv")
    by_key = table.set_index(["indicator_id", "field"])
    assert by_key.loc[(92033, "polarity"), "corrected_value"] == "Low is good"
    assert by_key.loc[(92033, "polarity"), "published_value"] == "High is good"
    assert (table["source"] != "").all() and (table["reason"] != "").all()


def test_no_file_means_no_corrections(tmp_path: Path) -> None:
    table = read_corrections(tmp_path / "corrections.csv")
    assert table.empty and list(table.columns) == COLUMNS


def test_spellings_are_normalised(tmp_path: Path) -> None:
    table = read_corrections(write(tmp_path, "1,polarity,RAG - High is good,LowIsGood,s,r"))
    assert table.loc[0, ["published_value", "corrected_value"]].tolist() == ["High is good", "Low is good"]


BAD = [
    ("id text", "x,polarity,High is good,Low is good,s,r", "indicator_id", "not a whole number"),
    ("id fraction", "1.5,polarity,High is good,Low is good,s,r", "indicator_id", "not a whole number"),
    ("unknown field", "1,colour,red,green,s,r", "field", "not a correctable field"),
    ("empty corrected", "1,polarity,High is good,,s,r", "corrected_value", "empty"),
    ("empty source", "1,polarity,High is good,Low is good,,r", "source", "empty"),
    ("empty reason", "1,polarity,High is good,Low is good,s,", "reason", "empty"),
    ("unknown polarity", "1,polarity,High is good,Lowish,s,r", "corrected_value", "unknown polarity"),
    ("unknown published", "1,polarity,Highish,Low is good,s,r", "published_value", "unknown polarity"),
    ("unknown method", "1,benchmark_method,,CI 90,s,r", "corrected_value", "unknown benchmark method"),
    (
        "no change",
        "1,polarity,RAG - Low is good,Low is good,s,r",
        "corrected_value",
        "is the published value",
    ),
    ("duplicate", GOOD.replace("92033", "1"), "field", "a second correction"),
]


@pytest.mark.parametrize("name, bad, column, reason", BAD, ids=[b[0] for b in BAD])
def test_malformed_row_names_file_row_column_and_reason(
    tmp_path: Path, name: str, bad: str, column: str, reason: str
) -> None:
    path = write(tmp_path, GOOD, "1,polarity,High is good,Low is good,s,r", bad)
    with pytest.raises(InputError) as caught:
        read_corrections(path)
    error = caught.value
    assert (error.file, error.row, error.column) == (str(path), 3, column), error.message
    assert reason in error.reason


def test_missing_column_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "1,polarity,High is good,Low is good,s", header=HEADER.replace(",reason", ""))
    with pytest.raises(InputError) as caught:
        read_corrections(path)
    assert (caught.value.file, caught.value.column) == (str(path), "reason")


def extract_with_polarity(folder: Path, indicator: int, polarity: str) -> Path:
    """A copy of the bundled extract's indicator files and corrections, with ``indicator``'s
    polarity set to ``polarity`` in both indicator files, and one value."""
    folder.mkdir()
    for name in ("agedata.csv", "corrections.csv"):
        shutil.copy(DATA / "fingertips" / name, folder / name)
    listing = (DATA / "fingertips" / "indicators.csv").read_text(encoding="utf-8-sig").splitlines()
    fixed = [
        ",".join([f"{indicator}", polarity, *line.split(",")[2:]])
        if line.startswith(f"{indicator},")
        else line
        for line in listing
    ]
    (folder / "indicators.csv").write_text("\n".join(fixed) + "\n", encoding="utf-8")
    records = json.loads((DATA / "fingertips" / "indicators_metadata.json").read_text(encoding="utf-8-sig"))
    for record in records:
        if record["indicatorID"] == indicator:
            record["polarity"] = polarity
    (folder / "indicators_metadata.json").write_text(json.dumps(records), encoding="utf-8")
    (folder / "healthdata.csv").write_text(
        "IndicatorId,AreaCode,Year,Sex,Age,Value\n93701,E08000004,2021,Persons,<16 yrs,30.5\n",
        encoding="utf-8",
    )
    return folder


@pytest.mark.db
def test_correction_the_publisher_made_is_reported_not_applied(
    small_geography: Engine, tmp_path: Path
) -> None:
    """The extract now says Low is good for 92033: its correction is 'no longer needed' and the
    extract's value stands; a later load without corrections clears what the indicators carry."""
    folder = extract_with_polarity(tmp_path / "fingertips", 92033, "Low is good")
    load_fingertips_next(small_geography, folder)
    outcome = load_outcome(small_geography).set_index(["indicator_id", "field"])
    assert outcome.loc[(92033, "polarity"), "status"] == NOT_NEEDED
    assert outcome.loc[(91040, "polarity"), "status"] == APPLIED
    obesity = indicator_record(small_geography, 92033)
    assert obesity["polarity"] == "Low is good" and corrections_of(small_geography, obesity) == []
    assert len(corrections_of(small_geography, indicator_record(small_geography, 91040))) == 1
    (folder / "corrections.csv").unlink()
    load_fingertips_next(small_geography, folder)
    assert load_outcome(small_geography).empty
    checks = indicator_record(small_geography, 91040)
    assert checks["polarity"] == "Low is good" and corrections_of(small_geography, checks) == []


def test_two_columns_of_the_same_name_are_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + ",another", header=HEADER + ",reason")
    with pytest.raises(InputError, match=r"'reason' \(columns 6, 7\)"):
        read_corrections(path)
