"""The examples run: examples/*.py as scripts, the notebook with nbclient (issue 5)."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_example_script_runs(script: Path, tmp_path: Path) -> None:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    result = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert result.stdout.strip()


@pytest.mark.slow
def test_notebook_runs_and_draws(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    source = EXAMPLES / "scenario_planning.ipynb"
    committed = nbformat.read(source, as_version=4)
    for cell in committed.cells:  # outputs are stripped in git
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    notebook = nbformat.read(copy, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=240,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError on any cell error
    images = 0
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error"
            data = output.get("data", {})
            if "image/png" in data:
                images += 1
                (tmp_path / f"cell{index:02d}-{images}.png").write_bytes(
                    base64.b64decode(data["image/png"])
                )
    assert images >= 4  # two maps, shortages, trade-off curve
    nbformat.write(notebook, tmp_path / "executed.ipynb")
