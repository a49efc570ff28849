"""docs/security/asvs-l2.md cannot rot: every requirement of ASVS 4.0.3 chapters V2–V5 at levels 1
and 2 has a row, and every row names tests that exist or says honestly why it has none."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKLIST = ROOT / "docs" / "security" / "asvs-l2.md"
TEST_REFERENCE = re.compile(r"(tests/[\w/]+\.py)::(\w+)")

#: ASVS 4.0.3's level-1 and level-2 requirements of V2, V3, V4 and V5 (level-3-only ones left out)
REQUIRED = {
    *(f"2.1.{n}" for n in range(1, 13)),
    "2.2.1", "2.2.2", "2.2.3",
    "2.3.1", "2.3.2", "2.3.3",
    *(f"2.4.{n}" for n in range(1, 6)),
    *(f"2.5.{n}" for n in range(1, 8)),
    "2.6.1", "2.6.2", "2.6.3",
    *(f"2.7.{n}" for n in range(1, 7)),
    *(f"2.8.{n}" for n in range(1, 7)),
    "2.9.1", "2.9.2", "2.9.3",
    *(f"2.10.{n}" for n in range(1, 5)),
    "3.1.1", "3.2.1", "3.2.2", "3.2.3", "3.2.4",
    "3.3.1", "3.3.2", "3.3.3", "3.3.4",
    *(f"3.4.{n}" for n in range(1, 6)),
    "3.5.1", "3.5.2", "3.5.3", "3.7.1",
    "4.1.1", "4.1.2", "4.1.3", "4.1.5", "4.2.1", "4.2.2", "4.3.1", "4.3.2", "4.3.3",
    *(f"5.1.{n}" for n in range(1, 6)),
    *(f"5.2.{n}" for n in range(1, 9)),
    *(f"5.3.{n}" for n in range(1, 11)),
    "5.4.1", "5.4.2", "5.4.3",
    *(f"5.5.{n}" for n in range(1, 5)),
}  # fmt: skip


def rows() -> dict[str, tuple[str, str]]:
    """Requirement id → (how we meet it, held by)."""
    found: dict[str, tuple[str, str]] = {}
    for line in CHECKLIST.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and re.fullmatch(r"\d+\.\d+\.\d+", cells[0]):
            assert cells[0] not in found, f"{cells[0]} is listed twice"
            found[cells[0]] = (cells[2], cells[3])
    return found


@cache
def functions_in(path: str) -> frozenset[str]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return frozenset(
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")
    )


def test_every_level_two_requirement_has_a_row() -> None:
    listed = set(rows())
    assert not REQUIRED - listed, f"missing: {sorted(REQUIRED - listed)}"
    assert not listed - REQUIRED, f"not an ASVS 4.0.3 L1/L2 requirement of V2–V5: {sorted(listed - REQUIRED)}"


def test_every_row_names_its_tests_or_says_why_it_has_none() -> None:
    for requirement, (how, held_by) in rows().items():
        references = TEST_REFERENCE.findall(held_by)
        honest = held_by in ("not met", "not applicable")
        assert references or honest, (
            f"{requirement}: name the test that holds it, or say 'not met'/'not applicable'"
        )
        if held_by == "not met":
            assert "not met" in how, f"{requirement}: say why it is not met"
        if held_by == "not applicable":
            assert how.startswith("not applicable:"), f"{requirement}: say why it does not apply"


def test_every_test_the_checklist_names_exists() -> None:
    missing = [
        f"{requirement}: {path}::{name}"
        for requirement, (_how, held_by) in rows().items()
        for path, name in TEST_REFERENCE.findall(held_by)
        if not (ROOT / path).is_file() or name not in functions_in(path)
    ]
    assert not missing, f"the checklist names tests that do not exist: {missing}"


def test_the_reference_pattern_finds_what_it_should() -> None:
    found = TEST_REFERENCE.findall("a · tests/web/test_x.py::test_y · tests/z.py::test_w")
    assert found == [("tests/web/test_x.py", "test_y"), ("tests/z.py", "test_w")]
