"""Scenarios and plans as JSON files.

The file format is exactly the models' JSON (``Scenario.model_dump_json``), described by the
JSON Schemas in ``docs/schema/``. Saving then loading gives an equal object.

Loading is fast on the happy path: the bytes go straight to pydantic's JSON parser
(``model_validate_json``), which is what lets a national scenario of a few hundred thousand
records load in seconds. Only when that fails is the file parsed again with :mod:`json`, so
that the error can give a line and column for bad JSON and name every offending record by
its id. Every problem a file can have is raised as a
:class:`~koperasi_alloc.errors.ScenarioError` whose message starts with the file name.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from koperasi_alloc.errors import Problem, ScenarioError
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import Scenario, parse_scenario

__all__ = ["load_plan", "load_scenario", "save_plan", "save_scenario"]

PathLike = str | os.PathLike[str]


def load_scenario(path: PathLike) -> Scenario:
    """Read a scenario from a JSON file.

    Parameters
    ----------
    path
        The file, as written by :func:`save_scenario` or by hand following
        ``docs/schema/scenario.schema.json``. UTF-8 (a byte-order mark is accepted).

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioError
        When the file is missing or unreadable, is not valid JSON (the message gives line and
        column), does not hold a JSON object, or holds an invalid scenario (every problem is
        listed, each naming its record and field). The message starts with the file name.
    """
    file = Path(path)
    source = str(file)
    raw = _read_bytes(file)
    try:
        return Scenario.model_validate_json(raw)
    except ValidationError as error:
        failure = error
    kinds = {item["type"] for item in failure.errors(include_url=False)}
    if kinds == {"scenario_inconsistent"}:
        # Cross-record problems already name their records; no need to parse again.
        raise ScenarioError.from_validation_error(failure, source=source) from None
    # Parse again with json, for line and column of bad JSON and for the ids that name the
    # records in field errors.
    data = _parse_json(raw, source)
    _expect_object(data, source, "scenario")
    if "json_invalid" in kinds:
        # JSON that pydantic's parser refuses but json accepts (a byte-order mark, NaN).
        return parse_scenario(data, source=source)
    raise ScenarioError.from_validation_error(failure, data, source=source) from None


def save_scenario(scenario: Scenario, path: PathLike, *, indent: int | None = 2) -> None:
    """Write a scenario to a JSON file that :func:`load_scenario` reads back unchanged.

    Parameters
    ----------
    scenario
        The scenario to write.
    path
        The file; replaced atomically when it exists.
    indent
        Spaces per indentation level; None writes one compact line (smaller, for big
        scenarios).
    """
    _write_text(Path(path), scenario.model_dump_json(indent=indent))


def load_plan(path: PathLike) -> Plan:
    """Read a plan from a JSON file.

    Parameters
    ----------
    path
        The file, as written by :func:`save_plan` or ``Plan.to_json``.

    Returns
    -------
    Plan
        The plan.

    Raises
    ------
    ScenarioError
        When the file is missing or unreadable, is not valid JSON (the message gives line and
        column), does not hold a JSON object, or does not hold a valid plan (each problem
        names its record and field). The message starts with the file name.
    """
    file = Path(path)
    source = str(file)
    raw = _read_bytes(file)
    try:
        return Plan.model_validate_json(raw)
    except ValidationError as error:
        failure = error
    data = _parse_json(raw, source)
    _expect_object(data, source, "plan")
    if any(item["type"] == "json_invalid" for item in failure.errors(include_url=False)):
        return _validate_plan(data, source)
    raise ScenarioError.from_validation_error(failure, data, source=source) from None


def save_plan(plan: Plan, path: PathLike, *, indent: int | None = 2) -> None:
    """Write a plan to a JSON file that :func:`load_plan` reads back unchanged.

    Parameters
    ----------
    plan
        The plan to write.
    path
        The file; replaced atomically when it exists.
    indent
        Spaces per indentation level; None writes one compact line.
    """
    _write_text(Path(path), plan.model_dump_json(indent=indent))


# --- helpers ----------------------------------------------------------------------------------


def _fail(source: str, record: str, field: str, message: str) -> ScenarioError:
    return ScenarioError([Problem(record, field, message)], source=source)


def _read_bytes(file: Path) -> bytes:
    source = str(file)
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise _fail(source, "file", "", "no such file") from None
    except IsADirectoryError:
        raise _fail(source, "file", "", "is a directory, not a file") from None
    except PermissionError:
        raise _fail(source, "file", "", "permission denied") from None
    except OSError as error:
        raise _fail(source, "file", "", f"cannot be read: {error.strerror or error}") from None
    except ValueError as error:  # e.g. a NUL character in the name
        raise _fail(source, "file", "", f"not a valid file name: {error}") from None


def _parse_json(raw: bytes, source: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise _fail(source, "file", where, f"invalid JSON: {error.msg}") from None
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text ({error.reason} at byte {error.start})"
        raise _fail(source, "file", "", message) from None
    except RecursionError:
        raise _fail(source, "file", "", "JSON nested too deeply") from None


_JSON_TYPE_NAMES = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true or false",
    type(None): "null",
}


def _expect_object(data: Any, source: str, what: str) -> None:
    if not isinstance(data, dict):
        found = _JSON_TYPE_NAMES.get(type(data), type(data).__name__)
        raise _fail(source, what, "", f"the file must hold a JSON object, not {found}")


def _validate_plan(data: dict[str, Any], source: str) -> Plan:
    try:
        return Plan.model_validate(data)
    except ValidationError as error:
        raise ScenarioError.from_validation_error(error, data, source=source) from None


def _write_text(file: Path, text: str) -> None:
    """Write ``text`` to ``file`` through a temporary file, so a crash never leaves half."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed afterwards
        "w", encoding="utf-8", dir=file.parent, prefix=f".{file.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
            handle.write("\n")
        os.replace(handle.name, file)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
