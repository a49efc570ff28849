"""``healthassets calc``: reference outputs through the CLI, contract details, bad input."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.phe_tolerance import assert_frame_matches

LIMITS = ["lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]


def read(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text))


@pytest.mark.parametrize("method", ["proportion", "rate"])
def test_proportion_and_rate_reference(run_cli, phe_testdata: Path, tmp_path: Path, method: str) -> None:
    expected = pd.read_csv(phe_testdata / f"{method}.csv")
    for multiplier, block in expected.groupby("multiplier", sort=False):
        source = tmp_path / "in.csv"
        block[["Area", "Numerator", "Denominator"]].to_csv(source, index=False)
        result = run_cli(
            "calc",
            method,
            str(source),
            "--numerator",
            "Numerator",
            "--denominator",
            "Denominator",
            "--confidence",
            "0.95",
            "--confidence",
            "0.998",
            "--multiplier",
            str(multiplier),
        )
        assert result.code == 0, result.err
        actual = read(result.out)
        assert list(actual.columns) == ["numerator", "denominator", "value", *LIMITS, "statistic", "method"]
        assert_frame_matches(actual, block.reset_index(drop=True), ["value", *LIMITS, "statistic", "method"])


def test_mean_reference(run_cli, phe_testdata: Path) -> None:
    expected = pd.read_csv(phe_testdata / "mean_results.csv")
    source = phe_testdata / "mean_input.csv"
    grouped = run_cli(
        "calc",
        "mean",
        str(source),
        "--values",
        "values",
        "--group-by",
        "area",
        "--confidence",
        "0.95",
        "--confidence",
        "0.998",
    )
    overall = run_cli(
        "calc", "mean", str(source), "--values", "values", "--confidence", "0.95", "--confidence", "0.998"
    )
    assert grouped.code == 0 and overall.code == 0
    actual = pd.concat([read(grouped.out), read(overall.out).assign(area="No grouping")], ignore_index=True)
    assert_frame_matches(actual, expected)


def test_dsr_reference(run_cli, phe_testdata: Path) -> None:
    expected = pd.read_csv(phe_testdata / "dsr_results.csv").iloc[3:].reset_index(drop=True)
    result = run_cli(
        "calc",
        "dsr",
        str(phe_testdata / "dsr_isr_multiarea_input.csv"),
        "--count",
        "count",
        "--population",
        "pop",
        "--standard",
        "esp2013",
        "--age-band",
        "ageband",
        "--group-by",
        "area",
        "--confidence",
        "0.95",
        "--confidence",
        "0.998",
    )
    assert result.code == 0, result.err
    actual = read(result.out)
    assert list(actual.columns)[:3] == ["area", "total_count", "total_pop"]
    assert_frame_matches(actual, expected)


def test_life_expectancy_reference(run_cli, phe_testdata: Path) -> None:
    expected = pd.read_csv(phe_testdata / "life_expectancy_df1.csv")
    result = run_cli(
        "calc",
        "life-expectancy",
        str(phe_testdata / "life_expectancy_df1.csv"),
        "--age-start",
        "startage",
        "--population",
        "pops",
        "--deaths",
        "deaths",
    )
    assert result.code == 0, result.err
    actual = read(result.out)
    renamed = expected.rename(
        columns={
            "expected_value": "value",
            "expected_lowercl_95": "lower95_0cl",
            "expected_uppercl_95": "upper95_0cl",
        }
    )
    assert_frame_matches(actual, renamed, ["startage", "value", "lower95_0cl", "upper95_0cl"], decimals=4)


def test_quantiles_reference_keeps_every_row(run_cli, phe_testdata: Path, tmp_path: Path) -> None:
    table = pd.read_csv(phe_testdata / "quantiles.csv")
    good = table[table["Test"].str.startswith("Good") & (table["GroupSet"] == "IndSexReg")]
    source = tmp_path / "q.csv"
    good.drop(columns=["QuantileInGrp"]).to_csv(source, index=False)
    result = run_cli(
        "calc",
        "quantiles",
        str(source),
        "--value",
        "Value",
        "--polarity",
        "Polarity",
        "--quantiles",
        "10",
        "--group-by",
        "IndSexRef",
        "--group-by",
        "ParentCode",
    )
    assert result.code == 0
    assert "fewer values" in result.err
    actual = read(result.out)
    assert len(actual) == len(good) and "AreaName" in actual.columns
    assert_frame_matches(
        actual, good.reset_index(drop=True).rename(columns={"QuantileInGrp": "quantile"}), ["quantile"]
    )


def test_groups_in_order_of_first_appearance_and_bom(run_cli, tmp_path: Path) -> None:
    source = tmp_path / "bom.csv"
    source.write_bytes("\ufeffarea,x,n\nzeta,1,10\nalpha,2,10\nzeta,3,10\n".encode())
    result = run_cli(
        "calc", "rate", str(source), "--numerator", "x", "--denominator", "n", "--group-by", "area"
    )
    actual = read(result.out)
    assert actual["area"].tolist() == ["zeta", "alpha"]
    assert actual["numerator"].tolist() == [4, 2]


def test_full_precision_round_trip_and_output_file(run_cli, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("x,n\n1,3\n2,7\n")
    target = tmp_path / "out.csv"
    assert (
        run_cli(
            "calc", "proportion", str(source), "--numerator", "x", "--denominator", "n", "-o", str(target)
        ).code
        == 0
    )
    written = pd.read_csv(target)
    assert written["value"].tolist() == [1 / 3, 2 / 7]  # exact doubles survive the text round trip


def test_missing_results_are_empty_cells(run_cli, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("x,n\n,10\n4,10\n")
    out = run_cli("calc", "proportion", str(source), "--numerator", "x", "--denominator", "n").out
    cells = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False).iloc[0]
    assert cells["numerator"] == "" and cells["value"] == "" and cells["lower95_0cl"] == ""
    assert float(cells["denominator"]) == 10


# ---------------------------------------------------------------------------------------------
# bad input: exit status 2, one line naming the file (and row/column where there is one)

FAMILIES = {
    "proportion": (
        "area,x,n\na,1,10\nb,2,10\nc,3,10\n",
        ["--numerator", "x", "--denominator", "n"],
        ["x", "n"],
    ),
    "rate": ("area,x,n\na,1,10\nb,2,10\nc,3,10\n", ["--numerator", "x", "--denominator", "n"], ["x", "n"]),
    "mean": ("area,v\na,1\na,2\nb,3\n", ["--values", "v"], ["v"]),
    "dsr": (
        "area,band,count,pop,std\n" + "".join(f"a,{b},{b + 3},{100 + b},{1000 + b}\n" for b in range(19)),
        ["--count", "count", "--population", "pop", "--standard-population", "std"],
        ["count", "pop", "std"],
    ),
    "isratio": (
        "area,count,pop,rc,rp\n" + "".join(f"a,{b + 2},{100 + b},{b + 20},{1000 + b}\n" for b in range(5)),
        [
            "--count",
            "count",
            "--population",
            "pop",
            "--reference-count",
            "rc",
            "--reference-population",
            "rp",
        ],
        ["count", "pop", "rc", "rp"],
    ),
    "life-expectancy": (
        "age,pops,deaths\n"
        + "".join(f"{a},{5000 + i},{i + 1}\n" for i, a in enumerate([0, 1, *range(5, 95, 5)])),
        ["--age-start", "age", "--population", "pops", "--deaths", "deaths"],
        ["age", "pops", "deaths"],
    ),
    "quantiles": (
        "area,v,pol\n" + "".join(f"a{i},{i},Low is good\n" for i in range(12)),
        ["--value", "v", "--polarity", "pol", "--quantiles", "4"],
        ["v"],
    ),
}


def _cases() -> list[tuple[str, str, str, list[str], str | None]]:
    """(family, description, csv, extra args, expected text in the message) — ≥ 30 per family."""
    cases = []
    for family, (good, args, numeric) in FAMILIES.items():
        lines = good.splitlines()
        header = lines[0].split(",")
        for column in numeric:
            position = header.index(column)
            for row in (1, 2, len(lines) - 1):
                for bad in ("abc", "1,5e", "#N/A", "--", "one", "1..2", "x1"):
                    cells = lines[row].split(",")
                    cells[position] = bad.replace(",", ";")
                    text = "\n".join([*lines[:row], ",".join(cells), *lines[row + 1 :]]) + "\n"
                    cases.append((family, f"text {bad!r} in {column} row {row}", text, args, f"row {row}"))
        if family in ("proportion", "rate", "dsr", "isratio", "life-expectancy"):
            count_column = numeric[0]
            position = header.index(count_column)
            cells = lines[2].split(",")
            cells[position] = "-1"
            text = "\n".join([*lines[:2], ",".join(cells), *lines[3:]]) + "\n"
            cases.append((family, "negative count", text, args, "row 2"))
        if family in ("proportion", "rate", "dsr"):
            denominator = numeric[1]
            position = header.index(denominator)
            for bad in ("0", "-5"):
                cells = lines[1].split(",")
                cells[position] = bad
                text = "\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n"
                cases.append((family, f"population {bad}", text, args, "row 1"))
        for i in range(0, len(args), 2):
            if args[i + 1] in header:
                changed = [*args]
                changed[i + 1] = "no_such_column"
                cases.append((family, f"unknown column for {args[i]}", good, changed, "no_such_column"))
                dropped = args[:i] + args[i + 2 :]
                cases.append((family, f"missing option {args[i]}", good, dropped, args[i]))
        if family != "quantiles":
            for level in ("0", "1.5", "95", "-0.5", "200"):
                cases.append(
                    (family, f"confidence {level}", good, [*args, "--confidence", level], "confidence")
                )
        else:
            for k in ("0", "-3"):
                cases.append((family, f"{k} quantiles", good, [*args[:4], "--quantiles", k], "quantiles"))
            for text_polarity in ("Lower is good", "sideways"):
                changed = good.replace("Low is good", text_polarity, 1)
                cases.append((family, f"polarity {text_polarity!r}", changed, args, "polarity"))
            mixed = good.replace("Low is good", "High is good", 1)
            cases.append((family, "mixed polarity in a group", mixed, args, "polarity"))
        cases.append((family, "unknown group-by column", good, [*args, "--group-by", "nope"], "nope"))
        cases.append((family, "empty file", "", args, "empty"))
        cases.append((family, "header only, unknown column", "a,b\n", args, "column"))
    return cases


CASES = _cases()


@pytest.mark.parametrize(
    "family, description, text, args, expected", CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES]
)
def test_bad_input_exits_2_with_one_line(
    run_cli, tmp_path: Path, family: str, description: str, text: str, args: list[str], expected: str | None
) -> None:
    source = tmp_path / "input.csv"
    source.write_text(text)
    target = tmp_path / "out.csv"
    result = run_cli("calc", family, str(source), *args, "-o", str(target))
    assert result.code == 2, (result.out, result.err)
    message = result.err.strip()
    assert "Traceback" not in message and len(message.splitlines()) == 1, message
    if expected:
        assert expected in message, message
    assert not target.exists()


def test_at_least_thirty_bad_input_cases_per_family() -> None:
    counts = pd.Series([c[0] for c in CASES]).value_counts()
    assert (counts >= 30).all(), counts


@pytest.mark.parametrize("path_kind", ["missing", "folder"])
def test_unreadable_input(run_cli, tmp_path: Path, path_kind: str) -> None:
    path = tmp_path / "nothing.csv" if path_kind == "missing" else tmp_path
    result = run_cli("calc", "rate", str(path), "--numerator", "x", "--denominator", "n")
    assert result.code == 2 and str(path) in result.err and len(result.err.strip().splitlines()) == 1


def test_unknown_method_is_a_usage_error(run_cli, tmp_path: Path) -> None:
    result = run_cli("calc", "median", str(tmp_path / "x.csv"))
    assert result.code == 2 and "median" in result.err


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cell=st.text(
        alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters=',"\n\r'),
        min_size=1,
        max_size=8,
    ).filter(lambda s: s.strip() != ""),
    row=st.integers(min_value=1, max_value=3),
    column=st.sampled_from(["x", "n"]),
    method=st.sampled_from(["proportion", "rate"]),
)
def test_garbage_cells_never_crash(
    run_cli, tmp_path: Path, cell: str, row: int, column: str, method: str
) -> None:
    frame = pd.DataFrame({"x": ["1", "2", "3"], "n": ["10", "10", "10"]})
    frame.loc[row - 1, column] = cell
    source = tmp_path / "g.csv"
    frame.to_csv(source, index=False)
    result = run_cli("calc", method, str(source), "--numerator", "x", "--denominator", "n")
    assert "Traceback" not in result.err
    parsed = pd.to_numeric(pd.Series([cell.strip()]), errors="coerce").iloc[0]
    if np.isnan(parsed):
        assert result.code == 2 and f"row {row}" in result.err and f"'{column}'" in result.err
    else:
        bad = (
            parsed < 0
            or (column == "n" and parsed <= 0)
            or (
                method == "proportion"
                and ((column == "x" and parsed > 10) or (column == "n" and parsed < row))
            )
        )
        assert result.code == (2 if bad else 0), result.err
