"""The committed JSON Schemas in docs/schema/ are what the models produce now."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from koperasi_alloc.io.schema import SCHEMA_FILES, render_schemas, schemas
from koperasi_alloc.scenario import Scenario, parse_scenario
from tests.strategies import scenarios, tiny_scenario_data

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "docs" / "schema"
REGENERATE = "regenerate with: python -m koperasi_alloc.io.schema"


@pytest.mark.parametrize("file_name", sorted(SCHEMA_FILES.values()))
def test_committed_schema_is_current(file_name: str) -> None:
    committed = SCHEMA_DIR / file_name
    assert committed.is_file(), f"{committed} is missing; {REGENERATE}"
    expected = render_schemas()[file_name]
    assert committed.read_text(encoding="utf-8") == expected, f"{committed} is stale; {REGENERATE}"


def test_schemas_come_from_the_models() -> None:
    found = schemas()
    assert found["scenario"]["title"] == "Scenario"
    assert found["plan"]["title"] == "Plan"
    assert found["scenario"]["additionalProperties"] is False
    assert set(found["scenario"]["properties"]) == set(Scenario.model_fields)


def test_command_line_writes_both_files(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "koperasi_alloc.io.schema", str(tmp_path / "out")],
        check=True,
        capture_output=True,
        text=True,
    )
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(SCHEMA_FILES.values())
    assert len(result.stdout.splitlines()) == 2
    for name, text in render_schemas().items():
        assert (tmp_path / "out" / name).read_text(encoding="utf-8") == text


def test_command_line_rejects_extra_arguments() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "koperasi_alloc.io.schema", "a", "b"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "usage" in result.stderr


def validator() -> Any:
    """A validator for the committed scenario schema (skips when jsonschema is missing)."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((SCHEMA_DIR / SCHEMA_FILES["scenario"]).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def test_schema_accepts_a_saved_scenario() -> None:
    dumped = json.loads(parse_scenario(tiny_scenario_data()).model_dump_json())
    validator().validate(dumped)


def test_schema_rejects_an_unknown_field() -> None:
    data = tiny_scenario_data()
    data["officers"][0]["nik"] = "6408"
    assert not validator().is_valid(data)


@settings(max_examples=25, deadline=None)
@given(scenario=scenarios())
def test_schema_accepts_random_scenarios(scenario: Scenario) -> None:
    validator().validate(json.loads(scenario.model_dump_json()))
