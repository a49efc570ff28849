"""The layer rules of docs/adr/0034-layers-and-import-rules.md, read from every module's imports.

Every ``import`` and ``from … import`` counts: at module level, inside functions and under
``TYPE_CHECKING``. Hiding an import behind ``importlib`` or ``__import__`` is itself a failure.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "healthassets"

# the pure core: arrays in, arrays out; no database, files, HTTP or services
CORE = {"stats", "benchmark", "access", "indices", "surveys", "planning", "connect"}
# domain packages: codes, vocabularies, rules; no database, services or shells
DOMAIN = {"geography", "indicators", "assets"}
SHELLS = {"web", "api", "cli", "openreferral", "app"}
# what each layer may never import (first component below ``healthassets``)
FORBIDDEN: dict[str, set[str]] = {
    **{name: {"store", "io", "services", *SHELLS} for name in CORE},
    **{name: {"store", "services", *SHELLS} for name in DOMAIN},
    "io": {"store", "services", *SHELLS},
    "store": {"io", "services", *SHELLS},
    "services": set(SHELLS),
    "web": {"store", "api", "cli", "app"},
    "api": {"store", "web", "cli", "app"},
    "cli": {"store", "web", "api"},  # `serve` starts the app factory
    "openreferral": {"web", "api", "cli", "app"},
}
# third-party packages only one layer may import
ONLY_IN = {"sqlalchemy": {"store"}, "alembic": {"store"}}
# modules still being moved into their layer (issue 9, part 6): this set only shrinks and ends empty
STILL_TO_MOVE: set[str] = set()


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield ".".join(parts), path


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


@cache
def imports_of(module: str, path: Path) -> tuple[tuple[str, int], ...]:
    """Every module ``module`` imports (``from a import b`` counts as ``a.b`` when that is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    known = {name for name, _ in modules()}
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, path, node)
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.append((candidate if candidate in known else target, node.lineno))
    return tuple(found)


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


READS_FILES = {"importlib.resources", "importlib.metadata"}


def _imported_names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module:
        return [
            f"{node.module}.{alias.name}" if node.module == "importlib" else node.module
            for alias in node.names
        ]
    return []


def _hidden_imports(module: str, path: Path) -> list[str]:
    hidden = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if True:
        for node in ast.walk(tree):
            name = ""
            if isinstance(node, ast.Name):
                name = node.id
            elif isinstance(node, ast.Attribute):
                name = node.attr
            if name in {"__import__", "import_module"}:
                hidden.append(f"{module}:{node.lineno} uses {name}")
            for target in _imported_names(node):
                # importlib.resources and importlib.metadata read files, not modules
                if target.split(".")[0] == "importlib" and target not in READS_FILES:
                    hidden.append(f"{module}:{node.lineno} imports {target}")
    return hidden


def test_no_hidden_imports() -> None:
    hidden = [
        line
        for module, path in modules()
        if module not in STILL_TO_MOVE
        for line in _hidden_imports(module, path)
    ]
    assert not hidden, "\n".join(hidden)


def _violations(module: str, path: Path) -> list[str]:
    source_layer = layer(module)
    broken: list[str] = []
    for target, line in imports_of(module, path):
        top = target.split(".")[0]
        if top in ONLY_IN and source_layer not in ONLY_IN[top]:
            broken.append(f"{module}:{line} imports {target} (only {sorted(ONLY_IN[top])} may)")
        if top == PACKAGE and layer(target) in FORBIDDEN.get(source_layer, set()):
            broken.append(f"{module}:{line} imports {target} ({source_layer} → {layer(target)})")
    return list(dict.fromkeys(broken))


def test_layers_import_only_what_they_may() -> None:
    broken = [
        line
        for module, path in modules()
        if module not in STILL_TO_MOVE
        for line in _violations(module, path)
    ]
    assert not broken, f"{len(broken)} forbidden imports:\n" + "\n".join(broken)


def test_nothing_left_to_move() -> None:
    """The list of modules still being moved into their layer only shrinks, and ends empty."""
    clean = []
    for module, path in modules():
        if module in STILL_TO_MOVE and not _violations(module, path) and not _hidden_imports(module, path):
            clean.append(module)
    assert not clean, f"these modules now keep the rules: remove them from STILL_TO_MOVE: {clean}"


def _graph() -> dict[str, set[str]]:
    known = dict(modules())
    graph: dict[str, set[str]] = {}
    for module, path in known.items():
        targets = set()
        for target, _line in imports_of(module, path):
            # importing a.b.c imports its packages too, but a package's __init__ importing its own
            # submodules is not a circle of design: count the deepest known module only
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != module and not module.startswith(target + "."):
                targets.add(target)
        graph[module] = targets
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circles() -> None:
    circles = _cycles(_graph())
    assert not circles, "import circles:\n" + "\n".join(" ↔ ".join(c) for c in circles)


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_circle_finder(graph: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert _cycles(graph) == expected


def test_the_rules_see_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "example.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import sqlalchemy\n"
        "def f():\n    from healthassets.store import database\n"
    )
    found = {name for name, _ in imports_of("healthassets.web.example", module)}
    assert {"sqlalchemy", "healthassets.store.database"} <= found
