"""Helpers of the browser tests: axe-core injection and its report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.0, 2.1 and 2.2 at levels A and AA
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page: Any, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's violations of the page as it is now, for the WCAG 2.2 AA tags."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} missing: run `make static` (npm ci)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    options = {"runOnly": {"type": "tag", "values": tags or WCAG_TAGS}, "resultTypes": ["violations"]}
    result: dict[str, Any] = page.evaluate("options => axe.run(document, options)", options)
    return list(result["violations"])


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One line per violation and up to three offending nodes, for a readable assertion message."""
    lines = []
    for violation in violations:
        nodes = violation.get("nodes", [])
        targets = "; ".join(" ".join(map(str, n.get("target", []))) for n in nodes[:3])
        lines.append(f"{violation['id']} ({violation.get('impact')}): {violation['help']} — {targets}")
    return "\n".join(lines)
