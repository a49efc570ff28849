"""``healthassets profile``: the terminal table a JSNA lead would read."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from healthassets.indicators.profile_definitions import bundled_profiles

pytestmark = pytest.mark.db


def url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_oldham_profile(run_cli, loaded_engine: Engine) -> None:
    result = run_cli("profile", "--database", url(loaded_engine), "E08000004")
    assert result.code == 0, result.err
    out = result.out
    assert "Oldham (E08000004" in out and "England and North West Region" in out
    for domain in next(p for p in bundled_profiles() if p.slug == "health-assets").domains:
        assert domain.name in out
    needs = run_cli("profile", "--database", url(loaded_engine), "--profile", "needs", "E08000004").out
    assert "Children in absolute" in needs and "Better" in needs and "Worse" in needs


def test_a_retired_profile_is_read_as_its_successor(run_cli, loaded_engine: Engine) -> None:
    result = run_cli(
        "profile", "--database", url(loaded_engine), "--profile", "health-assets-demo", "E08000004"
    )
    assert result.code == 0 and "health-assets-demo is now health-assets" in result.err


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


def test_a_database_never_loaded_is_a_one_line_error(run_cli, tmp_path) -> None:
    """Found by hand: `healthassets profile` on a fresh checkout printed a stack trace."""
    result = run_cli("profile", "--database", f"sqlite:///{tmp_path / 'none.db'}", "E08000004")
    assert result.code == 2 and "healthassets load" in result.err and "Traceback" not in result.err
    assert not (tmp_path / "none.db").exists()


def test_domain_scores_keep_their_places_and_zero_has_no_sign(run_cli, loaded_engine: Engine) -> None:
    """Found by hand: IMD domain scores printed as 0.4 vs 0.2 and England's health score as -0.0."""
    needs = run_cli("profile", "--database", url(loaded_engine), "--profile", "needs", "E08000004").out
    assert "-0.0 " not in needs and "0.365" in needs
