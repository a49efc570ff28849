"""The README stays true: its ADR index, its environment variables and the paths its code map names."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
sys.path.insert(0, str(ROOT / "scripts"))

from adr_index import rewritten  # noqa: E402


def test_the_adr_index_lists_every_decision() -> None:
    assert rewritten(README) == README, "run: python scripts/adr_index.py"


def test_every_environment_variable_is_documented() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    used = set(re.findall(r"HEALTHASSETS_[A-Z_]+", source))
    missing = sorted(v for v in used if f"`{v}`" not in README)
    assert not missing, f"document these in the README's settings table: {missing}"


def test_the_code_map_names_real_modules() -> None:
    code_map = README[README.index("## Code map") : README.index("## Tests and benchmarks")]
    named = set(re.findall(r"`((?:[a-z_]+/)+(?:[a-z_<>*]+\.py)?)`", code_map))
    package = ROOT / "src" / "healthassets"
    missing = [
        path
        for path in sorted(named)
        if "<" not in path
        and "*" not in path
        and not (package / path).exists()
        and not (ROOT / path).exists()
    ]
    assert not missing, f"the code map names paths that do not exist: {missing}"


def test_every_command_is_in_the_command_table() -> None:
    from healthassets.cli import COMMANDS

    table = README[README.index("## Command line") : README.index("## JSON API")]
    missing = [name for name in COMMANDS if f"`healthassets {name}" not in table]
    assert not missing, f"add these commands to the README's command table: {missing}"
