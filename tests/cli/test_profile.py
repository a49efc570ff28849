"""``healthassets profile``: the terminal table a JSNA lead would read."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

pytestmark = pytest.mark.db


def url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_oldham_profile(run_cli, loaded_engine: Engine) -> None:
    result = run_cli("profile", "--database", url(loaded_engine), "E08000004")
    assert result.code == 0, result.err
    out = result.out
    assert "Oldham (E08000004" in out and "England and North West Region" in out
    for heading in (
        "Wider determinants and community",
        "Healthy behaviours",
        "Health and wellbeing outcomes",
    ):
        assert heading in out
    assert "Children in absolute" in out and "Better" in out and "Worse" in out


def test_profile_by_name_and_all_indicators(run_cli, loaded_engine: Engine) -> None:
    result = run_cli("profile", "--database", url(loaded_engine), "--profile", "all", "Manchester")
    assert result.code == 0 and "Manchester (E08000003" in result.out


@pytest.mark.parametrize("area", ["E99999999", "Atlantis"])
def test_unknown_area(run_cli, loaded_engine: Engine, area: str) -> None:
    result = run_cli("profile", "--database", url(loaded_engine), area)
    assert result.code != 0 and "no area matches" in result.err and "Traceback" not in result.err


def test_unknown_profile(run_cli, loaded_engine: Engine) -> None:
    result = run_cli("profile", "--database", url(loaded_engine), "--profile", "nope", "E08000004")
    assert result.code == 2 and "no profile 'nope'" in result.err
