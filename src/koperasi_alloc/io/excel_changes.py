"""What a re-plan changed, row by row: the Perubahan sheet and the lines the CLI prints.

:func:`plan_changes` compares the plan in force (as written, or the baseline) with the
re-plan and gives one :class:`ChangeRow` per assignment: ``kept`` (tetap), ``moved``
(pindah: another cooperative or role), ``added`` (baru) or ``removed`` (dilepas), each with
its reason: the planner's decision where there is one (kunci, setuju, tolak, a deleted
row), else what :func:`koperasi_alloc.planning.compare` found (officer gone, no longer
eligible, over capacity, a better plan, a vacancy filled). :func:`write_changes_sheet`
writes them; :func:`change_lines` words them for a terminal; both from the catalogue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from koperasi_alloc.i18n import say
from koperasi_alloc.io.excel_sheets import (
    fit_widths,
    header_row,
    sheet_name,
    style_header,
    write_row,
)
from koperasi_alloc.io.tables.spec import Lang
from koperasi_alloc.plan import Plan, Status
from koperasi_alloc.scenario import Assignment, Scenario

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

    from koperasi_alloc.io.excel_review import PlanReview

__all__ = ["ChangeKind", "ChangeRow", "change_lines", "plan_changes", "write_changes_sheet"]

ChangeKind = Literal["kept", "moved", "added", "removed"]
_ORDER: dict[str, int] = {"moved": 0, "added": 1, "removed": 2, "kept": 3}
_KINDS: dict[str, ChangeKind] = {
    "moved": "moved",
    "role_changed": "moved",
    "placed": "added",
    "removed": "removed",
}
Triple = tuple[str, str, str]


@dataclass(frozen=True)
class ChangeRow:
    """One assignment's fate in a re-plan."""

    kind: ChangeKind
    officer_id: str
    officer_name: str | None
    from_cooperative: str | None
    from_role: str | None
    to_cooperative: str | None
    to_role: str | None
    reason: str
    """Reason code: lock, approve, unchanged, rejected, released, or a
    :data:`koperasi_alloc.planning.compare.MoveReason`."""


def plan_changes(
    before: Sequence[Assignment],
    after: Plan,
    scenario: Scenario,
    review: PlanReview | None = None,
) -> list[ChangeRow]:
    """Every assignment of ``before`` and ``after``, kept, moved, added or removed.

    Parameters
    ----------
    before
        The plan in force: the plan as written in the reviewed workbook, or the baseline.
    after
        The re-plan.
    scenario
        The scenario the re-plan was made for (locks and forbids of the review included).
    review
        The reviewed workbook, when the plan came from one: its decisions give the
        reasons of rows the planner decided.

    Returns
    -------
    list of ChangeRow
        Changes first (moved, added, removed), then the assignments kept.
    """
    from koperasi_alloc.planning.compare import compare

    decided: dict[Triple, str] = {}
    if review is not None:
        names = {"lock": "lock", "approve": "approve", "reject": "rejected"}
        decided = {
            (r.officer, r.cooperative, r.role): names[r.decision]
            for r in review.rows
            if r.decision is not None
        }
        decided.update({_triple(a): "released" for a in review.released})
    old = Plan(status=Status.FEASIBLE, assignments=_plan_assignments(before, after))
    moves = compare(old, after, scenario).moves
    officers = scenario.officer_by_id
    rows = []
    for move in moves:
        start = (move.officer_id, move.from_cooperative, move.from_role)
        kind = _KINDS[move.kind]
        reason = decided.get(start) if move.from_cooperative else None  # type: ignore[arg-type]
        rows.append(
            ChangeRow(
                kind=kind,
                officer_id=move.officer_id,
                officer_name=move.officer_name,
                from_cooperative=move.from_cooperative,
                from_role=move.from_role,
                to_cooperative=move.to_cooperative,
                to_role=move.to_role,
                reason=reason or move.reason or "improvement",
            )
        )
    kept = {_triple(a) for a in before} & {_triple(a) for a in after.assignments}
    for officer_id, cooperative, role in sorted(kept):
        officer = officers.get(officer_id)
        rows.append(
            ChangeRow(
                kind="kept",
                officer_id=officer_id,
                officer_name=officer.name if officer else None,
                from_cooperative=cooperative,
                from_role=role,
                to_cooperative=cooperative,
                to_role=role,
                reason=decided.get((officer_id, cooperative, role), "unchanged"),
            )
        )
    return sorted(rows, key=lambda r: (_ORDER[r.kind], r.officer_id))


def _triple(a: Assignment) -> Triple:
    return a.officer_id, a.cooperative_id, a.role


def _plan_assignments(before: Sequence[Assignment], after: Plan) -> list[Any]:
    """``before`` as plan assignments (their locality fields are not compared)."""
    from koperasi_alloc.plan import PlanAssignment
    from koperasi_alloc.scenario import LocalityTier

    return [
        a
        if isinstance(a, PlanAssignment)
        else PlanAssignment(
            officer_id=a.officer_id,
            cooperative_id=a.cooperative_id,
            role=a.role,
            tier=LocalityTier.RADIUS,
            distance_km=0.0,
            travel_minutes=0,
        )
        for a in before
    ]


def change_counts(rows: Sequence[ChangeRow]) -> Counter[str]:
    """How many rows of each kind."""
    return Counter(r.kind for r in rows)


def change_lines(rows: Sequence[ChangeRow], scenario: Scenario, lang: Lang) -> list[str]:
    """The changes for a terminal: one count line, then one line per change (not the
    assignments kept), with its reason."""
    counts = change_counts(rows)
    lines = [say("change.counts", lang, **{k: counts[k] for k in _ORDER})]
    for row in rows:
        if row.kind == "kept":
            continue
        lines.append("  " + _line(row, scenario, lang))
    return lines


def _label(scenario: Scenario, cooperative: str | None) -> str:
    if cooperative is None:
        return "-"
    found = scenario.cooperative_by_id.get(cooperative)
    return found.name if found is not None and found.name else cooperative


def _line(row: ChangeRow, scenario: Scenario, lang: Lang) -> str:
    officer = f"{row.officer_name} ({row.officer_id})" if row.officer_name else row.officer_id
    return say(
        f"change.line.{row.kind}",
        lang,
        officer=officer,
        source=_label(scenario, row.from_cooperative),
        target=_label(scenario, row.to_cooperative),
        from_role=row.from_role,
        to_role=row.to_role,
        reason=_reason(row.reason, lang),
    )


def _reason(code: str, lang: Lang) -> str:
    try:
        return say(f"change.reason.{code}", lang)
    except KeyError:
        return code


def write_changes_sheet(
    wb: Workbook, rows: Sequence[ChangeRow], scenario: Scenario, lang: Lang
) -> None:
    """Add Perubahan (Changes): one row per assignment kept, moved, added or removed."""
    names = ("change", "officer", "name", "from_cooperative", "from_name", "from_role",
             "to_cooperative", "to_name", "to_role", "reason")  # fmt: skip
    after = sheet_name("assignments", lang)
    index = wb.sheetnames.index(after) + 1 if after in wb.sheetnames else None
    ws = wb.create_sheet(sheet_name("changes", lang), index)
    header_row(ws, [say(f"col.changes.{n}", lang) for n in names])
    for number, row in enumerate(rows, start=2):
        values = (
            say(f"change.kind.{row.kind}", lang),
            row.officer_id,
            row.officer_name,
            row.from_cooperative,
            _label(scenario, row.from_cooperative) if row.from_cooperative else None,
            row.from_role,
            row.to_cooperative,
            _label(scenario, row.to_cooperative) if row.to_cooperative else None,
            row.to_role,
            _reason(row.reason, lang),
        )
        write_row(ws, number, values)
    style_header(ws, (), instruction_row=False)
    fit_widths(ws)
    if rows:
        ws.auto_filter.ref = ws.dimensions
