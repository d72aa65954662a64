"""Scenarios and plans as JSON files.

The file format is exactly the models' JSON (``Scenario.model_dump_json``), described by the
JSON Schemas in ``docs/schema/``. Saving then loading gives an equal object. Choosing the
format by the path is :mod:`koperasi_alloc.io.formats`'s job (``read_scenario``,
``write_plan``, ...); this module is its JSON part.

A scenario is read with :mod:`json`, then its tables are validated a chunk of records at a
time, so that a file of garbage fails fast and within bounded memory
(:mod:`koperasi_alloc.io.limits`); an error gives a line and column for bad JSON and names
every offending record by its id. Every problem a file can have is raised as a
:class:`~koperasi_alloc.errors.ScenarioError` whose message starts with the file name.
"""

from __future__ import annotations

import functools
import json
import os
import uuid
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError

from koperasi_alloc.errors import Problem, ScenarioError, field_problem
from koperasi_alloc.io.limits import (
    DEFAULT_LIMITS,
    InputLimits,
    check_file_size,
    check_record_count,
)
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import (
    Agency,
    Assignment,
    Cooperative,
    District,
    Forbid,
    Lock,
    Officer,
    Role,
    Scenario,
    TravelTime,
    Village,
    parse_scenario,
)

__all__ = ["load_plan_json", "load_scenario_json", "save_plan_json", "save_scenario_json"]

PathLike = str | os.PathLike[str]
Lang = Literal["id", "en"]


def load_scenario_json(
    path: PathLike, *, lang: Lang = "en", limits: InputLimits = DEFAULT_LIMITS
) -> Scenario:
    """Read a scenario from a JSON file (whatever its name).

    Parameters
    ----------
    path
        The file, as written by :func:`save_scenario` or by hand following
        ``docs/schema/scenario.schema.json``. UTF-8 (a byte-order mark is accepted).
    lang
        Language of the problems reported: ``"en"`` or ``"id"``.
    limits
        The largest file, table and number of problems accepted
        (:class:`~koperasi_alloc.io.limits.InputLimits`).

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioError
        When the file is missing, unreadable or too large, is not valid JSON (the message
        gives line and column), does not hold a JSON object, or holds an invalid scenario
        (each problem names its record and field; reading stops after
        ``limits.max_problems``). The message starts with the file name.
    """
    file = Path(path)
    source = str(file)
    check_file_size(file, limits, source)
    data = _parse_json(_read_bytes(file), source)
    _expect_object(data, source, "scenario")
    return parse_scenario(_screened(data, source, lang, limits), source=source, lang=lang)


#: The scenario's tables of records, checked a chunk at a time before the whole.
_RECORDS: dict[str, type[BaseModel]] = {
    "districts": District,
    "villages": Village,
    "cooperatives": Cooperative,
    "officers": Officer,
    "roles": Role,
    "agencies": Agency,
    "locks": Lock,
    "forbids": Forbid,
    "travel": TravelTime,
    "baseline": Assignment,
}

#: Records validated at a time.
_CHUNK = 2_000


@functools.cache
def _adapter(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _screened(data: dict[str, Any], source: str, lang: Lang, limits: InputLimits) -> Any:
    """``data`` with every table's records validated, a chunk at a time.

    Clean tables come back as record objects (the scenario then checks only how they fit
    together). Once ``limits.max_problems`` problems are found, reading stops with them;
    fewer problems are left to :func:`~koperasi_alloc.scenario.parse_scenario`, which
    reports every problem of the scenario at once.
    """
    for name, value in data.items():
        if isinstance(value, list):
            check_record_count(name, len(value), limits, source)
    screened = dict(data)
    problems: list[Problem] = []
    for name, model in _RECORDS.items():
        records = data.get(name)
        if not isinstance(records, list):
            continue
        valid: list[Any] = []
        for start in range(0, len(records), _CHUNK):
            try:
                valid += _adapter(model).validate_python(records[start : start + _CHUNK])
            except ValidationError as error:
                problems += _chunk_problems(error, name, start, data)
                if len(problems) >= limits.max_problems:
                    raise ScenarioError(
                        problems, source=source, lang=lang, stopped_after=len(problems)
                    ) from None
        screened[name] = valid
    return data if problems else screened


def _chunk_problems(
    error: ValidationError, table: str, start: int, data: dict[str, Any]
) -> list[Problem]:
    """The problems of one chunk of a table, located in the whole scenario."""
    problems = []
    for item in error.errors(include_url=False):
        loc = item["loc"]
        located = {**item, "loc": (table, start + int(loc[0]), *loc[1:])}
        problems.append(field_problem(located, data))
    return problems


def save_scenario_json(scenario: Scenario, path: PathLike, *, indent: int | None = 2) -> None:
    """Write a scenario to a JSON file (whatever its name) that loads back unchanged.

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


def load_plan_json(path: PathLike) -> Plan:
    """Read a plan from a JSON file (whatever its name).

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


def save_plan_json(plan: Plan, path: PathLike, *, indent: int | None = 2) -> None:
    """Write a plan to a JSON file (whatever its name) that loads back unchanged.

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
    """Write ``text`` to ``file`` through a temporary file, so a crash never leaves half.

    The temporary file is created as any new file is (mode 0666 less the umask), so the
    result has the usual permissions, not a private temporary file's 0600.
    """
    temporary = file.parent / f".{file.name}.{uuid.uuid4().hex}.tmp"
    try:
        with temporary.open("x", encoding="utf-8") as handle:
            handle.write(text)
            handle.write("\n")
        os.replace(temporary, file)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
