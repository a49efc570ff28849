"""The corrections table: the bundled one reads; a malformed one is rejected naming file, row,
column and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthassets.errors import InputError
from healthassets.io.corrections import COLUMNS, read_corrections
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
    ("no change", "1,polarity,RAG - Low is good,Low is good,s,r", "corrected_value", "is the published value"),
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
