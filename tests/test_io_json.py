"""JSON files: lossless round trips, and every way a file can be wrong ends in ScenarioError."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from koperasi_alloc.errors import ScenarioError
from koperasi_alloc.io import read_plan, read_scenario, write_plan, write_scenario
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import Scenario, parse_scenario
from tests.strategies import plans, scenarios, tiny_scenario_data

O1 = "199102022021122002"


@pytest.fixture
def tiny() -> Scenario:
    return parse_scenario(tiny_scenario_data())


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> ScenarioError:
    """The ScenarioError that loading ``path`` raises, checked to carry no raw traceback."""
    with pytest.raises(ScenarioError) as caught:
        read_scenario(path, lang="en")
    error = caught.value
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__
    assert str(error).startswith(f"{path}: ")
    assert error.source == str(path)
    return error


# --- round trips ------------------------------------------------------------------------------


def test_tiny_round_trip(tmp_path: Path, tiny: Scenario) -> None:
    path = tmp_path / "tiny.json"
    write_scenario(tiny, path)
    loaded = read_scenario(path, lang="en")
    assert loaded == tiny
    assert loaded.model_dump_json() == tiny.model_dump_json()
    assert loaded.scenario_hash() == tiny.scenario_hash()
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(tiny.model_dump_json())


def test_save_replaces_file_and_leaves_no_temporary(tmp_path: Path, tiny: Scenario) -> None:
    path = write(tmp_path / "tiny.json", "old content")
    write_scenario(tiny, str(path), indent=None)
    assert read_scenario(str(path), lang="en") == tiny
    assert path.read_text(encoding="utf-8").count("\n") == 1
    assert [p.name for p in tmp_path.iterdir()] == ["tiny.json"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scenario=scenarios())
def test_scenario_round_trip(tmp_path: Path, scenario: Scenario) -> None:
    for indent in (2, None):
        path = tmp_path / f"scenario-{indent}.json"
        write_scenario(scenario, path, indent=indent)
        loaded = read_scenario(path, lang="en")
        assert loaded == scenario
        assert loaded.model_dump_json() == scenario.model_dump_json()
        # and through the slow path that error reporting uses
        assert parse_scenario(json.loads(path.read_bytes())) == scenario


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=plans())
def test_plan_round_trip(tmp_path: Path, plan: Plan) -> None:
    path = tmp_path / "plan.json"
    write_plan(plan, None, path)
    loaded = read_plan(path, lang="en")
    assert loaded == plan
    assert loaded.model_dump_json() == plan.model_dump_json()
    assert Plan.from_json(path) == plan  # the plan's own reader agrees


def test_byte_order_mark_is_accepted(tmp_path: Path, tiny: Scenario) -> None:
    path = write(tmp_path / "bom.json", b"\xef\xbb\xbf" + tiny.model_dump_json().encode())
    assert read_scenario(path, lang="en") == tiny


def test_io_package_needs_no_optional_dependency() -> None:
    code = (
        "import sys, koperasi_alloc.io;"
        "bad = [m for m in ('pandas', 'openpyxl', 'matplotlib') if m in sys.modules];"
        "sys.exit(str(bad) if bad else 0)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- read_scenario error paths ----------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    error = load_error(tmp_path / "nope.json")
    assert error.problems[0].record == "file"
    assert "no such file" in str(error)


def test_directory_instead_of_file(tmp_path: Path) -> None:
    assert "is a directory" in str(load_error(tmp_path))


def test_bad_json_reports_line_and_column(tmp_path: Path, tiny: Scenario) -> None:
    lines = tiny.model_dump_json(indent=2).splitlines()
    # drop the comma after the scenario's name: line 2 is `"name": "tiny",`
    assert lines[1] == '  "name": "tiny",'
    lines[1] = '  "name": "tiny"'
    path = write(tmp_path / "broken.json", "\n".join(lines))
    error = load_error(path)
    (problem,) = error.problems
    assert problem.field == "line 3 column 3"
    assert "invalid JSON" in problem.message
    assert f"{path}: scenario has 1 problem:\n  - file: line 3 column 3: invalid JSON" in str(error)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("", "line 1 column 1"),
        ("{\n  'name': 1}", "line 2 column 3"),
        ("{}\n{}", "line 2 column 1"),
    ],
    ids=["empty", "single-quotes", "two-documents"],
)
def test_other_bad_json(tmp_path: Path, text: str, where: str) -> None:
    error = load_error(write(tmp_path / "bad.json", text))
    assert error.problems[0].field == where


def test_not_utf8(tmp_path: Path) -> None:
    error = load_error(write(tmp_path / "latin1.json", '{"name": "Désa"}'.encode("latin-1")))
    assert "not UTF-8" in str(error)


@pytest.mark.parametrize(
    ("text", "found"),
    [("[]", "an array"), ('"scenario"', "a string"), ("3", "a number"), ("null", "null")],
)
def test_top_level_not_an_object(tmp_path: Path, text: str, found: str) -> None:
    error = load_error(write(tmp_path / "list.json", text))
    assert str(error.problems[0]) == f"scenario: the file must hold a JSON object, not {found}"


def test_cross_record_problem_names_the_record(tmp_path: Path) -> None:
    data = tiny_scenario_data()
    data["officers"][1]["agency"] = "DINKES"
    data["cooperatives"][1]["village"] = "64.08.02.1009"
    error = load_error(write(tmp_path / "kutim.json", json.dumps(data)))
    assert [str(p) for p in error.problems] == [
        "cooperatives[1] id=KDMP-002: village: unknown village '64.08.02.1009'",
        f"officers[1] id={O1}: agency: unknown agency 'DINKES'",
    ]


def test_field_problem_names_the_record(tmp_path: Path) -> None:
    data = tiny_scenario_data()
    data["officers"][1]["education"] = "SMK"
    data["villages"][2]["lat"] = 95.0
    data["solver"] = "cp-sat"
    error = load_error(write(tmp_path / "kutim.json", json.dumps(data, indent=1)))
    rendered = {(p.record, p.field) for p in error.problems}
    assert rendered == {
        ("scenario", "solver"),
        ("villages[2] code=64.08.02.1001", "lat"),
        (f"officers[1] id={O1}", "education"),
    }
    assert f"officers[1] id={O1}: education: must be one of 'SD'" in str(error)


def test_nan_in_file_names_the_record(tmp_path: Path) -> None:
    # json accepts NaN, pydantic's JSON parser does not: the slow path must still report it.
    text = json.dumps(tiny_scenario_data()).replace('"lat": 1.06', '"lat": NaN')
    assert "NaN" in text
    error = load_error(write(tmp_path / "nan.json", text))
    where = [(p.record, p.field) for p in error.problems]
    assert where == [("villages[2] code=64.08.02.1001", "lat")]
    assert "finite number" in error.problems[0].message


def test_error_keeps_every_problem(tmp_path: Path) -> None:
    data = tiny_scenario_data()
    for officer in data["officers"]:
        officer["agency"] = "DINKES"
    error = load_error(write(tmp_path / "kutim.json", json.dumps(data)))
    assert len(error.problems) == 4
    assert "scenario has 4 problems" in str(error)


# --- read_plan error paths --------------------------------------------------------------------


def plan_error(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        read_plan(path, lang="en")
    assert caught.value.__cause__ is None
    assert str(caught.value).startswith(f"{path}: ")
    return caught.value


def test_plan_missing_file(tmp_path: Path) -> None:
    assert "no such file" in str(plan_error(tmp_path / "plan.json"))


def test_plan_bad_json(tmp_path: Path) -> None:
    error = plan_error(write(tmp_path / "plan.json", '{"status": "OPTIMAL",\n}'))
    assert error.problems[0].field == "line 2 column 1"


def test_plan_not_an_object(tmp_path: Path) -> None:
    assert "not an array" in str(plan_error(write(tmp_path / "plan.json", "[]")))


def test_plan_invalid_assignment_names_the_record(tmp_path: Path) -> None:
    assignment: dict[str, Any] = {
        "officer_id": O1,
        "cooperative_id": "KDMP-001",
        "role": "keuangan",
        "tier": "nearby",
        "distance_km": 1.5,
        "travel_minutes": 3,
    }
    data = {"status": "FEASIBLE", "assignments": [assignment]}
    error = plan_error(write(tmp_path / "plan.json", json.dumps(data)))
    assert [(p.record, p.field) for p in error.problems] == [
        (f"assignments[0] officer_id={O1}", "tier")
    ]


def test_plan_nan_objective(tmp_path: Path) -> None:
    # NaN is not JSON; a plan file holding it loads through the slow path.
    plan = read_plan(
        write(tmp_path / "plan.json", '{"status": "FEASIBLE", "objective": NaN}'), lang="en"
    )
    assert plan.objective is not None
    assert math.isnan(plan.objective)
