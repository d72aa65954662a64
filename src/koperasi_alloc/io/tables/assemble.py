"""The records read from the tables, checked against each other and built into a scenario.

:func:`~koperasi_alloc.scenario.find_problems` names records as ``officers[3]``; here each
of its problems is mapped back to the sheet or file, row and column it came from. Problems
that only follow from another already reported are left out:

* a reference to a row that was itself reported (its key is known, the row was not loaded);
* a reference into a table that is missing altogether (its sheet, file or key column): the
  missing table is one problem, and a note says how many references were not checked
  (``67 references to roles were not checked``).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from pydantic import ValidationError

from koperasi_alloc.errors import Problem, ScenarioError
from koperasi_alloc.io.tables.messages import (
    COLLECTION_WORDS,
    Note,
    TableError,
    message,
    where,
)
from koperasi_alloc.io.tables.policy import policy_label, policy_row_of
from koperasi_alloc.io.tables.reader import Reader
from koperasi_alloc.io.tables.spec import REFERENCES, TABLE_BY_NAME
from koperasi_alloc.scenario import Policy, Scenario, find_problems

_RECORD = re.compile(r"^(\w+)\[(\d+)\]")
_COLLECTIONS = re.compile(
    r"\b(districts|villages|cooperatives|officers|roles|agencies|locks|forbids|travel"
    r"|adjacency)\[(\d+)\]"
)


def assemble(
    reader: Reader,
    name: str,
    collections: dict[str, Any],
    policy: Policy,
    source: str,
    notes: list[Note] | None = None,
) -> Scenario:
    """Check the loaded records against each other and build the scenario.

    Raises :class:`~koperasi_alloc.io.tables.messages.TableError` with every problem (and
    the reader's notes) when there is any; otherwise appends the notes to ``notes``.
    """
    fields: dict[str, Any] = {"name": name, "policy": policy, **collections}
    constructed = Scenario.model_construct(**fields)
    skipped: Counter[str] = Counter()
    for problem in find_problems(constructed):
        targets = _references(problem, constructed)
        missing = next((t for t, value in targets if t in reader.missing), None)
        if missing is not None:
            skipped[missing] += 1
            continue
        if any(value in reader.failed_keys.get(t, set()) for t, value in targets):
            continue
        reader.problems.append(_map_problem(reader, problem))
    for collection, count in skipped.items():
        word_id, _, words_en = COLLECTION_WORDS[collection]
        what = word_id if reader.lang == "id" else words_en
        text = message("skipped_refs", reader.lang, count=count, what=what)
        reader.extra_notes.append(Note(reader.missing[collection], "", text))
    if reader.problems:
        raise TableError(reader.problems, source=source, notes=reader.notes, lang=reader.lang)
    try:
        scenario = Scenario.model_validate(fields)
    except ValidationError as error:  # pragma: no cover - find_problems agrees
        raise ScenarioError.from_validation_error(error, source=source, lang=reader.lang) from None
    if notes is not None:
        notes.extend(reader.notes)
    return scenario


def _references(problem: Problem, scenario: Scenario) -> list[tuple[str, str]]:
    """(collection, key) of each reference the problem may be about.

    A problem is about a reference when it is on a field that holds keys of another
    collection and quotes (``repr``) one of the keys that field holds.
    """
    match = _RECORD.match(problem.record)
    if not match:
        return []
    collection, index, field_ = match.group(1), int(match.group(2)), problem.field
    records = getattr(scenario, collection, None) or []
    if not 0 <= index < len(records):
        return []
    record = records[index]
    candidates: list[tuple[str, Any]]
    if collection == "cooperatives" and field_.startswith("demand."):
        candidates = [("roles", field_.split(".", 1)[1])]
    elif collection == "officers" and field_ == "skills":
        candidates = [("roles", skill) for skill in record.skills]
    elif collection == "travel" and field_ == "origin":
        candidates = [("officers", record.origin), ("villages", record.origin)]
    elif (collection, field_) in REFERENCES:
        value = record[int(field_)] if collection == "adjacency" else getattr(record, field_)
        values = value if isinstance(value, list) else [value]
        candidates = [(REFERENCES[(collection, field_)], item) for item in values]
    else:
        return []
    return [
        (target, value)
        for target, value in candidates
        if isinstance(value, str) and repr(value) in problem.message
    ]


def _row_of(reader: Reader, collection: str, index: int) -> tuple[str, int | None]:
    container = reader.containers.get(collection, collection)
    rows = reader.rows.get(collection, [])
    return container, rows[index] if 0 <= index < len(rows) else None


def _map_problem(reader: Reader, problem: Problem) -> Problem:
    """``problem`` named by sheet or file, row and column header, in the reader's language."""
    lang = reader.lang
    row_word = "baris" if lang == "id" else "row"

    def replace(match: re.Match[str]) -> str:
        container, row = _row_of(reader, match.group(1), int(match.group(2)))
        return f"{container} {row_word} {row}" if row is not None else match.group(0)

    source = problem.message_id if lang == "id" and problem.message_id else problem.message
    text = _COLLECTIONS.sub(replace, source)
    if problem.record == "policy":
        row = policy_row_of(reader, problem.field.split("."))
        container = reader.containers.get("policy", "policy")
        column = policy_label(reader, "value") if row is not None else problem.field
        return Problem(where(container, row, lang), column, text)
    match = _RECORD.match(problem.record)
    if not match:
        return Problem(problem.record, problem.field, text)
    collection, index = match.group(1), int(match.group(2))
    container, row = _row_of(reader, collection, index)
    field_ = problem.field
    if collection == "cooperatives" and field_.startswith("demand."):
        role = field_.split(".", 1)[1]
        layout = reader.layouts.get(collection)
        if layout and role in layout.demand.values():
            header = "permintaan_" if lang == "id" else "demand_"
            return Problem(where(container, row, lang), header + role, text)
        field_ = "demand"
    label = reader.label(collection, field_, TABLE_BY_NAME.get(collection))
    return Problem(where(container, row, lang), label, text)
