"""Hostile or huge input, and what the library writes: CSV cells no spreadsheet runs as a
formula (and that read back unchanged), input limits with a clear message, output files
with the usual permissions, progress as plain lines when not on a terminal."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from koperasi_alloc.errors import ScenarioError
from koperasi_alloc.io import InputLimits, read_scenario, write_plan, write_scenario
from koperasi_alloc.io.json_io import load_scenario_json, save_plan_json, save_scenario_json
from koperasi_alloc.io.tables.cells import FORMULA_STARTS, neutralised, restored
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.solver import solve
from tests.tiny import A1, A2, B1, coop, officer, region

HOSTILE = [
    '=HYPERLINK("http://example.invalid","x")',
    "@SUM(A1)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "\tTab",
    "\rReturn",
    "'=already escaped",
    "''two quotes",
    "'plain apostrophe",
]


def hostile_region() -> Scenario:
    officers = [officer(f"O{i}", A1, name=name) for i, name in enumerate(HOSTILE)] + [
        officer("O-neg", B1, lat=-0.5, lon=117.3, name="-0.5")
    ]
    cooperatives = [
        coop("=C1", A1, name="@cooperative", manajer=1),
        coop("C2", A2, name="+plus", keuangan=1),
    ]
    return region(officers, cooperatives)


@pytest.mark.parametrize("text", [*HOSTILE, "-0.5", "", "plain", "'", "''"])
def test_neutralised_cells_read_back_unchanged(text: str) -> None:
    written = neutralised(text)
    assert restored(written) == text
    if text and not _number(text):
        assert not written.startswith(FORMULA_STARTS)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_csv_folder_is_safe_in_a_spreadsheet_and_reads_back_equal(tmp_path: Path) -> None:
    scenario = hostile_region()
    folder = tmp_path / "region"
    write_scenario(scenario, folder, lang="en")
    for file in folder.glob("*.csv"):
        with file.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert not cell.startswith(FORMULA_STARTS) or _number(cell), (file, cell)
    assert read_scenario(folder, lang="en") == scenario


def test_plan_folder_cells_are_safe(tmp_path: Path) -> None:
    scenario = hostile_region()
    plan = solve(scenario, time_limit=10, workers=1)
    assert plan.assignments
    write_plan(plan, scenario, tmp_path / "plan")
    for name in ("assignments.csv", "vacancies.csv"):
        with (tmp_path / "plan" / name).open(encoding="utf-8", newline="") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        assert all(not c.startswith(FORMULA_STARTS) or _number(c) for c in cells)
    assert any(cell == "'=C1" for cell in cells) or name == "vacancies.csv"


# --- limits -----------------------------------------------------------------------------------


def _garbage(path: Path, officers: int) -> Path:
    records = [{"id": i, "name": [i], "employment": "X", "agency": 5} for i in range(officers)]
    path.write_text(json.dumps({"name": "g", "officers": records}), encoding="utf-8")
    return path


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = _garbage(tmp_path / "big.json", 200)
    with pytest.raises(ScenarioError, match=r"over the limit of 0 MB") as caught:
        read_scenario(path, lang="en", limits=InputLimits(max_file_mb=0.001))
    assert "max_file_mb" in str(caught.value)


def test_a_table_over_the_record_limit_is_refused(tmp_path: Path) -> None:
    path = _garbage(tmp_path / "many.json", 50)
    with pytest.raises(ScenarioError, match=r"officers: 50 records, over the limit of 10"):
        load_scenario_json(path, limits=InputLimits(max_records=10))


def test_reading_garbage_stops_after_the_problem_limit(tmp_path: Path) -> None:
    path = _garbage(tmp_path / "garbage.json", 5_000)
    with pytest.raises(ScenarioError) as caught:
        load_scenario_json(path, limits=InputLimits(max_problems=100))
    error = caught.value
    assert error.stopped_after is not None
    assert 100 <= len(error.problems) < 5_000 * 4  # a chunk's worth, not the whole file
    text = str(error)
    assert "reading stopped after" in text
    assert f"... and {len(error.problems) - ScenarioError.LISTED:,} more" in text
    assert len(text.splitlines()) == ScenarioError.LISTED + 3
    assert "catatan berikutnya belum diperiksa" in error.text("id")


def test_a_csv_folder_with_many_bad_rows_stops_at_the_problem_limit(tmp_path: Path) -> None:
    scenario = hostile_region()
    folder = tmp_path / "region"
    write_scenario(scenario, folder, lang="en")
    lines = (folder / "officers.csv").read_text(encoding="utf-8").splitlines()
    bad = [lines[1].replace("PPPK", "NOPE", 1).replace("O0", f"X{i}", 1) for i in range(500)]
    (folder / "officers.csv").write_text("\n".join([lines[0], *bad]) + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        read_scenario(folder, lang="en", limits=InputLimits(max_problems=20))
    assert caught.value.stopped_after == 20


def test_limits_are_checked_when_made() -> None:
    with pytest.raises(ValueError, match="max_records"):
        InputLimits(max_records=0)


# --- permissions ------------------------------------------------------------------------------


def _usual_mode(tmp_path: Path) -> int:
    probe = tmp_path / "probe.txt"
    probe.write_text("x", encoding="utf-8")
    return probe.stat().st_mode & 0o777


def test_written_files_have_the_usual_permissions(tmp_path: Path) -> None:
    scenario = hostile_region()
    plan = solve(scenario, time_limit=10, workers=1)
    usual = _usual_mode(tmp_path)
    save_scenario_json(scenario, tmp_path / "region.json")
    save_plan_json(plan, tmp_path / "plan.json")
    write_scenario(scenario, tmp_path / "region.xlsx")
    write_plan(plan, scenario, tmp_path / "plan.xlsx")
    write_plan(plan, scenario, tmp_path / "plan")
    files = [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "probe.txt"]
    assert len(files) >= 7
    assert {p.name: p.stat().st_mode & 0o777 for p in files} == {p.name: usual for p in files}
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


# --- progress when not on a terminal ----------------------------------------------------------


def test_progress_is_plain_lines_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    from koperasi_alloc.synth import generate

    path = tmp_path / "region.json"
    save_scenario_json(generate("kutai-timur", seed=3, scarcity=0.5), path)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    done = subprocess.run(
        [sys.executable, "-m", "koperasi_alloc.cli", "solve", str(path), "--time-limit", "4"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "\r" not in done.stderr
    progress = [line for line in done.stderr.splitlines() if line.startswith("[")]
    assert progress, done.stderr
    assert all(len(line) < 200 for line in progress)
