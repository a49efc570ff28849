"""CSV injection (OWASP): every CSV healthassets writes defuses formula cells, and numbers stay
numbers (io.csv_safety)."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import numpy as np
import pandas as pd

from healthassets.io.csv_safety import csv_text, neutralise_formulas, write_csv

SRC = Path(__file__).resolve().parents[2] / "src" / "healthassets"
#: to_csv calls that are not files for people: PostgreSQL COPY input (never opened in a spreadsheet)
NOT_FOR_SPREADSHEETS = {"store/bulk.py"}


def test_formula_cells_are_quoted_and_numbers_are_not() -> None:
    frame = pd.DataFrame(
        {
            "name": ['=HYPERLINK("http://evil.example","click")', "+44 161 000", "-cmd|' /C calc'!A0",
                     "@SUM(1+1)", "\t=1+1", "\r=1", "Plain", None, "-1.5", "+3", "-2e-05", "-"],
            "value": [-1.5, 2.0, np.nan, -3.25, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, -7.0],
        }
    )  # fmt: skip
    safe = neutralise_formulas(frame)
    assert pd.isna(safe["name"][7])  # missing stays missing
    assert safe["name"].drop(index=7).tolist() == [
        "'=HYPERLINK(\"http://evil.example\",\"click\")", "'+44 161 000", "'-cmd|' /C calc'!A0",
        "'@SUM(1+1)", "'\t=1+1", "'\r=1", "Plain", "-1.5", "+3", "-2e-05", "'-",
    ]  # fmt: skip
    pd.testing.assert_series_equal(safe["value"], frame["value"])  # numeric columns untouched
    assert frame["name"][0].startswith("=")  # the input is not changed


def test_a_repeated_index_is_no_trouble() -> None:
    report = pd.concat([pd.DataFrame({"reason": ["=bad", "-2"]}), pd.DataFrame({"reason": ["ok", "@x"]})])
    assert neutralise_formulas(report)["reason"].tolist() == ["'=bad", "-2", "ok", "'@x"]


def test_written_csv_reads_back_with_numbers_intact(tmp_path: Path) -> None:
    frame = pd.DataFrame({"=header": ["=1+2", "ok"], "Value": ["-1.5", "12"], "Count": [-4, 5]})
    path = tmp_path / "out.csv"
    write_csv(frame, path)
    back = pd.read_csv(path)
    assert list(back.columns) == ["'=header", "Value", "Count"]
    assert back["'=header"].tolist() == ["'=1+2", "ok"]
    assert back["Value"].tolist() == [-1.5, 12.0] and back["Count"].tolist() == [-4, 5]
    assert pd.read_csv(io.StringIO(csv_text(frame)))["'=header"].tolist() == ["'=1+2", "ok"]


def test_every_csv_writer_goes_through_the_helper() -> None:
    """No module writes CSV itself (``to_csv``, ``csv.writer``, ``csv.DictWriter``) except the
    helper and the documented non-spreadsheet uses."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative in {"io/csv_safety.py", *NOT_FOR_SPREADSHEETS}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute):
                continue
            by_csv_module = isinstance(node.value, ast.Name) and node.value.id == "csv"
            if node.attr == "to_csv" or (by_csv_module and node.attr in {"writer", "DictWriter"}):
                offenders.append(f"{relative}:{node.lineno}")
    assert offenders == []


def test_an_exported_asset_file_imports_as_it_was_entered(tmp_path: Path) -> None:
    from healthassets.io.assets_files import read_assets_file, write_assets_csv

    frame = pd.DataFrame(
        {
            "name": ["=Knit and natter", "Library"],
            "asset_type": ["association", "institution"],
            "dimensions": ["community_economy", "personal_capacity"],
            "latitude": ["53.44", "53.45"],
            "longitude": ["-2.28", "-2.29"],
            "phone": ["+44 161 000 0000", "0161 000 0000"],
        }
    )
    path = tmp_path / "assets.csv"
    write_assets_csv(frame, path)
    assert "'+44 161 000 0000" in path.read_text(encoding="utf-8")
    again = read_assets_file(path).assets
    assert again["name"].tolist() == ["=Knit and natter", "Library"]
    assert again["phone"].tolist() == ["+44 161 000 0000", "0161 000 0000"]
    assert again["longitude"].tolist() == [-2.28, -2.29]
