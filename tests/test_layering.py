"""The package's layers, lowest first, and no import from a lower layer into a higher one.

scenario -> candidates -> model -> solver -> check/explain -> planning/io (the data flow of
docs/concepts/architecture.md). Imports inside ``if TYPE_CHECKING:`` are types only and do
not count; imports inside functions (lazy imports) count like any other.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "koperasi_alloc"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "shapes", "field_messages", "_callable", "arrays", "geometry", "i18n", "wilayah"),
    ("scenario",),
    ("plan", "figures"),
    ("synth", "candidates"),
    ("model", "decompose"),
    ("flow",),
    ("solver",),
    ("check", "explain"),
    ("planning", "io", "summary", "plots", "_map_draw", "_choropleth", "maps", "map_words"),
    ("cli", "cli_apps", "web", "__init__", "__main__"),
)
"""Top-level modules and subpackages of koperasi_alloc by layer, lowest first. A module may
import its own layer and the layers below."""

ALLOWED_UPWARD: dict[tuple[str, str], str] = {
    ("plan", "check"): "Plan.is_valid and Plan.violations call the checker lazily, on demand",
    ("solver", "explain"): "an INFEASIBLE plan carries its conflicting rules, found by "
    "explain.conflicts (CP-SAT assumptions)",
    ("explain", "io"): "explain.cli, the explain command, reads scenario and plan files",
}
"""Upward imports kept on purpose, each with its reason."""

RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _part(module: str) -> str | None:
    """The top-level part of ``koperasi_alloc`` that ``module`` belongs to."""
    pieces = module.split(".")
    if pieces[0] != PACKAGE:
        return None
    return pieces[1] if len(pieces) > 1 else "__init__"


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and node.lineno in skip:
            continue
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == PACKAGE:
                # "from koperasi_alloc import flow": the submodule (or a name of __init__)
                found.extend((node.lineno, f"{PACKAGE}.{a.name}") for a in node.names)
            else:
                found.append((node.lineno, node.module))
    return found


def _modules() -> list[Path]:
    return sorted((SRC / PACKAGE).rglob("*.py"))


def upward_imports() -> list[str]:
    """Every import of a higher layer, as ``path:line part -> part``."""
    problems = []
    for path in _modules():
        relative = path.relative_to(SRC).with_suffix("")
        own = _part(".".join(relative.parts))
        assert own in RANK, f"{path}: put {own!r} in a layer of tests/test_layering.py"
        for line, module in _imports(path):
            other = _part(module)
            if other is None or other not in RANK:
                continue
            if RANK[other] > RANK[own] and (own, other) not in ALLOWED_UPWARD:
                problems.append(f"{relative}.py:{line} {own} -> {other}")
    return problems


def test_no_layer_imports_a_higher_one() -> None:
    assert upward_imports() == []


def test_the_layering_test_sees_an_upward_import(tmp_path: Path) -> None:
    # the scenario layer once imported koperasi_alloc.planning.edits inside its methods
    source = "def edit():\n    from koperasi_alloc.planning import edits\n    return edits\n"
    path = tmp_path / "scenario_edit.py"
    path.write_text(source, encoding="utf-8")
    assert [m for _, m in _imports(path)] == ["koperasi_alloc.planning"]
    assert RANK["planning"] > RANK["scenario"]


def test_type_only_imports_do_not_count(tmp_path: Path) -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from koperasi_alloc.solver import Progress\n"
    )
    path = tmp_path / "typed.py"
    path.write_text(source, encoding="utf-8")
    assert [m for _, m in _imports(path)] == ["typing"]


@pytest.mark.parametrize("part", sorted(RANK))
def test_every_layer_name_exists(part: str) -> None:
    if part in ("__init__", "__main__"):
        return
    assert (SRC / PACKAGE / part).is_dir() or (SRC / PACKAGE / f"{part}.py").is_file(), part


# --- no import circle inside a package ------------------------------------------------------

CIRCLE_FREE = ("solver", "planning", "io")
"""Packages in which no module may import, directly or through others of the package, a
module that imports it back (lazy imports count, type-only ones do not)."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _internal_edges(package: str) -> dict[str, set[str]]:
    """Each module of ``koperasi_alloc.<package>`` and the modules of it that it imports:
    ``from koperasi_alloc.solver import budget`` imports the submodule ``budget``; a name
    that is no submodule imports the package's ``__init__``."""
    root = SRC / PACKAGE / package
    paths = sorted(root.rglob("*.py"))
    names = {_module_name(p) for p in paths}
    edges: dict[str, set[str]] = {}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_lines(tree)
        own = _module_name(path)
        found: set[str] = set()
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)) or node.lineno in skip:
                continue
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name in names)
            elif node.module and node.level == 0 and node.module in names:
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    found.add(sub if sub in names else node.module)
        edges[own] = found - {own}
    return edges


def import_circles(package: str) -> list[list[str]]:
    """The import circles among ``package``'s modules (strongly connected components of
    more than one module), each as its sorted module names."""
    edges = _internal_edges(package)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return circles


@pytest.mark.parametrize("package", CIRCLE_FREE)
def test_no_import_circle_inside_a_package(package: str) -> None:
    assert import_circles(package) == []


def test_the_circle_test_sees_a_circle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / PACKAGE / "ring"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text(f"from {PACKAGE}.ring import b\n", encoding="utf-8")
    (package / "b.py").write_text(
        f"def f():\n    from {PACKAGE}.ring.a import x\n", encoding="utf-8"
    )
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path)
    assert import_circles("ring") == [[f"{PACKAGE}.ring.a", f"{PACKAGE}.ring.b"]]
