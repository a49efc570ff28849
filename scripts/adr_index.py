"""Rewrite the README's index of decisions from docs/adr/ (the first line of each record).

python scripts/adr_index.py          (tests/test_readme.py fails while the index is stale)
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START, END = "<!-- adr-index -->", "<!-- /adr-index -->"


def index() -> str:
    lines = []
    for path in sorted((ROOT / "docs" / "adr").glob("[0-9][0-9][0-9][0-9]-*.md")):
        title = path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
        number, _, rest = title.partition(" — ")
        lines.append(f"- [{number}](docs/adr/{path.name}) {rest or title}")
    return "\n".join(lines)


def rewritten(text: str) -> str:
    block = f"{START}\n{index()}\n{END}"
    return re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)


if __name__ == "__main__":
    README.write_text(rewritten(README.read_text(encoding="utf-8")), encoding="utf-8")
