"""``healthassets index``: the IMD 2025 golden test, the worked examples and the CLI contract."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
IMD = REPO / "data" / "geography" / "imd2025_england_lsoa21.csv"
EXAMPLES = REPO / "tests" / "data" / "indices"


def read(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype={"id": str, "parent": str})


def write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_imd2025_reproduces_every_published_score_and_decile(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "imd.csv"
    result = run_cli("index", "score", str(IMD), "--spec", "imd2025", "-o", str(out))
    assert result.code == 0, result.err
    published = pd.read_csv(IMD)
    ours = pd.read_csv(out)
    assert len(ours) == len(published) == 33_755
    assert (ours["id"] == published["lsoa21_code"]).all()
    assert np.abs(ours["score"] - published["IMD_score"]).max() <= 0.001
    assert (ours["decile"] == published["IMD_decile"]).all()
    # one pair swaps: a published Income-rank tie the unrounded domain scores did not have (ADR 0058)
    swapped = published.loc[ours["rank"] != published["IMD_rank"], "lsoa21_code"]
    assert set(swapped) <= {"E01001608", "E01030242"}


@pytest.mark.parametrize(
    ("example", "args"),
    [("cni", ["--spec", "cni", "--id", "area"]), ("wimd", ["--spec", "wimd", "--id", "lsoa"])],
)
def test_worked_examples_of_the_presets(run_cli, example: str, args: list[str]) -> None:
    result = run_cli("index", "score", str(EXAMPLES / f"{example}_input.csv"), *args)
    assert result.code == 0, result.err
    expected = pd.read_csv(EXAMPLES / f"{example}_expected.csv", dtype={"id": str})
    pd.testing.assert_frame_equal(read(result.out), expected, rtol=1e-9)


def test_local_authority_summaries_worked_example(run_cli) -> None:
    result = run_cli(
        "index",
        "summarise",
        str(EXAMPLES / "summaries_input.csv"),
        "--id",
        "lsoa",
        "--parent",
        "la",
        "--population",
        "people",
        "--rank",
        "imd_rank",
        "--score",
        "imd_score",
        "--national-count",
        "20",
    )
    assert result.code == 0, result.err
    expected = pd.read_csv(EXAMPLES / "summaries_expected.csv", dtype={"parent": str})
    pd.testing.assert_frame_equal(read(result.out), expected, rtol=1e-9, check_dtype=False)


def test_score_defaults_ties_missing_rows_and_input_order(run_cli, tmp_path: Path) -> None:
    source = write(tmp_path, "code,a,b\nx,1,3\ny,3,1\nz,2,2\nw,,5\nv,0,0\nu,3,1\n")
    result = run_cli("index", "score", str(source), "--id", "code", "--indicator", "a", "--indicator", "b")
    assert result.code == 0, result.err
    table = read(result.out)
    assert list(table.columns) == ["id", "score", "rank", "decile"]
    assert list(table["id"]) == ["x", "y", "z", "w", "v", "u"]
    # min-max 0-100 per column (over the rows present), equal weights, mean
    a = np.array([1, 3, 2, np.nan, 0, 3]) / 3 * 100
    b = np.array([3, 1, 2, 5, 0, 1]) / 5 * 100
    np.testing.assert_allclose(table["score"], (a + b) / 2, rtol=1e-12)
    # ranks 1 = highest, ties share the smallest; w has no score and is left out (n = 5)
    # scores x 46.7, y 60, z 53.3, v 0, u 60: y and u share rank 1, the next is 3
    assert table["rank"].tolist()[:3] == [4, 1, 3] and np.isnan(table["rank"][3])
    assert table["rank"].tolist()[4:] == [5, 1]
    assert table["decile"].dropna().tolist() == [8, 2, 6, 10, 2]


def test_flags_weights_directions_and_methods(run_cli, tmp_path: Path) -> None:
    source = write(tmp_path, "code,a,b\nx,1,30\ny,2,10\nz,4,20\n")
    result = run_cli(
        "index",
        "score",
        str(source),
        "--id",
        "code",
        "--indicator",
        "a",
        "--indicator",
        "b",
        "--weight",
        "a=3",
        "--weight",
        "b=1",
        "--direction",
        "b=-1",
        "--normalise",
        "zscore",
        "--aggregate",
        "sum",
    )
    assert result.code == 0, result.err
    a = np.array([1, 2, 4.0])
    b = -np.array([30, 10, 20.0])
    z = (a - a.mean()) / a.std(ddof=1) * 3 + (b - b.mean()) / b.std(ddof=1)
    np.testing.assert_allclose(read(result.out)["score"], z, rtol=1e-12)


def test_geometric_mean_is_shifted_to_be_positive(run_cli, tmp_path: Path) -> None:
    source = write(tmp_path, "code,a,b\nx,0,10\ny,5,0\nz,10,5\n")
    result = run_cli(
        "index",
        "score",
        str(source),
        "--id",
        "code",
        "--indicator",
        "a",
        "--indicator",
        "b",
        "--aggregate",
        "geometric",
    )
    assert result.code == 0, result.err
    # min-max gives 0, 50, 100 and 100, 0, 50; shift 1 - 0 = 1
    expected = np.sqrt(np.array([1 * 101, 51 * 1, 101 * 51.0]))
    np.testing.assert_allclose(read(result.out)["score"], expected, rtol=1e-12)


def test_exp_rank_ranks_after_direction(run_cli, tmp_path: Path) -> None:
    source = write(tmp_path, "code,r\nx,1\ny,2\nz,3\nw,4\n")
    result = run_cli(
        "index",
        "score",
        str(source),
        "--id",
        "code",
        "--indicator",
        "r",
        "--direction",
        "r=-1",
        "--normalise",
        "exp-rank",
    )
    table = read(result.out)
    c = 1 - np.exp(-100 / 23)
    expected = -23 * np.log(1 - np.array([1, 0.75, 0.5, 0.25]) * c)
    np.testing.assert_allclose(table["score"], expected, rtol=1e-12)
    assert table["rank"].tolist() == [1, 2, 3, 4]


def test_draws_add_rank_intervals_that_collapse_without_uncertainty(run_cli, tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(rng.integers(0, 6, size=(40, 3)), columns=["a", "b", "c"])
    frame.insert(0, "code", [f"E{i:03d}" for i in range(40)])
    source = tmp_path / "in.csv"
    frame.to_csv(source, index=False)
    args = [
        "index",
        "score",
        str(source),
        "--id",
        "code",
        "--indicator",
        "a",
        "--indicator",
        "b",
        "--indicator",
        "c",
    ]
    fixed = read(run_cli(*args, "--draws", "50").out)
    for column in ("rank_median", "rank_lower", "rank_upper"):
        assert (fixed[column] == fixed["rank"]).all()
    varied = run_cli(*args, "--draws", "200", "--weight-uncertainty", "0.5", "--seed", "7")
    again = run_cli(*args, "--draws", "200", "--weight-uncertainty", "0.5", "--seed", "7")
    table = read(varied.out)
    assert varied.out == again.out
    assert (table["rank_lower"] <= table["rank_median"]).all()
    assert (table["rank_median"] <= table["rank_upper"]).all()
    assert (table["rank_upper"] > table["rank_lower"]).any()
    pd.testing.assert_series_equal(table["score"], fixed["score"])


def test_flags_override_the_spec(run_cli, tmp_path: Path) -> None:
    source = write(tmp_path, "code,a,b\nx,1,2\ny,2,1\nz,3,3\n")
    spec = write(
        tmp_path,
        'id = "code"\nnormalise = "rank"\naggregate = "sum"\n'
        '[[indicators]]\ncolumn = "a"\nweight = 2\n[[indicators]]\ncolumn = "b"\nweight = 1\n',
        "spec.toml",
    )
    by_spec = read(run_cli("index", "score", str(source), "--spec", str(spec)).out)
    assert by_spec["score"].tolist() == [2 * 1 + 2, 2 * 2 + 1, 2 * 3 + 3]
    flagged = read(run_cli("index", "score", str(source), "--spec", str(spec), "--weight", "a=1").out)
    assert flagged["score"].tolist() == [3, 3, 6]


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        ("code,a\nx,1\n", ["--indicator", "nope"], "in.csv, column 'nope': no such column"),
        ("code,a\nx,1\ny,lots\n", ["--indicator", "a"], "in.csv, row 2, column 'a': 'lots' is not a number"),
        (
            "code,a\nx,1\n",
            ["--indicator", "a", "--weight", "a=heavy"],
            "column 'a': --weight 'heavy' is not a number",
        ),
        (
            "code,a,b\nx,1,2\n",
            ["--indicator", "a", "--indicator", "b", "--weight", "a=1"],
            "column 'b': has no weight",
        ),
        ("code,a\nx,1\n", ["--indicator", "a", "--direction", "a=2"], "--direction must be 1 or -1"),
        (
            "code,a\nx,1\n",
            ["--indicator", "a", "--weight-uncertainty", "1.5"],
            "--weight-uncertainty must be",
        ),
        ("code,a\nx,1\n", ["--indicator", "a", "--spec", "nowhere.toml"], "no such spec file"),
    ],
)
def test_bad_score_input_is_one_line_and_exit_2(
    run_cli, tmp_path: Path, text: str, args: list[str], message: str
) -> None:
    source = write(tmp_path, text)
    result = run_cli("index", "score", str(source), "--id", "code", *args)
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_spec_errors_name_the_field(run_cli, tmp_path: Path) -> None:
    source = write(tmp_path, "code,a\nx,1\n")
    spec = write(tmp_path, '[[indicators]]\ncolumn = "a"\nweight = "heavy"\n', "bad.toml")
    result = run_cli("index", "score", str(source), "--id", "code", "--spec", str(spec))
    assert result.code == 2
    assert "bad.toml: field 'indicators[0].weight': must be a number" in result.err


def test_quadrants_median_cut_ties_and_left_behind(run_cli, tmp_path: Path) -> None:
    need = list(range(20, 0, -1))  # area i has need rank i + 1
    assets = [0, 1, 19, 18, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]
    rows = "\n".join(f"A{i:02d},{n},{a}" for i, (n, a) in enumerate(zip(need, assets, strict=True)))
    source = write(tmp_path, "code,need,assets\n" + rows + "\nGAP,,3\n")
    result = run_cli("index", "quadrant", str(source), "--id", "code", "--need", "need", "--assets", "assets")
    assert result.code == 0, result.err
    table = read(result.out)
    assert list(table.columns) == ["id", "need_rank", "assets_rank", "quadrant", "left_behind"]
    assert table["need_rank"].tolist()[:3] == [1, 2, 3]
    assert table["assets_rank"].tolist()[:4] == [20, 19, 1, 2]
    assert table["quadrant"].tolist()[:4] == ["priority", "priority", "build-on", "build-on"]
    assert table["quadrant"].iloc[19] == "thriving"
    assert table["left_behind"].tolist()[:3] == [True, True, False]
    assert table.iloc[20].isna()[1:].all()


def test_quadrant_finer_cuts_leave_a_middle(run_cli, tmp_path: Path) -> None:
    rows = "\n".join(f"A{i},{i},{i % 4}" for i in range(12))
    source = write(tmp_path, "code,need,assets\n" + rows + "\n")
    result = run_cli(
        "index",
        "quadrant",
        str(source),
        "--id",
        "code",
        "--need",
        "need",
        "--assets",
        "assets",
        "--cut",
        "tercile",
    )
    table = read(result.out)
    assert set(table["quadrant"]) <= {"priority", "build-on", "protect", "thriving", "middle"}
    assert (table["quadrant"] == "middle").any()
    ten = run_cli(
        "index",
        "quadrant",
        str(source),
        "--id",
        "code",
        "--need",
        "need",
        "--assets",
        "assets",
        "--cut",
        "decile",
    )
    assert ten.code == 0
    small = write(tmp_path, "code,need,assets\na,1,2\nb,2,1\n", "small.csv")
    failed = run_cli(
        "index",
        "quadrant",
        str(small),
        "--id",
        "code",
        "--need",
        "need",
        "--assets",
        "assets",
        "--cut",
        "tercile",
    )
    assert failed.code == 2
    assert "--cut tercile needs at least 3 rows" in failed.err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "id,la,pop,rank,score\na,L,10,0,1\n",
            "row 1, column 'rank': a national rank must be a whole number",
        ),
        ("id,la,pop,rank,score\na,L,x,1,1\n", "row 1, column 'pop': 'x' is not a number"),
        ("id,la,pop,rank,score\na,L,10,1,1\na,L,10,2,1\n", "row 2, column 'id': id 'a' appears twice"),
        ("id,la,pop,rank,score\na,L,0,1,1\n", "column 'pop': parent 'L' has no population"),
        ("id,la,pop,rank,score\na,L,10,1,\n", "row 1, column 'score': missing value"),
    ],
)
def test_bad_summarise_input(run_cli, tmp_path: Path, text: str, message: str) -> None:
    source = write(tmp_path, text)
    result = run_cli(
        "index",
        "summarise",
        str(source),
        "--id",
        "id",
        "--parent",
        "la",
        "--population",
        "pop",
        "--rank",
        "rank",
        "--score",
        "score",
        "--national-count",
        "5",
    )
    assert result.code == 2
    assert message in result.err


def test_help_documents_the_open_choices(run_cli) -> None:
    text = run_cli("index", "score", "--help").out
    for phrase in ("ties share the smallest", "imd2025", "a constant column gives 50", "--seed default 0"):
        assert phrase in " ".join(text.split())


def test_edge_cases_empty_files_and_indicators_without_values(run_cli, tmp_path: Path) -> None:
    empty = run_cli("index", "score", str(write(tmp_path, "code,a\n")), "--id", "code", "--indicator", "a")
    assert empty.code == 2 and "the file has no data rows" in empty.err
    gaps = write(tmp_path, "code,a,b\nx,,1\ny,,2\n", "gaps.csv")
    result = run_cli(
        "index", "score", str(gaps), "--id", "code", "--indicator", "a", "--indicator", "b", "--draws", "3"
    )
    assert result.code == 0 and result.err == ""
    assert read(result.out)[["score", "rank", "rank_median"]].isna().all().all()


def test_a_spec_can_impute_within_each_parent(run_cli, tmp_path: Path) -> None:
    source = write(tmp_path, "code,la,a,b\nx,L1,1,1\ny,L1,,2\nz,L2,9,3\nw,L2,7,4\n")
    spec = write(
        tmp_path,
        'id = "code"\nimpute = "group-mean"\nimpute_group = "la"\nnormalise = "none"\n'
        '[[indicators]]\ncolumn = "a"\n[[indicators]]\ncolumn = "b"\n',
        "spec.toml",
    )
    result = run_cli("index", "score", str(source), "--spec", str(spec))
    assert result.code == 0, result.err
    assert read(result.out)["score"].tolist() == [1.0, 1.5, 6.0, 5.5]  # y's a is L1's mean, 1
