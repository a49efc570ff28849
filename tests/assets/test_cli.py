"""``healthassets assets import|export|indicators`` from the command line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from healthassets.store.models import Asset
from tests.cli.conftest import Outcome

pytestmark = pytest.mark.db
GOOD = (
    "name,asset_type,dimensions,five_ways,latitude,longitude,description\n"
    "Walking group,association,lifestyle_activities,be_active;connect,53.42,-2.35,Tuesdays 10am\n"
    'Seed library,association,natural_environment,keep_learning,53.45,-2.30,"<b>Free</b> seeds"\n'
)


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    from healthassets.cli import main

    def run(*args: str) -> Outcome:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as stop:
            code = int(stop.code or 0)
        captured = capsys.readouterr()
        return Outcome(code, " ".join(captured.out.split()), " ".join(captured.err.split()))

    return run


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_import_then_export(run_cli, engine: Engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "assets.csv"
    source.write_text(GOOD)
    outcome = run_cli("assets", "import", str(source), "--database", _url(engine))
    assert outcome.code == 0, outcome.err
    assert "2 assets added" in outcome.out
    exported = run_cli("assets", "export", "--database", _url(engine), "--five-ways", "be_active")
    assert exported.code == 0, exported.err
    assert exported.out.startswith("id,source_id,name,") and exported.out.count("Walking group") == 1
    assert "Seed library" not in exported.out
    geojson = tmp_path / "out.geojson"
    written = run_cli("assets", "export", "--database", _url(engine), "-o", str(geojson))
    assert written.code == 0 and "2 assets written" in written.err
    csv = tmp_path / "out.csv"
    run_cli("assets", "export", "--database", _url(engine), "-o", str(csv))
    assert pd.read_csv(csv)["description"].tolist() == ["<b>Free</b> seeds", "Tuesdays 10am"]


def test_bad_file_exits_2_and_writes_nothing(run_cli, engine: Engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "assets.csv"
    source.write_text(GOOD + "Choir,association,singing,connect,53.4,-2.3,\n")
    outcome = run_cli("assets", "import", str(source), "--database", _url(engine))
    assert outcome.code == 2
    assert "row 3" in outcome.err and "column 'dimensions'" in outcome.err and "singing" in outcome.err
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Asset)) == 0


def test_unknown_status_and_missing_file(run_cli, engine: Engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "assets.csv"
    source.write_text(GOOD)
    assert (
        run_cli("assets", "import", str(source), "--status", "approved", "--database", _url(engine)).code == 2
    )
    missing = run_cli("assets", "import", str(tmp_path / "nope.csv"), "--database", _url(engine))
    assert missing.code == 2 and "file not found" in missing.err


def test_listed_in_help(run_cli) -> None:  # type: ignore[no-untyped-def]
    outcome = run_cli("--help")
    assert "assets" in outcome.out
    sub = run_cli("assets", "--help")
    assert all(word in sub.out for word in ("load", "import", "export", "indicators", "coverage"))


def test_coverage_rejects_unknown_areas(run_cli, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    outcome = run_cli("assets", "coverage", "E08000099", "--database", _url(engine))
    assert outcome.code == 2 and "unknown area code E08000099" in outcome.err
