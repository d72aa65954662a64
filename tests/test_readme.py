"""The README's Python example runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_example_runs(capsys: object) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks, "README has no Python example"
    namespace: dict[str, object] = {}
    exec(compile(blocks[0], str(README), "exec"), namespace)
    assert namespace["plan"].is_valid(namespace["scenario"])  # type: ignore[attr-defined]


@pytest.mark.slow
def test_readme_hiring_example_runs(capsys: object) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 2, "README lost its hiring example"
    namespace: dict[str, object] = {}
    exec(compile(blocks[1], str(README), "exec"), namespace)
    proposal = namespace["proposal"]
    assert proposal.hires > 0  # type: ignore[attr-defined]
