"""`make security` (run by `make test` before pytest): bandit over src/ and pip-audit over the installed
environment, failing on findings that docs/security/accepted-findings.toml does not accept with a reason
(docs/adr/0073-security-headers-and-checks.md).

- **bandit**: every finding of high severity fails unless accepted by (test id, file); medium and low
  ones are printed, never fail.
- **pip-audit**: PyPI's advisory data carries no severity, so *every* known vulnerability fails unless
  accepted by (package, vulnerability id). pip-audit asks PyPI for each installed release
  (``/pypi/NAME/VERSION/json``); where that page is refused (pip-audit then says "not found on PyPI"
  and, left alone, would pass having audited nothing) the project's page (``/pypi/NAME/json``) is
  read instead: its ``vulnerabilities`` are those of the latest release, so a package installed at
  its latest release is audited from it, and one behind it could not be audited: it is listed as a
  warning (not a failure: a new upstream release must not fail a build that changed nothing) unless
  accepted under ``[[unaudited]]`` by (package, version) with the reason it is held back.
- PyPI unreachable: the check fails, loudly. It is never skipped.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ACCEPTED = ROOT / "docs" / "security" / "accepted-findings.toml"
PROJECT_PAGE = "https://pypi.org/pypi/{name}/json"
NOT_ON_PYPI = "not found on PyPI"


class Unreachable(Exception):
    """PyPI's vulnerability service could not be asked."""


@dataclass(frozen=True)
class Accepted:
    bandit: frozenset[tuple[str, str]]
    vulnerabilities: frozenset[tuple[str, str]]
    unaudited: frozenset[tuple[str, str]]


def normalised(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def read_accepted(path: Path = ACCEPTED) -> Accepted:
    """The accepted findings; every entry must give its reason."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for section in ("bandit", "vulnerability", "unaudited"):
        for entry in data.get(section, []):
            if not str(entry.get("reason", "")).strip():
                raise SystemExit(f"{path}: an accepted [[{section}]] entry has no reason: {entry}")
    return Accepted(
        bandit=frozenset((e["test_id"], e["file"]) for e in data.get("bandit", [])),
        vulnerabilities=frozenset((normalised(e["package"]), e["id"]) for e in data.get("vulnerability", [])),
        unaudited=frozenset((normalised(e["package"]), e["version"]) for e in data.get("unaudited", [])),
    )


def bandit_failures(report: dict[str, Any], accepted: Accepted) -> list[str]:
    """High-severity bandit findings not accepted, one line each."""
    failures = []
    for result in report.get("results", []):
        if result.get("issue_severity") != "HIGH":
            continue
        file = Path(result["filename"]).as_posix()
        if (result["test_id"], file) in accepted.bandit:
            continue
        failures.append(f"{file}:{result['line_number']}: {result['test_id']} {result['issue_text']}")
    return failures


def run_bandit(python: str) -> dict[str, Any]:
    done = subprocess.run(
        [python, "-m", "bandit", "-r", "src", "-f", "json", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1) or not done.stdout.strip():
        raise SystemExit(f"bandit did not run: {done.stderr.strip()}")
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def run_pip_audit(python: str) -> dict[str, Any]:
    done = subprocess.run(
        [python, "-m", "pip_audit", "--skip-editable", "--progress-spinner", "off", "-f", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if not done.stdout.strip():
        raise Unreachable(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "no output")
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def project_page(name: str) -> dict[str, Any] | None:
    """PyPI's page of a project, None when PyPI does not know it; Unreachable when PyPI cannot be asked."""
    try:
        with urllib.request.urlopen(PROJECT_PAGE.format(name=name), timeout=30) as response:
            page: dict[str, Any] = json.load(response)
            return page
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise Unreachable(f"PyPI answered {error.code} for {name}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise Unreachable(f"PyPI could not be reached ({error})") from error


@dataclass
class AuditOutcome:
    audited: int
    #: (package, version, vulnerability id, fixed in)
    vulnerabilities: list[tuple[str, str, str, str]]
    #: (package, installed version, latest release) — not auditable here
    unaudited: list[tuple[str, str, str]]


def audit(report: dict[str, Any], page_of: Callable[[str], dict[str, Any] | None]) -> AuditOutcome:
    """pip-audit's report, with the dependencies it could not look up audited from their project page."""
    outcome = AuditOutcome(0, [], [])
    skipped = []
    for dependency in report.get("dependencies", []):
        name = normalised(dependency["name"])
        if "skip_reason" in dependency:
            if NOT_ON_PYPI in dependency["skip_reason"]:
                version = dependency["skip_reason"].rsplit("(", 1)[-1].rstrip(")")
                skipped.append((name, dependency.get("version") or version))
            continue
        outcome.audited += 1
        for vulnerability in dependency.get("vulns", []):
            fixed = ", ".join(vulnerability.get("fix_versions", []))
            outcome.vulnerabilities.append((name, dependency["version"], vulnerability["id"], fixed))
    with ThreadPoolExecutor(8) as pool:
        pages = list(pool.map(lambda item: page_of(item[0]), skipped))
    for (name, version), page in zip(skipped, pages, strict=True):
        latest = page["info"]["version"] if page else "unknown"
        if page is None or latest != version:
            outcome.unaudited.append((name, version, latest))
            continue
        outcome.audited += 1
        for vulnerability in page.get("vulnerabilities", []):
            if vulnerability.get("withdrawn"):
                continue
            fixed = ", ".join(vulnerability.get("fixed_in", []))
            outcome.vulnerabilities.append((name, version, vulnerability["id"], fixed))
    return outcome


def audit_failures(outcome: AuditOutcome, accepted: Accepted) -> list[str]:
    failures = [
        f"{name} {version}: {vid} (fixed in {fixed or 'no release yet'})"
        for name, version, vid, fixed in outcome.vulnerabilities
        if (name, vid) not in accepted.vulnerabilities
    ]
    return failures


def audit_warnings(outcome: AuditOutcome, accepted: Accepted) -> list[str]:
    """The packages that could not be audited here and are not accepted as held back."""
    return [
        f"{name} {version}: could not be audited here (PyPI's latest release is {latest}): "
        f"upgrade it (pip install -U {name}) or accept it under [[unaudited]]"
        for name, version, latest in outcome.unaudited
        if (name, version) not in accepted.unaudited
    ]


def main() -> int:
    python = sys.executable
    accepted = read_accepted()
    failed = False
    bandit = run_bandit(python)
    counts = bandit.get("metrics", {}).get("_totals", {})
    print(
        "bandit: {} high, {} medium, {} low findings".format(
            counts.get("SEVERITY.HIGH", 0), counts.get("SEVERITY.MEDIUM", 0), counts.get("SEVERITY.LOW", 0)
        )
    )
    for line in bandit_failures(bandit, accepted):
        print(f"  NOT ACCEPTED {line}")
        failed = True
    try:
        outcome = audit(run_pip_audit(python), project_page)
    except Unreachable as error:
        print(
            "pip-audit: FAILED — PyPI's vulnerability service is unreachable, so the installed packages "
            f"were not audited ({error}). This check is never skipped: try again when PyPI answers.",
            file=sys.stderr,
        )
        return 2
    print(
        f"pip-audit: {outcome.audited} packages audited, {len(outcome.vulnerabilities)} known "
        f"vulnerabilities, {len(outcome.unaudited)} packages not auditable here"
    )
    for line in audit_failures(outcome, accepted):
        print(f"  NOT ACCEPTED {line}")
        failed = True
    for line in audit_warnings(outcome, accepted):
        print(f"  WARNING, NOT AUDITED {line}")
    if failed:
        print(f"security check FAILED: fix the findings above or accept them, with a reason, in {ACCEPTED}")
        return 1
    print("security check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
