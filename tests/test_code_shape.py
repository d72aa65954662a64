"""Code shape: no function over 80 lines and no module over 600 lines in src/koperasi_alloc,
unless its docstring says why ("Long because ...").

A function (or method) is measured from its ``def`` line (decorators excluded) to its last
line; a module by its number of lines. The written reason goes in the docstring of the
function or module itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "koperasi_alloc"
MAX_FUNCTION_LINES = 80
MAX_MODULE_LINES = 600
REASON = "Long because"


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _has_reason(node: ast.AST) -> bool:
    assert isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef)
    docstring = ast.get_docstring(node)
    return docstring is not None and REASON in docstring


def shape_offences(path: Path, package: Path = PACKAGE) -> list[str]:
    """Each function over MAX_FUNCTION_LINES and the module if over MAX_MODULE_LINES, when
    its docstring gives no reason, as 'path:line name (n lines)' (path from the parent of
    ``package``)."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    relative = path.relative_to(package.parent).as_posix()
    offences: list[str] = []
    n_lines = len(source.splitlines())
    if n_lines > MAX_MODULE_LINES and not _has_reason(tree):
        offences.append(f"{relative}: module ({n_lines} lines > {MAX_MODULE_LINES})")
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        assert node.end_lineno is not None
        length = node.end_lineno - node.lineno + 1
        if length > MAX_FUNCTION_LINES and not _has_reason(node):
            offences.append(
                f"{relative}:{node.lineno} {node.name} ({length} lines > {MAX_FUNCTION_LINES})"
            )
    return offences


def test_the_package_is_found() -> None:
    modules = _modules()
    assert len(modules) > 20
    assert PACKAGE / "__init__.py" in modules


def test_no_long_function_or_module_without_a_written_reason() -> None:
    offences = [offence for path in _modules() for offence in shape_offences(path)]
    assert not offences, "too long, and no 'Long because' in the docstring:\n" + "\n".join(offences)


def _function(name: str, body_lines: int, docstring: str | None = None) -> str:
    lines = [f"def {name}() -> None:"]
    if docstring is not None:
        lines.append(f'    """{docstring}"""')
    lines += ["    x = 1"] * (body_lines - len(lines))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (_function("short", 80), []),
        (_function("long", 81), ["long (81 lines > 80)"]),
        (_function("long", 81, "Long because it is one table of cases."), []),
        (_function("long", 81, "Long, for no reason given."), ["long (81 lines > 80)"]),
        (
            "class K:\n"
            + "".join("    " + line + "\n" for line in _function("m", 81).splitlines()),
            ["m (81 lines > 80)"],
        ),
        ("x = 1\n" * 601, ["module (601 lines > 600)"]),
        ('"""Long because it is generated."""\n' + "x = 1\n" * 600, []),
    ],
)
def test_the_check_finds_what_it_should(tmp_path: Path, source: str, expected: list[str]) -> None:
    package = tmp_path / "koperasi_alloc"
    path = package / "sample.py"
    path.parent.mkdir(parents=True)
    path.write_text(source, encoding="utf-8")
    offences = shape_offences(path, package)
    assert len(offences) == len(expected)
    for offence, want in zip(offences, expected, strict=True):
        assert offence.startswith("koperasi_alloc/sample.py")
        assert offence.endswith(want)
