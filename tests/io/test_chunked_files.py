"""``io/chunked_files.py``: CSV and Parquet read in chunks or lazily, CSV written chunk by chunk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from healthassets.errors import InputError
from healthassets.io.chunked_files import (
    columns_of,
    is_parquet,
    read_chunks,
    read_dask,
    read_table,
    write_csv_chunks,
)
from healthassets.io.csv_files import read_csv, write_csv

TEXT = "code,x,n\n001,1,10\n002,NA,10\n003, NA ,#N/A\n004,,NaN\n005,5,10\n"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "in.csv"
    path.write_text(TEXT)
    return path


def test_chunks_read_as_the_whole_file_reads(source: Path) -> None:
    chunks = list(read_chunks(source, columns=["code", "x", "n"], text_columns=["code"], chunk_rows=2))
    assert [len(c) for c in chunks] == [2, 2, 1]
    joined = pd.concat(chunks, ignore_index=True)
    whole = read_csv(source, text_columns=["code"])
    assert joined["code"].tolist() == whole["code"].tolist() == ["001", "002", "003", "004", "005"]
    for column in ("x", "n"):
        np.testing.assert_array_equal(
            pd.to_numeric(joined[column]).to_numpy(float), whole[column].to_numpy(float)
        )


def test_dask_reads_text_with_every_marker_missing(source: Path) -> None:
    data = read_dask(source, columns=["code", "x", "n"]).compute()
    assert data["code"].tolist() == ["001", "002", "003", "004", "005"]
    assert data["x"].isna().tolist() == [False, True, True, True, False]
    assert data["n"].isna().tolist() == [False, False, True, True, False]


def test_parquet_file_and_folder(tmp_path: Path) -> None:
    frame = pd.DataFrame({"area": ["a", "b", None], "x": [1.0, np.nan, 3.0]})
    folder = tmp_path / "set"
    folder.mkdir()
    frame.to_parquet(folder / "part-0.parquet")
    frame.to_parquet(tmp_path / "one.pq")
    assert is_parquet(folder) and is_parquet(tmp_path / "one.pq") and not is_parquet(tmp_path / "x.csv")
    assert not is_parquet(tmp_path / "empty-folder")
    assert columns_of(folder) == ["area", "x"]
    pd.testing.assert_frame_equal(read_table(tmp_path / "one.pq"), frame)
    streamed = pd.concat(read_chunks(folder, columns=["x"], chunk_rows=2), ignore_index=True)
    np.testing.assert_array_equal(streamed["x"].to_numpy(), frame["x"].to_numpy())
    assert read_dask(folder, columns=["area", "x"]).compute()["area"].isna().tolist() == [False, False, True]


@pytest.mark.parametrize(
    ("name", "text", "reason"), [("none.csv", None, "not found"), ("e.csv", "", "empty")]
)
def test_unreadable_inputs(tmp_path: Path, name: str, text: str | None, reason: str) -> None:
    path = tmp_path / name
    if text is not None:
        path.write_text(text)
    with pytest.raises(InputError, match=reason):
        columns_of(path)
    with pytest.raises(InputError, match="not found"):
        columns_of(tmp_path / "none.parquet")


def test_chunks_write_what_one_write_writes(tmp_path: Path) -> None:
    frame = pd.DataFrame({"x": [1 / 3, np.nan, 2.0, 7e-300], "method": ["Byars", None, "Exact", None]})
    whole, chunked = tmp_path / "whole.csv", tmp_path / "chunked.csv"
    write_csv(frame, whole)
    write_csv_chunks((frame.iloc[i : i + 1] for i in range(4)), chunked)
    assert chunked.read_bytes() == whole.read_bytes()


def test_a_failure_leaves_no_output(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"

    def frames() -> Iterator[pd.DataFrame]:
        yield pd.DataFrame({"x": [1.0]})
        raise InputError("bad row", row=9)

    with pytest.raises(InputError):
        write_csv_chunks(frames(), target)
    assert list(tmp_path.iterdir()) == []
