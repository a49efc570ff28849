"""``healthassets calc --engine dask`` (CSV and Parquet) and the streamed default engine give the
rows the in-memory engine gives (``cli/calc_engines.py``, ``io/chunked_files.py``)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from healthassets import stats
from healthassets.cli import calc_engines
from healthassets.cli.calc import calc, compute
from healthassets.io import chunked_files
from healthassets.io.csv_files import write_csv
from tests.same_rows import assert_same_rows

ROWS = 4000
LEVELS = ["--confidence", "0.95", "--confidence", "0.998"]
METHOD_ARGS = {
    "proportion": ["--numerator", "x", "--denominator", "n", "--multiplier", "100"],
    "rate": ["--numerator", "x", "--denominator", "n"],
    "mean": ["--values", "v"],
    "dsr": ["--count", "x", "--population", "n", "--standard-population", "w"],
    "isr": ["--count", "x", "--population", "n", "--reference-count", "rx", "--reference-population", "rn"],
    "isratio": [
        *["--count", "x", "--population", "n", "--reference-count", "rx", "--reference-population", "rn"],
        *["--reference-value", "100"],
    ],
}


def frame(seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = rng.integers(100, 4000, ROWS)
    return pd.DataFrame(
        {
            "area": rng.choice(["E06000001", "E06000002", "W06000001", "001"], ROWS),
            "sex": rng.choice(["Male", "Female", ""], ROWS),
            "x": rng.binomial(n, 0.04),
            "n": n,
            "v": rng.normal(20, 5, ROWS).round(6),
            "rx": rng.integers(10, 500, ROWS),
            "rn": rng.integers(5000, 90_000, ROWS),
            "w": rng.integers(500, 7000, ROWS),
        }
    )


def with_markers(data: pd.DataFrame) -> str:
    """CSV text of ``data`` with one missing marker (as R and Excel write them) per number column."""
    text = data.astype(object)
    for position, (column, marker) in enumerate(
        zip(["x", "n", "v", "rx", "rn", "w"], ["NA", "", " NA ", "#N/A", "NaN", "NA"], strict=True)
    ):
        text.loc[17 + 101 * position, column] = marker
    return text.to_csv(index=False)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("engines")
    source = folder / "input.csv"
    source.write_text(with_markers(frame()))
    parquet = folder / "input.parquet"
    pd.read_csv(
        source, keep_default_na=False, na_values=["", "NA", "NaN", "#N/A", " NA "], dtype={"area": str}
    ).to_parquet(parquet, row_group_size=700)
    return {"csv": source, "parquet": parquet}


def source_of(folder: Path) -> Path:
    """A CSV of :func:`frame` in ``folder``."""
    path = folder / "plain.csv"
    frame().to_csv(path, index=False)
    return path


def result(run_cli, *args: str) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    outcome = run_cli("calc", *args)
    assert outcome.code == 0, outcome.err
    return pd.read_csv(io.StringIO(outcome.out), dtype={"area": str})


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """CSV read by Dask in blocks of 40 kB: a few partitions of the test files."""
    monkeypatch.setattr(chunked_files, "CSV_BLOCK", 40_000)


@pytest.mark.parametrize("kind", ["csv", "parquet"])
@pytest.mark.parametrize("method", list(METHOD_ARGS))
@pytest.mark.usefixtures("small_blocks")
def test_dask_engine_gives_the_pandas_rows_sorted_by_group(
    run_cli, inputs: dict[str, Path], method: str, kind: str
) -> None:
    groups = ["--group-by", "area", "--group-by", "sex"]
    args = [method, str(inputs[kind]), *METHOD_ARGS[method], *groups, *LEVELS]
    expected = result(run_cli, *args[:1], str(inputs["csv"]), *args[2:])
    actual = result(run_cli, *args, "--engine", "dask")
    assert actual["area"].tolist()[0] == "001" and actual["sex"].isna().sum() == 4  # codes kept; "" last
    assert actual["value"].isna().any() and actual["value"].notna().any()  # missing in → missing out
    assert_same_rows(expected, actual, ["area", "sex"])


@pytest.mark.parametrize("method", ["rate", "mean"])
def test_default_engine_reads_parquet_too(run_cli, inputs: dict[str, Path], method: str) -> None:
    args = [*METHOD_ARGS[method], "--group-by", "area", "--group-by", "sex"]
    expected = result(run_cli, method, str(inputs["csv"]), *args)
    assert_same_rows(expected, result(run_cli, method, str(inputs["parquet"]), *args), [])


def test_dask_engine_dsr_joins_esp2013_by_label(run_cli, tmp_path: Path) -> None:
    bands = list(stats.esp2013().index)
    rng = np.random.default_rng(2)
    data = pd.DataFrame(
        {
            "area": np.repeat(["A", "B", "C"], len(bands)),
            "band": bands * 3,
            "deaths": rng.integers(0, 80, 3 * len(bands)),
            "pop": rng.integers(900, 8000, 3 * len(bands)),
        }
    )
    ordered, shuffled = tmp_path / "ordered.csv", tmp_path / "shuffled.parquet"
    data.to_csv(ordered, index=False)
    data.sample(frac=1, random_state=1).to_parquet(shuffled, row_group_size=10)
    options = ["--count", "deaths", "--population", "pop", "--standard", "esp2013", "--age-band", "band"]
    expected = result(run_cli, "dsr", str(ordered), *options, "--group-by", "area")
    actual = result(run_cli, "dsr", str(shuffled), *options, "--group-by", "area", "--engine", "dask")
    assert_same_rows(expected, actual, ["area"])


@pytest.mark.usefixtures("small_blocks")
def test_dask_engine_names_the_row_of_a_bad_cell(run_cli, tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    assert len(chunked_files.read_dask(source_of(tmp_path), columns=["n"]).to_delayed()) > 3
    text = frame().astype(object)
    text.loc[3210, "n"] = "N/A"
    text.to_csv(source, index=False)
    outcome = run_cli(
        "calc", "rate", str(source), *METHOD_ARGS["rate"], "--group-by", "area", "--engine", "dask"
    )
    assert outcome.code == 2 and "row 3211" in outcome.err and "'n'" in outcome.err
    assert len(outcome.err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["life-expectancy", "--age-start", "x", "--population", "n", "--deaths", "x", "--engine", "dask"],
            "runs on pandas",
        ),
        (["mean", "--values", "v", "--scheduler", "tcp://127.0.0.1:1"], "needs --engine dask"),
        (["mean", "--values", "nope", "--engine", "dask"], "no such column"),
    ],
)
def test_dask_engine_refusals(run_cli, inputs: dict[str, Path], args: list[str], message: str) -> None:
    outcome = run_cli("calc", args[0], str(inputs["csv"]), *args[1:])
    assert outcome.code == 2 and message in outcome.err


def _in_memory(method: str, source: Path, args: list[str], target: Path) -> None:
    """The whole file in memory, as before streaming (``compute`` + ``write_csv``)."""
    options = calc.make_context("calc", [method, str(source), *args]).params
    for name in ("method", "input_csv", "output", "engine", "scheduler"):
        options.pop(name)
    write_csv(compute(method, source, options), target)


@pytest.mark.parametrize("kind", ["csv", "parquet"])
@pytest.mark.parametrize("method", ["proportion", "rate"])
def test_streamed_rows_are_the_in_memory_rows(
    run_cli, inputs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: str, kind: str
) -> None:
    monkeypatch.setattr(calc_engines, "CHUNK_ROWS", 333)  # twelve chunks and a part
    streamed, whole = tmp_path / "streamed.csv", tmp_path / "whole.csv"
    args = [*METHOD_ARGS[method], *LEVELS]
    assert run_cli("calc", method, str(inputs[kind]), *args, "-o", str(streamed)).code == 0
    _in_memory(method, inputs["csv"], args, whole)
    assert streamed.read_bytes() == whole.read_bytes()
    assert len(pd.read_csv(streamed)) == ROWS


def test_streamed_errors_number_rows_over_the_whole_file(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(calc_engines, "CHUNK_ROWS", 500)
    source, target = tmp_path / "bad.csv", tmp_path / "out.csv"
    data = frame()
    data.loc[2722, "x"] = -3
    data.to_csv(source, index=False)
    outcome = run_cli("calc", "proportion", str(source), *METHOD_ARGS["proportion"], "-o", str(target))
    assert outcome.code == 2 and "row 2723" in outcome.err and "'x'" in outcome.err
    assert not target.exists() and not list(tmp_path.glob(".*partial"))


def test_header_only_file_streams_a_header(run_cli, tmp_path: Path) -> None:
    source = tmp_path / "empty.csv"
    source.write_text("x,n\n")
    outcome = run_cli("calc", "rate", str(source), "--numerator", "x", "--denominator", "n")
    assert outcome.code == 0 and outcome.out.splitlines()[0].startswith('"numerator","denominator","value"')
    assert len(outcome.out.splitlines()) == 1


def test_help_documents_the_engines(run_cli) -> None:
    text = " ".join(run_cli("calc", "--help").out.split())
    assert "--engine [pandas|dask]" in text and "larger than memory" in text and "--scheduler" in text
