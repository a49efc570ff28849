"""`make security` (scripts/security_check.py): what fails, what an accepted finding needs, and that an
unreachable PyPI or a package pip-audit could not look up never passes silently."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("security_check", ROOT / "scripts" / "security_check.py")
assert _spec and _spec.loader
check = importlib.util.module_from_spec(_spec)
sys.modules["security_check"] = check  # its dataclasses look their module up
_spec.loader.exec_module(check)

NOTHING = check.Accepted(frozenset(), frozenset(), frozenset())


def bandit_result(test_id: str, severity: str, file: str = "src/healthassets/x.py") -> dict[str, Any]:
    return {
        "test_id": test_id,
        "issue_severity": severity,
        "filename": file,
        "line_number": 3,
        "issue_text": "something risky",
    }


def test_high_bandit_findings_fail_unless_accepted_for_that_file() -> None:
    report = {"results": [bandit_result("B324", "HIGH"), bandit_result("B608", "MEDIUM")]}
    assert check.bandit_failures(report, NOTHING) == ["src/healthassets/x.py:3: B324 something risky"]
    accepted = check.Accepted(frozenset({("B324", "src/healthassets/x.py")}), frozenset(), frozenset())
    assert check.bandit_failures(report, accepted) == []
    elsewhere = check.Accepted(frozenset({("B324", "src/healthassets/y.py")}), frozenset(), frozenset())
    assert len(check.bandit_failures(report, elsewhere)) == 1


def test_an_accepted_finding_needs_a_reason(tmp_path: Path) -> None:
    listed = tmp_path / "accepted.toml"
    listed.write_text('[[vulnerability]]\npackage = "jinja2"\nid = "GHSA-1"\nreason = " "\n')
    with pytest.raises(SystemExit, match="no reason"):
        check.read_accepted(listed)
    listed.write_text('[[vulnerability]]\npackage = "Jinja2"\nid = "GHSA-1"\nreason = "not reachable"\n')
    assert check.read_accepted(listed).vulnerabilities == {("jinja2", "GHSA-1")}


def test_the_checked_in_list_reads_and_every_entry_has_a_reason() -> None:
    accepted = check.read_accepted()
    assert all(version for _, version in accepted.unaudited)


def skipped(name: str, version: str) -> dict[str, Any]:
    return {
        "name": name,
        "skip_reason": f"Dependency not found on PyPI and could not be audited: {name} ({version})",
    }


def page(latest: str, *vulnerability_ids: str) -> dict[str, Any]:
    return {
        "info": {"version": latest},
        "vulnerabilities": [{"id": v, "fixed_in": ["9.9"], "withdrawn": None} for v in vulnerability_ids],
    }


def test_every_vulnerability_pip_audit_finds_fails_unless_accepted() -> None:
    report = {
        "dependencies": [
            {"name": "Jinja2", "version": "3.1.2", "vulns": [{"id": "GHSA-h5c8", "fix_versions": ["3.1.3"]}]}
        ]
    }
    outcome = check.audit(report, lambda name: pytest.fail("no lookup needed"))
    assert check.audit_failures(outcome, NOTHING) == ["jinja2 3.1.2: GHSA-h5c8 (fixed in 3.1.3)"]
    accepted = check.Accepted(frozenset(), frozenset({("jinja2", "GHSA-h5c8")}), frozenset())
    assert check.audit_failures(outcome, accepted) == []


def test_packages_pip_audit_could_not_look_up_are_audited_from_their_project_page() -> None:
    report = {
        "dependencies": [skipped("idna", "3.10"), skipped("numpy", "2.4.6"), skipped("urllib3", "2.8.0")]
    }
    pages = {"idna": page("3.10"), "numpy": page("2.5.5"), "urllib3": page("2.8.0", "GHSA-urllib")}
    outcome = check.audit(report, pages.get)
    assert outcome.audited == 2
    assert outcome.vulnerabilities == [("urllib3", "2.8.0", "GHSA-urllib", "9.9")]
    assert outcome.unaudited == [("numpy", "2.4.6", "2.5.5")]
    # a package behind its latest release is a warning, not a failure (a new upstream release must not
    # fail a build that changed nothing); urllib3's vulnerability fails
    assert check.audit_failures(outcome, NOTHING) == ["urllib3 2.8.0: GHSA-urllib (fixed in 9.9)"]
    (warning,) = check.audit_warnings(outcome, NOTHING)
    assert warning.startswith("numpy 2.4.6: could not be audited here (PyPI's latest release is 2.5.5)")
    held_back = check.Accepted(frozenset(), frozenset(), frozenset({("numpy", "2.4.6")}))
    assert check.audit_warnings(outcome, held_back) == []


def test_an_unreachable_pypi_is_an_error_never_a_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    import urllib.error

    def refused(*_args: object, **_kwargs: object) -> object:
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(check.urllib.request, "urlopen", refused)
    with pytest.raises(check.Unreachable, match="could not be reached"):
        check.audit({"dependencies": [skipped("idna", "3.10")]}, check.project_page)


def test_main_fails_loudly_when_pypi_is_unreachable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(check, "run_bandit", lambda python: {"results": [], "metrics": {}})

    def unreachable(python: str) -> dict[str, Any]:
        raise check.Unreachable("ConnectionError: pypi.org")

    monkeypatch.setattr(check, "run_pip_audit", unreachable)
    assert check.main() == 2
    assert "unreachable" in capsys.readouterr().err
