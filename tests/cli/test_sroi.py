"""``healthassets sroi``: the CLI contract of issue 13 part 4 on hand-checked impact maps."""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

HEADER = "outcome,quantity,proxy,duration,deadweight,displacement,attribution,drop_off"
COLUMNS = ["outcome", "impact_year1", "present_value", "net_present_value", "sroi_ratio", "payback_months"]
DRAWS = ["sroi_ratio_median", "sroi_ratio_lower", "sroi_ratio_upper"]


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "impact.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def read(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""])


def test_rows_per_outcome_then_total_with_the_green_book_default(run_cli, tmp_path: Path) -> None:
    path = write(tmp_path, "Less isolation,10,100,3,0.1,0,0.2,0.5", "Fewer GP visits,4,250,1,0,0,0,0")
    result = run_cli("sroi", str(path), "--investment", "1500")
    assert result.code == 0, result.err
    out = read(result.out)
    assert list(out.columns) == COLUMNS
    assert out["outcome"].tolist() == ["Less isolation", "Fewer GP visits", "TOTAL"]
    pv = [720 / 1.035 + 360 / 1.035**2 + 180 / 1.035**3, 1000 / 1.035]
    assert out["impact_year1"].tolist() == [720, 1000, 1720]
    np.testing.assert_allclose(out["present_value"], [*pv, sum(pv)], rtol=1e-15)
    assert out.loc[:1, ["net_present_value", "sroi_ratio", "payback_months"]].isna().all().all()
    total = out.iloc[2]
    assert total["net_present_value"] == pytest.approx(sum(pv) - 1500, rel=1e-14)
    assert total["sroi_ratio"] == pytest.approx(sum(pv) / 1500, rel=1e-15)
    assert total["payback_months"] == pytest.approx(1500 / (1720 / 12), rel=1e-15)


def test_one_discount_rate_for_every_year_and_output_file(run_cli, tmp_path: Path) -> None:
    path = write(tmp_path, "A,1,1000,40,0,0,0,0")
    target = tmp_path / "out.csv"
    result = run_cli("sroi", str(path), "--investment", "5000", "--discount-rate", "0.06", "-o", str(target))
    assert result.code == 0, result.err and result.out == ""
    out = read(target.read_text())
    assert out.iloc[0]["present_value"] == pytest.approx(1000 * (1 - 1.06**-40) / 0.06, rel=1e-13)


def test_payback_empty_when_year_one_impact_is_zero(run_cli, tmp_path: Path) -> None:
    result = run_cli("sroi", str(write(tmp_path, "A,0,100,2,0,0,0,0")), "--investment", "100")
    assert result.code == 0, result.err
    total = read(result.out).iloc[-1]
    assert total["sroi_ratio"] == 0 and math.isnan(total["payback_months"])
    assert result.out.strip().splitlines()[-1].endswith(",")


def test_monte_carlo_columns_seeded_and_reproducible(run_cli, tmp_path: Path) -> None:
    header = HEADER + ",proxy_low,proxy_high,deadweight_low,deadweight_high,stakeholder"
    path = write(
        tmp_path, "A,10,100,3,0.1,0,0,0.2,80,120,0.05,0.2,members", "B,2,50,1,0,0,0,0,,,,,NHS", header=header
    )
    args = ("sroi", str(path), "--investment", "2000", "--draws", "2000", "--seed", "42")
    first, second = run_cli(*args), run_cli(*args)
    assert first.code == 0, first.err
    assert first.out == second.out
    out = read(first.out)
    assert list(out.columns) == COLUMNS + DRAWS
    assert out.loc[:1, DRAWS].isna().all().all()
    median, lower, upper = out.iloc[-1][DRAWS]
    assert lower < median < upper
    assert lower < out.iloc[-1]["sroi_ratio"] < upper
    other = read(run_cli(*args[:-1], "43").out).iloc[-1]
    assert other["sroi_ratio_median"] != median and other["sroi_ratio"] == out.iloc[-1]["sroi_ratio"]


def test_draws_without_seed_print_the_seed_used(run_cli, tmp_path: Path) -> None:
    path = write(tmp_path, "A,10,100,3,0,0,0,0,5,15", header=HEADER + ",quantity_low,quantity_high")
    result = run_cli("sroi", str(path), "--investment", "900", "--draws", "50")
    assert result.code == 0, result.err
    seed = result.err.split("--seed ")[1].split()[0]
    again = run_cli("sroi", str(path), "--investment", "900", "--draws", "50", "--seed", seed)
    assert again.out == result.out


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("A,x,100,3,0,0,0,0", "quantity", "'x' is not a number"),
        ("A,-1,100,3,0,0,0,0", "quantity", "0 or more"),
        ("A,1,100,2.5,0,0,0,0", "duration", "whole number of years"),
        ("A,1,100,0,0,0,0,0", "duration", "whole number of years"),
        ("A,1,100,3,1.5,0,0,0", "deadweight", "between 0 and 1"),
        ("A,1,100,3,0,-0.1,0,0", "displacement", "between 0 and 1"),
        ("A,1,100,3,0,0,25,0", "attribution", "between 0 and 1"),
        ("A,1,100,3,0,0,0,NA", "drop_off", "missing value"),
        (",1,100,3,0,0,0,0", "outcome", "needs a name"),
        ("TOTAL,1,100,3,0,0,0,0", "outcome", "total row"),
        ("A,1,inf,3,0,0,0,0", "proxy", "not a number"),
    ],
)
def test_bad_cells_name_file_row_column_and_reason(
    run_cli, tmp_path: Path, row: str, column: str, reason: str
) -> None:
    path = write(tmp_path, "Fine,1,10,1,0,0,0,0", row)
    target = tmp_path / "out.csv"
    result = run_cli("sroi", str(path), "--investment", "100", "-o", str(target))
    assert result.code == 2
    assert f"{path}, row 2, column '{column}'" in result.err and reason in result.err
    assert not target.exists() and "Traceback" not in result.err


@pytest.mark.parametrize(
    ("header", "row", "column", "reason"),
    [
        (HEADER.replace(",drop_off", ""), "A,1,1,1,0,0,0", "drop_off", "missing column"),
        (HEADER + ",proxy_low", "A,1,1,1,0,0,0,0,1", "proxy_low", "proxy_high is missing"),
        (HEADER + ",duration_low,duration_high", "A,1,1,1,0,0,0,0,1,2", "duration_low", "not varied"),
    ],
)
def test_bad_headers(run_cli, tmp_path: Path, header: str, row: str, column: str, reason: str) -> None:
    result = run_cli("sroi", str(write(tmp_path, row, header=header)), "--investment", "100")
    assert result.code == 2
    assert f"column '{column}'" in result.err and reason in result.err


@pytest.mark.parametrize(
    ("ranges", "column", "reason"),
    [
        ("90,,,", "proxy_high", "proxy_low is given"),
        ("120,80,,", "proxy_low", "above proxy_high"),
        (",,-1,3", "quantity_low", "0 or more"),
    ],
)
def test_bad_ranges(run_cli, tmp_path: Path, ranges: str, column: str, reason: str) -> None:
    header = HEADER + ",proxy_low,proxy_high,quantity_low,quantity_high"
    path = write(tmp_path, f"A,1,100,1,0,0,0,0,{ranges}", header=header)
    result = run_cli("sroi", str(path), "--investment", "100", "--draws", "10")
    assert result.code == 2
    assert f"row 1, column '{column}'" in result.err and reason in result.err


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--investment", "0"], "positive amount"),
        (["--investment", "-10"], "positive amount"),
        (["--investment", "10", "--discount-rate", "3.5"], "fraction"),
        (["--investment", "10", "--seed", "4"], "--seed needs --draws"),
        (["--investment", "10", "--draws", "0"], "--draws"),
        ([], "--investment"),
    ],
)
def test_bad_options(run_cli, tmp_path: Path, args: list[str], reason: str) -> None:
    result = run_cli("sroi", str(write(tmp_path, "A,1,1,1,0,0,0,0")), *args)
    assert result.code == 2 and reason in result.err


def test_every_problem_listed_and_blank_rows_skipped(run_cli, tmp_path: Path) -> None:
    path = write(tmp_path, "A,x,1,1,0,0,0,0", ",,,,,,,", "B,1,1,1,0,0,2,0")
    result = run_cli("sroi", str(path), "--investment", "10")
    lines = result.err.strip().splitlines()
    assert result.code == 2 and len(lines) == 2
    assert "row 1, column 'quantity'" in lines[0] and "row 3, column 'attribution'" in lines[1]


def test_header_only_and_missing_file(run_cli, tmp_path: Path) -> None:
    empty = run_cli("sroi", str(write(tmp_path)), "--investment", "10")
    assert empty.code == 2 and "no outcomes" in empty.err
    missing = run_cli("sroi", str(tmp_path / "nope.csv"), "--investment", "10")
    assert missing.code == 2 and "file not found" in missing.err
