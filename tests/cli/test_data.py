"""``healthassets load`` / ``import`` / ``export``: exit codes, messages, reports, filters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from healthassets.store.areas import write_geography
from healthassets.store.models import ImportBatch, IndicatorValue
from tests.cli.conftest import Outcome
from tests.io.conftest import AREAS, HEADER, LINKS, row

pytestmark = pytest.mark.db

Run = Callable[..., Outcome]
GOOD = [
    row(period=p, area=a, sex=s)
    for p in ("2020/21", "2021/22")
    for a in ("E08000004", "E08000003")
    for s in ("Persons", "Male")
]


@pytest.fixture
def database(engine: Engine) -> str:
    """The URL of an empty migrated database holding a four-area geography."""
    write_geography(engine, AREAS, LINKS)
    return engine.url.render_as_string(hide_password=False)


def write(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def said(outcome: Outcome) -> str:
    """Standard output with rich's line wrapping undone."""
    return " ".join(outcome.out.split())


def stored(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(IndicatorValue)) or 0)


def test_import_valid_file(run_cli: Run, database: str, engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path / "good.csv", *GOOD)
    outcome = run_cli("import", str(path), "--database", database)
    assert outcome.code == 0, outcome.err
    assert stored(engine) == len(GOOD)
    assert f"{len(GOOD)} loaded" in said(outcome)


def test_import_invalid_file_writes_nothing(
    run_cli: Run, database: str, engine: Engine, tmp_path: Path
) -> None:
    path = write(tmp_path / "bad.csv", *GOOD, row(area="E08999999"), row(value="x", period="2019"))
    outcome = run_cli("import", str(path), "--database", database)
    assert outcome.code == 2
    lines = outcome.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in outcome.err
    assert "bad.csv" in lines[0] and f"row {len(GOOD) + 1}" in lines[0] and "unknown area code" in lines[0]
    assert stored(engine) == 0


def test_import_missing_file(run_cli: Run, database: str, tmp_path: Path) -> None:
    outcome = run_cli("import", str(tmp_path / "absent.csv"), "--database", database)
    assert outcome.code == 2 and "not found" in outcome.err and "Traceback" not in outcome.err


def test_import_missing_column(run_cli: Run, database: str, tmp_path: Path) -> None:
    path = tmp_path / "columns.csv"
    path.write_text(HEADER.replace("Area Code", "Code") + "\n" + GOOD[0] + "\n")
    outcome = run_cli("import", str(path), "--database", database)
    assert outcome.code == 2 and "Area Code" in outcome.err


def test_skip_invalid_writes_report(run_cli: Run, database: str, engine: Engine, tmp_path: Path) -> None:
    bad = [row(area="E08999999"), row(count="-3", period="2019"), GOOD[0]]
    path = write(tmp_path / "mixed.csv", *GOOD, *bad)
    report = tmp_path / "rejected.csv"
    outcome = run_cli("import", str(path), "--skip-invalid", "--report", str(report), "--database", database)
    assert outcome.code == 0, outcome.err
    assert stored(engine) == len(GOOD)
    rejected = pd.read_csv(report)
    assert list(rejected.columns) == ["file", "row", "column", "reason"]
    assert rejected["row"].tolist() == [len(GOOD) + 1, len(GOOD) + 2, len(GOOD) + 3]
    assert rejected["reason"].str.contains("unknown area code").iloc[0]
    assert rejected["reason"].str.contains("count is negative").iloc[1]
    assert rejected["reason"].str.contains("duplicate key").iloc[2]
    assert "3 rejected" in said(outcome)


def test_skip_invalid_default_report_path(run_cli: Run, database: str, tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.csv", *GOOD, row(area="E08999999"))
    outcome = run_cli("import", str(path), "--skip-invalid", "--database", database)
    assert outcome.code == 0
    assert len(pd.read_csv(tmp_path / "mixed.rejected.csv")) == 1


def test_reimport_same_source_replaces(run_cli: Run, database: str, engine: Engine, tmp_path: Path) -> None:
    first = write(tmp_path / "first.csv", *GOOD)
    second = write(tmp_path / "second.csv", *GOOD[:3])
    assert run_cli("import", str(first), "--source", "demo", "--database", database).code == 0
    assert run_cli("import", str(second), "--source", "demo", "--database", database).code == 0
    assert stored(engine) == 3
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(ImportBatch)) == 1


@pytest.fixture
def imported(run_cli: Run, database: str, tmp_path: Path) -> str:
    path = write(tmp_path / "good.csv", *GOOD)
    assert run_cli("import", str(path), "--database", database).code == 0
    return database


@pytest.mark.parametrize(
    "options, expected",
    [
        ((), len(GOOD)),
        (("--area", "E08000004"), len(GOOD) // 2),
        (("--area", "E08000004,E08000003"), len(GOOD)),
        (("--period", "2021/22"), len(GOOD) // 2),
        (("--sex", "Male"), len(GOOD) // 2),
        (("--age", "All ages"), len(GOOD)),
        (("--age", "65+ yrs"), 0),
        (("--indicator", "90001"), len(GOOD)),
        (("--indicator", "1"), 0),
        (("--parent", "E12000002"), len(GOOD)),
        (("--area", "E08000003", "--sex", "Persons", "--period", "2020/21"), 1),
    ],
)
def test_export_filters(
    run_cli: Run, imported: str, tmp_path: Path, options: tuple[str, ...], expected: int
) -> None:
    output = tmp_path / "out.csv"
    outcome = run_cli("export", *options, "-o", str(output), "--database", imported)
    assert outcome.code == 0, outcome.err
    frame = pd.read_csv(output, dtype=str, keep_default_na=False)
    assert len(frame) == expected
    assert {"Parent Code", "Area Name", "Time period Sortable", "Indicator Name"} <= set(frame.columns)


def test_export_to_stdout_round_trips(run_cli: Run, imported: str, tmp_path: Path, engine: Engine) -> None:
    outcome = run_cli("export", "--database", imported)
    assert outcome.code == 0
    path = tmp_path / "again.csv"
    path.write_text(outcome.out)
    original = pd.read_csv(tmp_path / "good.csv", dtype=str, keep_default_na=False)
    again = pd.read_csv(path, dtype=str, keep_default_na=False)
    key = ["Area Code", "Time period", "Sex"]
    original, again = (f.sort_values(key).reset_index(drop=True) for f in (original, again))
    for column in ("Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Count", "Denominator"):
        assert again[column].astype(float).tolist() == original[column].astype(float).tolist()
    assert (
        run_cli(
            "import", str(path), "--source", str((tmp_path / "good.csv").resolve()), "--database", imported
        ).code
        == 0
    )
    assert stored(engine) == len(GOOD)


def test_unknown_option_exits_2(run_cli: Run, imported: str) -> None:
    outcome = run_cli("export", "--colour", "red", "--database", imported)
    assert outcome.code == 2 and "Traceback" not in outcome.err


@pytest.mark.slow
def test_load_real_data_twice(run_cli: Run, engine: Engine, tmp_path: Path) -> None:
    """`load` prints the extract's reject totals (derived here from the raw file), writes the
    report, and a second run leaves the same rows (each source replaces its batch). The national
    asset layers are cut to three authorities (tests/national_layers.py): whole, they add minutes;
    the indices' sensitivity (tests/services/test_indices.py) is left out with --skip-sensitivity."""
    from tests.conftest import DATA
    from tests.national_layers import national_cut

    url = engine.url.render_as_string(hide_password=False)
    report = tmp_path / "rejected.csv"
    data = ["--data-dir", str(national_cut(tmp_path / "data")), "--skip-sensitivity"]
    first = run_cli("load", "--database", url, "--report", str(report), *data)
    assert first.code == 0, first.err
    count = stored(engine)
    raw = pd.read_csv(
        DATA / "fingertips" / "healthdata.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    areas = pd.read_csv(DATA / "fingertips" / "areas.csv", encoding="utf-8-sig", dtype=str)
    unknown = int((~raw["AreaCode"].isin(areas["AreaCode"])).sum())
    text = said(first)
    assert f"{len(raw):,} rows read" in text and f"{unknown:,} unknown area code" in text
    rejected = pd.read_csv(report)
    fingertips = rejected[rejected["file"].str.endswith("healthdata.csv")]
    assert fingertips["reason"].str.startswith("unknown area code").sum() == unknown
    assert f"{fingertips['row'].nunique():,} rejected" in text
    assert (
        "merged into the same asset" in text
        and "kinds mapped by a layer: gp, pharmacy, dentist, library" in text
    )
    assert "Index sensitivity" not in text
    second = run_cli("load", "--database", url, "--report", str(report), *data)
    assert second.code == 0, second.err
    assert stored(engine) == count


def test_export_without_a_database_creates_nothing(run_cli: Run, tmp_path: Path) -> None:
    missing, output = tmp_path / "missing.db", tmp_path / "out.csv"
    outcome = run_cli("export", "--database", f"sqlite:///{missing}", "-o", str(output))
    assert outcome.code == 2 and "healthassets load" in outcome.err and "Traceback" not in outcome.err
    assert not missing.exists() and not output.exists()


def test_export_from_an_unmigrated_database(run_cli: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    outcome = run_cli("export", "--database", f"sqlite:///{empty}")
    assert outcome.code == 2 and len(outcome.err.strip().splitlines()) == 1
