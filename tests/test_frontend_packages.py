"""Front-end packages are pinned and reviewed (docs/security/frontend-packages.md): npm's audit service
is out of reach, so every direct dependency is at one exact version in package.json, the lockfile
pins it and everything below it by integrity hash, and the review list names each at that version."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REVIEW_LIST = ROOT / "docs" / "security" / "frontend-packages.md"
EXACT = re.compile(r"^\d+\.\d+\.\d+$")


def manifest() -> dict[str, str]:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    return {**package.get("dependencies", {}), **package.get("devDependencies", {})}


def lockfile() -> dict[str, dict[str, object]]:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["lockfileVersion"] >= 2
    packages: dict[str, dict[str, object]] = lock["packages"]
    return packages


def reviewed() -> dict[str, str]:
    """The review list's table: package → version."""
    rows = {}
    for line in REVIEW_LIST.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 5 and EXACT.match(cells[1]):
            rows[cells[0]] = cells[1]
    return rows


def test_direct_dependencies_are_pinned_to_exact_versions() -> None:
    loose = {name: spec for name, spec in manifest().items() if not EXACT.match(spec)}
    assert not loose, f"pin these exactly (no ^, ~, ranges or tags): {loose}"


def test_the_lockfile_agrees_with_package_json_and_pins_every_package_by_hash() -> None:
    packages = lockfile()
    root = packages[""]
    assert {**root.get("dependencies", {}), **root.get("devDependencies", {})} == manifest()  # type: ignore[dict-item]
    for name, version in manifest().items():
        assert packages[f"node_modules/{name}"]["version"] == version, name
    unpinned = [
        path
        for path, entry in packages.items()
        if path and not str(entry.get("integrity", "")).startswith("sha512-")
    ]
    assert not unpinned, f"lockfile entries without a sha512 integrity hash: {unpinned}"


def test_every_direct_dependency_is_reviewed_at_the_lockfiles_version() -> None:
    packages = lockfile()
    locked = {name: str(packages[f"node_modules/{name}"]["version"]) for name in manifest()}
    assert reviewed() == locked, "update docs/security/frontend-packages.md (and review the change)"


def test_the_review_list_counts_the_lockfile() -> None:
    count = len([path for path in lockfile() if path])
    assert f"The lockfile holds {count} packages in all" in REVIEW_LIST.read_text(encoding="utf-8")
