"""``healthassets calc``: reference outputs through the CLI, contract details, bad input."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthassets.io.csv_files import MISSING_MARKERS
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
                for bad in ("abc", "1,5e", "N/A", "--", "one", "1..2", "NULL"):
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
    cell=st.one_of(
        st.text(
            alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters=',"\n\r'),
            min_size=1,
            max_size=8,
        ).filter(lambda s: s.strip() != ""),
        st.sampled_from(sorted(MISSING_MARKERS - {""})),
    ),
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
    if cell.strip() in MISSING_MARKERS:  # a missing value: that row's result is missing
        assert result.code == 0, result.err
        assert read(result.out).loc[row - 1, ["value", "lower95_0cl"]].isna().all()
        return
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


# ---------------------------------------------------------------------------------------------
# missing values (ADR 0039): empty, NA, NaN, #N/A are missing, never an error; missing in gives
# missing out as PHEindicatormethods does for each method

MARKERS = ["NA", "NaN", "#N/A", "", " NA "]


def _calc(run_cli, tmp_path: Path, method: str, text: str, args: list[str]) -> tuple[pd.DataFrame, str]:
    source = tmp_path / f"{method}-{abs(hash(text))}.csv"
    source.write_text(text)
    result = run_cli("calc", method, str(source), *args)
    assert result.code == 0, result.err
    return read(result.out), result.err


def _with(text: str, row: int, column: str, cell: str) -> str:
    """``text`` (CSV) with data row ``row`` (1-based) of ``column`` set to ``cell``."""
    lines = text.splitlines()
    position = lines[0].split(",").index(column)
    cells = lines[row].split(",")
    cells[position] = cell
    return "\n".join([*lines[:row], ",".join(cells), *lines[row + 1 :]]) + "\n"


def _without(text: str, row: int) -> str:
    lines = text.splitlines()
    return "\n".join([*lines[:row], *lines[row + 1 :]]) + "\n"


RATIO_ARGS = ["--numerator", "x", "--denominator", "n"]
RATIOS = "area,x,n\na,1,10\na,2,10\nb,3,10\nb,4,10\n"


@pytest.mark.parametrize("marker", MARKERS)
@pytest.mark.parametrize("method", ["proportion", "rate"])
@pytest.mark.parametrize("column", ["x", "n"])
def test_ratio_missing_cell_gives_that_row_missing(
    run_cli, tmp_path: Path, method: str, column: str, marker: str
) -> None:
    """phe_proportion/phe_rate ungrouped: value = x / n per row, so NA in → NA out in that row."""
    actual, _ = _calc(run_cli, tmp_path, method, _with(RATIOS, 2, column, marker), RATIO_ARGS)
    complete, _ = _calc(run_cli, tmp_path, method, RATIOS, RATIO_ARGS)
    outputs = ["value", "lower95_0cl", "upper95_0cl"]
    assert actual.loc[1, outputs].isna().all() and np.isnan(
        actual.loc[1, "numerator" if column == "x" else "denominator"]
    )
    others = [0, 2, 3]
    pd.testing.assert_frame_equal(
        actual.loc[others, outputs], complete.loc[others, outputs], check_dtype=False
    )


@pytest.mark.parametrize("marker", MARKERS)
@pytest.mark.parametrize("method", ["proportion", "rate"])
@pytest.mark.parametrize("column", ["x", "n"])
def test_ratio_missing_cell_gives_its_group_missing(
    run_cli, tmp_path: Path, method: str, column: str, marker: str
) -> None:
    """Grouped, PHEindicatormethods sums x and n with R's sum (no na.rm): the group's total is NA."""
    args = [*RATIO_ARGS, "--group-by", "area"]
    actual, _ = _calc(run_cli, tmp_path, method, _with(RATIOS, 2, column, marker), args)
    complete, _ = _calc(run_cli, tmp_path, method, RATIOS, args)
    assert actual["area"].tolist() == ["a", "b"]
    total = "numerator" if column == "x" else "denominator"
    other = "denominator" if column == "x" else "numerator"
    assert actual.loc[0, [total, "value", "lower95_0cl", "upper95_0cl"]].isna().all()
    assert actual.loc[0, other] == complete.loc[0, other]
    pd.testing.assert_frame_equal(actual.loc[[1]], complete.loc[[1]], check_dtype=False)


@pytest.mark.parametrize("marker", MARKERS)
def test_mean_missing_value_gives_its_group_missing(run_cli, tmp_path: Path, marker: str) -> None:
    """phe_mean: sum, sd (no na.rm) are NA, length counts the row; the other group is untouched."""
    text = "area,v\na,1\na,2\na,4\nb,3\nb,5\n"
    args = ["--values", "v", "--group-by", "area"]
    actual, _ = _calc(run_cli, tmp_path, "mean", _with(text, 2, "v", marker), args)
    complete, _ = _calc(run_cli, tmp_path, "mean", text, args)
    assert actual.loc[0, ["value_sum", "stdev", "value", "lower95_0cl", "upper95_0cl"]].isna().all()
    assert actual.loc[0, "value_count"] == 3
    pd.testing.assert_frame_equal(actual.loc[[1]], complete.loc[[1]], check_dtype=False)
    overall, _ = _calc(run_cli, tmp_path, "mean", _with(text, 2, "v", marker), ["--values", "v"])
    assert overall.loc[0, ["value", "lower95_0cl"]].isna().all() and overall.loc[0, "value_count"] == 5


def _dsr_text() -> str:
    rows = "".join(f"{area},{b},{b + 3},{100 + b},{1000 + b}\n" for area in "ab" for b in range(19))
    return "area,band,count,pop,std\n" + rows


DSR_ARGS = ["--count", "count", "--population", "pop", "--standard-population", "std", "--group-by", "area"]


@pytest.mark.parametrize("marker", MARKERS)
def test_dsr_missing_count_counts_as_zero(run_cli, tmp_path: Path, marker: str) -> None:
    """calculate_dsr: na.zero(x) in the weighted rates and sum(x, na.rm = TRUE)."""
    actual, _ = _calc(run_cli, tmp_path, "dsr", _with(_dsr_text(), 3, "count", marker), DSR_ARGS)
    zero, _ = _calc(run_cli, tmp_path, "dsr", _with(_dsr_text(), 3, "count", "0"), DSR_ARGS)
    pd.testing.assert_frame_equal(actual, zero)


@pytest.mark.parametrize("marker", MARKERS)
@pytest.mark.parametrize("column", ["pop", "std"])
def test_dsr_missing_population_gives_its_group_missing(
    run_cli, tmp_path: Path, column: str, marker: str
) -> None:
    """PHEindicatormethods stops on a missing n or stdpop; we give that group missing (ADR 0039)."""
    actual, err = _calc(run_cli, tmp_path, "dsr", _with(_dsr_text(), 25, column, marker), DSR_ARGS)
    complete, _ = _calc(run_cli, tmp_path, "dsr", _dsr_text(), DSR_ARGS)
    assert actual.loc[1, ["value", "lower95_0cl", "upper95_0cl"]].isna().all()
    assert actual.loc[1, "total_count"] == complete.loc[1, "total_count"]
    assert np.isnan(actual.loc[1, "total_pop"]) == (column == "pop")
    pd.testing.assert_frame_equal(actual.loc[[0]], complete.loc[[0]], check_dtype=False)
    assert "DSR missing for 1 group" in err


ISR_TEXT = "area,count,pop,rc,rp\n" + "".join(
    f"{area},{b + 2},{100 + b},{b + 20},{1000 + b}\n" for area in "ab" for b in range(5)
)
ISR_ARGS = [
    "--count",
    "count",
    "--population",
    "pop",
    "--reference-count",
    "rc",
    "--reference-population",
    "rp",
    "--group-by",
    "area",
]


@pytest.mark.parametrize("marker", MARKERS)
@pytest.mark.parametrize("method", ["isr", "isratio"])
@pytest.mark.parametrize("column", ["count", "pop", "rc"])
def test_isr_missing_count_or_population_adds_nothing(
    run_cli, tmp_path: Path, method: str, column: str, marker: str
) -> None:
    """calculate_ISRate/ISRatio: sum(x, na.rm = TRUE) and na.zero(n), na.zero(x_ref)."""
    actual, _ = _calc(run_cli, tmp_path, method, _with(ISR_TEXT, 7, column, marker), ISR_ARGS)
    zero, _ = _calc(run_cli, tmp_path, method, _with(ISR_TEXT, 7, column, "0"), ISR_ARGS)
    pd.testing.assert_frame_equal(actual, zero)


@pytest.mark.parametrize("marker", MARKERS)
@pytest.mark.parametrize("method", ["isr", "isratio"])
def test_isr_missing_reference_population_gives_its_group_missing(
    run_cli, tmp_path: Path, method: str, marker: str
) -> None:
    actual, _ = _calc(run_cli, tmp_path, method, _with(ISR_TEXT, 7, "rp", marker), ISR_ARGS)
    complete, _ = _calc(run_cli, tmp_path, method, ISR_TEXT, ISR_ARGS)
    assert actual.loc[1, ["expected", "value", "lower95_0cl", "upper95_0cl"]].isna().all()
    pd.testing.assert_frame_equal(actual.loc[[0]], complete.loc[[0]], check_dtype=False)


LE_TEXT = "area,age,pops,deaths\n" + "".join(
    f"{area},{a},{50_000 + 100 * i},{round(50_000 * 0.0002 * np.exp(0.085 * a))}\n"
    for area in "ab"
    for i, a in enumerate([0, 1, *range(5, 95, 5)])
)
LE_ARGS = ["--age-start", "age", "--population", "pops", "--deaths", "deaths", "--group-by", "area"]


@pytest.mark.parametrize("marker", MARKERS)
@pytest.mark.parametrize("column", ["pops", "deaths"])
def test_life_expectancy_missing_cell_gives_its_group_missing(
    run_cli, tmp_path: Path, column: str, marker: str
) -> None:
    """In phe_life_expectancy an NA runs through the life table: every start age of the group is NA."""
    actual, err = _calc(run_cli, tmp_path, "life-expectancy", _with(LE_TEXT, 30, column, marker), LE_ARGS)
    complete, _ = _calc(run_cli, tmp_path, "life-expectancy", LE_TEXT, LE_ARGS)
    group_b = actual["area"] == "b"
    assert actual.loc[group_b, ["value", "lower95_0cl", "upper95_0cl"]].isna().all(axis=None)
    assert complete.loc[group_b, "value"].notna().all()
    pd.testing.assert_frame_equal(actual[~group_b], complete[~group_b], check_dtype=False)
    assert "1 group(s) (first: area=b): a population or death count is missing" in err


@pytest.mark.parametrize("marker", MARKERS)
def test_quantiles_missing_value_gets_no_quantile(run_cli, tmp_path: Path, marker: str) -> None:
    """phe_quantile ranks with na.last = "keep" and counts only the values present."""
    text = "area,v,pol\n" + "".join(f"a{i},{i},Low is good\n" for i in range(13))
    args = ["--value", "v", "--polarity", "pol", "--quantiles", "4"]
    actual, _ = _calc(run_cli, tmp_path, "quantiles", _with(text, 5, "v", marker), args)
    without, _ = _calc(run_cli, tmp_path, "quantiles", _without(text, 5), args)
    assert np.isnan(actual.loc[4, "quantile"])
    assert actual.drop(index=4)["quantile"].tolist() == without["quantile"].tolist()


@pytest.mark.parametrize("method", ["proportion", "mean", "dsr", "life-expectancy"])
def test_two_columns_of_the_same_name_is_an_error_naming_them(run_cli, tmp_path: Path, method: str) -> None:
    good, args, numeric = FAMILIES[method]
    lines = good.splitlines()
    header = lines[0].split(",")
    twice = numeric[-1]
    header[0] = twice
    source = tmp_path / "twice.csv"
    source.write_text("\n".join([",".join(header), *lines[1:]]) + "\n")
    result = run_cli("calc", method, str(source), *args)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    positions = ", ".join(str(i + 1) for i, name in enumerate(header) if name == twice)
    assert f"'{twice}' (columns {positions})" in result.err and str(source) in result.err


def test_help_lists_the_missing_markers(run_cli) -> None:
    result = run_cli("calc", "--help")
    assert result.code == 0
    for text in ("NA, NaN or #N/A", "N/A, NULL, -", "same name"):
        assert text in " ".join(result.out.split())


def test_no_invert_alone_ranks_in_natural_order(run_cli, tmp_path: Path) -> None:
    text = "area,v\n" + "".join(f"a{i},{i}\n" for i in range(8))
    natural, _ = _calc(
        run_cli, tmp_path, "quantiles", text, ["--value", "v", "--no-invert", "--quantiles", "4"]
    )
    inverted, _ = _calc(
        run_cli, tmp_path, "quantiles", text, ["--value", "v", "--invert", "--quantiles", "4"]
    )
    assert natural["quantile"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4]
    assert inverted["quantile"].tolist() == [4, 4, 3, 3, 2, 2, 1, 1]
