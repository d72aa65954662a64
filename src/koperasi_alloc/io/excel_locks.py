"""A plan workbook's Penugasan sheet, perhaps edited by a planner, read back as locks.

Only the columns NIP, koperasi and peran are read; the others are for people. Every id is
checked against the scenario; each problem names the sheet, row and column.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from koperasi_alloc.errors import Problem, ScenarioError
from koperasi_alloc.io.excel_sheets import (
    PLAN_SHEETS,
    load_workbook,
    norm_sheet,
    sheet_rows,
    unescape_text,
)
from koperasi_alloc.io.tables.cells import as_key, is_blank
from koperasi_alloc.io.tables.messages import CellError, message, where
from koperasi_alloc.io.tables.spec import Lang
from koperasi_alloc.scenario import Lock, Scenario
from koperasi_alloc.scenario.problems import NOUN_ID

__all__ = ["read_plan_locks_xlsx"]

PathLike = str | os.PathLike[str]


_LOCK_HEADERS = {
    "officer": {"nip", "officer", "officer_id", "pegawai", "id"},
    "cooperative": {"koperasi", "cooperative", "cooperative_id", "kode_koperasi"},
    "role": {"peran", "role"},
}


def read_plan_locks_xlsx(path: PathLike, scenario: Scenario, lang: Lang = "id") -> list[Lock]:
    """Read a (possibly edited) Penugasan sheet back as locks, one per row.

    Parameters
    ----------
    path
        A workbook written by :func:`write_plan_xlsx`, perhaps edited by a planner.
    scenario
        The scenario the locks are for; ids are checked against it.
    lang
        Language of the problems reported.

    Returns
    -------
    list[Lock]
        ``Lock(officer, cooperative, role)`` per non-empty row, in sheet order (role None
        when the peran cell is empty).

    Raises
    ------
    ScenarioError
        When the sheet or a column is missing, or rows name an unknown officer,
        cooperative or role (each problem names the sheet, row and column).
    """
    source = os.fspath(path)
    wb = load_workbook(path, source, lang)
    problems: list[Problem] = []
    locks: list[Lock] = []
    try:
        names = {norm_sheet(n) for n in PLAN_SHEETS["assignments"]}
        ws = next((w for w in wb.worksheets if norm_sheet(w.title) in names), None)
        if ws is None:
            sheet = PLAN_SHEETS["assignments"][0 if lang == "id" else 1]
            problems.append(Problem(sheet, "", message("missing_sheet", lang)))
            raise ScenarioError(problems, source=source)
        rows = sheet_rows(ws)
        positions, labels = _lock_columns(rows[0][1] if rows else (), ws.title, lang, problems)
        if problems:
            raise ScenarioError(problems, source=source)
        for number, cells in rows[1:]:
            lock = _lock_row(scenario, ws.title, number, cells, positions, labels, lang, problems)
            if lock is not None:
                locks.append(lock)
    finally:
        wb.close()
    if problems:
        raise ScenarioError(problems, source=source)
    return locks


def _lock_columns(
    header: Sequence[Any], sheet: str, lang: Lang, problems: list[Problem]
) -> tuple[dict[str, int], dict[str, str]]:
    """Positions and headers of the NIP, koperasi and peran columns."""
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    for position, raw in enumerate(header):
        if is_blank(raw):
            continue
        text = unescape_text(str(raw)).strip()
        for field_, accepted in _LOCK_HEADERS.items():
            if norm_sheet(text) in accepted and field_ not in positions:
                positions[field_] = position
                labels[field_] = text
    expected = {"officer": "NIP", "cooperative": "koperasi" if lang == "id" else "cooperative"}
    for field_, label in expected.items():
        if field_ not in positions:
            problems.append(Problem(where(sheet, 1, lang), label, message("missing_column", lang)))
    return positions, labels


def _lock_row(
    scenario: Scenario,
    sheet: str,
    number: int,
    cells: Sequence[Any],
    positions: dict[str, int],
    labels: dict[str, str],
    lang: Lang,
    problems: list[Problem],
) -> Lock | None:
    """The lock of one row (None for an empty row or after reporting its problems)."""
    if all(is_blank(v) for v in cells):
        return None
    known: dict[str, dict[str, Any]] = {
        "officer": scenario.officer_by_id,
        "cooperative": scenario.cooperative_by_id,
        "role": scenario.role_by_code,
    }
    found: dict[str, str | None] = {}
    ok = True
    for field_, position in positions.items():
        value = cells[position] if position < len(cells) else None
        record = where(sheet, number, lang)
        if is_blank(value):
            found[field_] = None
            if field_ != "role":
                problems.append(Problem(record, labels[field_], message("required", lang)))
                ok = False
            continue
        if isinstance(value, str):
            value = unescape_text(value)
        try:
            key = as_key(value, labels[field_])
        except CellError as error:
            text = message(error.key, lang, **error.values)
            problems.append(Problem(record, labels[field_], text))
            ok = False
            continue
        if key not in known[field_]:
            what = NOUN_ID[field_] if lang == "id" else field_
            text = message("unknown_ref", lang, what=what, value=repr(key))
            problems.append(Problem(record, labels[field_], text))
            ok = False
        found[field_] = key
    if not ok:
        return None
    return Lock(
        officer=str(found["officer"]),
        cooperative=str(found["cooperative"]),
        role=found.get("role"),
    )
