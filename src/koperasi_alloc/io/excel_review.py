"""A reviewed plan workbook read back: the plan it now holds, and the planner's decisions.

The planner reviews Penugasan and sends the workbook back. Its ``keputusan`` (decision)
column reads:

=============  ===========================================================================
``kunci``      lock: the officer stays at this cooperative in this role (a :class:`Lock`)
``setuju``     approve: kept where the rules allow, and reported as approved
``tolak``      reject: the officer is never placed at this cooperative (a :class:`Forbid`)
empty          free: no lock and no forbid; kept where the re-plan can, like ``setuju``
=============  ===========================================================================

Every row not rejected is the plan in force: the re-plan's baseline, whose assignments it
keeps as far as coverage allows (the stability tier), so that a review that decides a few
rows does not reshuffle the rest. ``setuju`` and an empty cell weigh the same in the
solve; ``setuju`` is named in the Perubahan sheet ("disetujui perencana").

A row of the plan as written (the hidden sheet ``x_rencana``) that is no longer in
Penugasan was deleted: the assignment is **released**, and the pair is forbidden so that
it does not come back. Other spellings are accepted (``Kunci``, ``lock``, ``approve``,
``reject``, ``ok``, ``larang``) case-insensitively, each read as one of the three and
reported as a note when it is not the sheet's own word.

Officers no longer in the scenario (they left, mutasi) are reported in one note naming
them, and their rows are skipped; an officer id that was never in the plan and is not in
the scenario is an error (a typo). A row stated twice is one row (a note says so); a lock
that the scenario's Kunci sheet already holds is one lock. Every problem names the sheet,
the row and the column, in the caller's language. Only the columns NIP, koperasi, peran
and keputusan are read; the others are for people.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from koperasi_alloc.errors import Problem, ScenarioError
from koperasi_alloc.i18n import say
from koperasi_alloc.io.excel_plan import ORIGINAL_SHEET, PLAN_DATA_SHEET
from koperasi_alloc.io.excel_sheets import (
    PLAN_SHEETS,
    load_workbook,
    norm_sheet,
    sheet_rows,
    unescape_text,
)
from koperasi_alloc.io.tables.cells import as_key, is_blank
from koperasi_alloc.io.tables.identifiers import normal_officer_id
from koperasi_alloc.io.tables.messages import CellError, Note, message, where
from koperasi_alloc.io.tables.spec import Lang
from koperasi_alloc.plan import Plan, PlanAssignment, ReplanBasis, Status, TierValue, vacancies_of
from koperasi_alloc.scenario import Assignment, Forbid, LocalityTier, Lock, Scenario
from koperasi_alloc.scenario.problems import NOUN_ID

__all__ = [
    "Decision",
    "PlanReview",
    "ReviewRow",
    "apply_review",
    "read_plan_review",
    "review_plan",
    "with_review",
]

PathLike = str | os.PathLike[str]
Decision = Literal["approve", "reject", "lock"]

_HEADERS = {
    "officer": {"nip", "officer", "officer_id", "pegawai", "id", "ni_pppk"},
    "cooperative": {"koperasi", "cooperative", "cooperative_id", "kode_koperasi"},
    "role": {"peran", "role"},
    "decision": {"keputusan", "decision"},
}
_SPELLINGS: dict[str, Decision] = {
    **dict.fromkeys(("setuju", "approve", "approved", "ok", "ya", "yes", "keep"), "approve"),
    **dict.fromkeys(("tolak", "reject", "rejected", "larang", "forbid", "no"), "reject"),
    **dict.fromkeys(("kunci", "lock", "locked", "kunci_tetap"), "lock"),
}


@dataclass(frozen=True)
class ReviewRow:
    """One row of Penugasan as read: its number, assignment and decision."""

    row: int
    officer: str
    cooperative: str
    role: str
    decision: Decision | None


@dataclass(frozen=True)
class PlanReview:
    """What a reviewed plan workbook says.

    Attributes
    ----------
    source
        The file.
    rows
        The rows of Penugasan whose officer is in the scenario, in sheet order, once each.
    original
        The plan's assignments as written (hidden sheet), None when the workbook has no
        copy (then deleted rows cannot be seen).
    plan_data
        The rest of the plan as written (status, tiers, audit ...), None without a copy.
    released
        Assignments of the plan as written that the planner deleted.
    gone
        Officers named in the workbook who are no longer in the scenario.
    notes
        What the reader did that the planner should know (in the language asked for).
    """

    source: str
    rows: list[ReviewRow]
    original: list[PlanAssignment] | None
    plan_data: dict[str, Any] | None
    released: list[Assignment]
    gone: list[str]
    notes: list[Note] = field(default_factory=list)

    @property
    def locks(self) -> list[Lock]:
        """A lock per ``kunci`` row."""
        return [
            Lock(officer=r.officer, cooperative=r.cooperative, role=r.role)
            for r in self.rows
            if r.decision == "lock"
        ]

    @property
    def forbids(self) -> list[Forbid]:
        """A forbidden pair per ``tolak`` row and per deleted row (one per pair)."""
        pairs = [(r.officer, r.cooperative) for r in self.rows if r.decision == "reject"]
        pairs += [(a.officer_id, a.cooperative_id) for a in self.released]
        return [Forbid(officer=o, cooperative=c) for o, c in dict.fromkeys(pairs)]

    @property
    def baseline(self) -> list[Assignment]:
        """The plan in force, to keep where possible: every row not rejected (``kunci``,
        ``setuju`` and undecided rows)."""
        return [
            Assignment(officer_id=r.officer, cooperative_id=r.cooperative, role=r.role)
            for r in self.kept
        ]

    @property
    def kept(self) -> list[ReviewRow]:
        """The rows of the plan the workbook now holds: every row except ``tolak``."""
        return [r for r in self.rows if r.decision != "reject"]


def read_plan_review(path: PathLike, scenario: Scenario, lang: Lang = "id") -> PlanReview:
    """Read a (reviewed) plan workbook's Penugasan sheet and its hidden copy of the plan.

    Parameters
    ----------
    path
        A workbook written by :func:`~koperasi_alloc.io.excel_plan.write_plan_xlsx`,
        perhaps edited by a planner.
    scenario
        The scenario now in force; ids are checked against it.
    lang
        Language of problems and notes.

    Returns
    -------
    PlanReview
        Rows, decisions, released assignments, officers gone and notes.

    Raises
    ------
    ScenarioError
        When the sheet or a column is missing, or rows hold an unknown cooperative, role
        or officer (one never in the plan), an unreadable decision, or a pair both locked
        and rejected; each problem names the sheet, row and column.
    """
    source = os.fspath(path)
    wb = load_workbook(path, source, lang)
    try:
        original, plan_data = _original(wb)
        reader = _Reader(scenario, lang, original)
        ws = _assignments_sheet(wb, lang, source)
        reader.read(ws.title, sheet_rows(ws))
    finally:
        wb.close()
    if reader.problems:
        raise ScenarioError(reader.problems, source=source, lang=lang)
    present = {(r.officer, r.cooperative, r.role) for r in reader.rows}
    released = [
        Assignment(officer_id=a.officer_id, cooperative_id=a.cooperative_id, role=a.role)
        for a in original or []
        if (a.officer_id, a.cooperative_id, a.role) not in present
        and a.officer_id in scenario.officer_by_id
    ]
    gone = sorted(
        reader.gone
        | {a.officer_id for a in original or [] if a.officer_id not in scenario.officer_by_id}
    )
    notes = list(reader.notes)
    if gone:
        notes.append(
            Note(source, "", say("review.gone", lang, count=len(gone), ids=", ".join(gone)))
        )
    if released:
        listed = ", ".join(f"{a.officer_id} ({a.cooperative_id})" for a in released[:10])
        more = say("review.more", lang, count=len(released) - 10) if len(released) > 10 else ""
        notes.append(Note(source, "", say("review.released", lang, count=len(released),
                                          items=listed + more)))  # fmt: skip
    if original is None:
        notes.append(Note(source, "", say("review.no_copy", lang)))
    return PlanReview(source, reader.rows, original, plan_data, released, gone, notes)


def _assignments_sheet(wb: Any, lang: Lang, source: str) -> Any:
    names = {norm_sheet(n) for n in PLAN_SHEETS["assignments"]}
    ws = next((w for w in wb.worksheets if norm_sheet(w.title) in names), None)
    if ws is None:
        sheet = PLAN_SHEETS["assignments"][0 if lang == "id" else 1]
        raise ScenarioError([Problem(sheet, "", message("missing_sheet", lang))], source=source,
                            lang=lang)  # fmt: skip
    return ws


def _original(wb: Any) -> tuple[list[PlanAssignment] | None, dict[str, Any] | None]:
    """The plan as written, from the hidden sheets (None, None when absent)."""
    if ORIGINAL_SHEET not in wb.sheetnames:
        return None, None
    rows = sheet_rows(wb[ORIGINAL_SHEET])
    original = [
        PlanAssignment(
            officer_id=str(cells[0]),
            cooperative_id=str(cells[1]),
            role=str(cells[2]),
            tier=LocalityTier(str(cells[3])),
            distance_km=float(cells[4]),
            travel_minutes=int(cells[5]),
        )
        for _, cells in rows[1:]
        if cells and not is_blank(cells[0])
    ]
    data = None
    if PLAN_DATA_SHEET in wb.sheetnames:
        chunks = [str(cells[0]) for _, cells in sheet_rows(wb[PLAN_DATA_SHEET])[1:] if cells
                  and not is_blank(cells[0])]  # fmt: skip
        data = json.loads("".join(chunks)) if chunks else None
    return original, data


class _Reader:
    """Reads Penugasan's rows against the scenario, collecting problems and notes."""

    def __init__(
        self, scenario: Scenario, lang: Lang, original: list[PlanAssignment] | None
    ) -> None:
        self.scenario = scenario
        self.lang = lang
        self.in_plan = {a.officer_id for a in original or []}
        self.problems: list[Problem] = []
        self.notes: list[Note] = []
        self.rows: list[ReviewRow] = []
        self.gone: set[str] = set()
        self.seen: dict[tuple[str, str, str], int] = {}
        self.decided: dict[tuple[str, str], tuple[Decision, int]] = {}

    def read(self, sheet: str, rows: Sequence[tuple[int, Sequence[Any]]]) -> None:
        positions, labels = self._columns(rows[0][1] if rows else (), sheet)
        if self.problems:
            return
        for number, cells in rows[1:]:
            if all(is_blank(v) for v in cells):
                continue
            found = self._row(sheet, number, cells, positions, labels)
            if found is not None:
                self._keep(sheet, found, labels)

    def _columns(self, header: Sequence[Any], sheet: str) -> tuple[dict[str, int], dict[str, str]]:
        positions: dict[str, int] = {}
        labels: dict[str, str] = {}
        for position, raw in enumerate(header):
            if is_blank(raw):
                continue
            text = unescape_text(str(raw)).strip()
            for name, accepted in _HEADERS.items():
                if norm_sheet(text) in accepted and name not in positions:
                    positions[name] = position
                    labels[name] = text
        for name in ("officer", "cooperative", "role"):
            if name not in positions:
                label = say(f"col.assignments.{name}", self.lang)
                self.problems.append(
                    Problem(where(sheet, 1, self.lang), label, message("missing_column", self.lang))
                )
        labels.setdefault("decision", say("col.assignments.decision", self.lang))
        return positions, labels

    def _cell(self, cells: Sequence[Any], positions: dict[str, int], name: str) -> Any:
        position = positions.get(name)
        if position is None or position >= len(cells):
            return None
        value = cells[position]
        return unescape_text(value) if isinstance(value, str) else value

    def _row(
        self,
        sheet: str,
        number: int,
        cells: Sequence[Any],
        positions: dict[str, int],
        labels: dict[str, str],
    ) -> ReviewRow | None:
        record = where(sheet, number, self.lang)
        values: dict[str, str] = {}
        ok = True
        for name in ("officer", "cooperative", "role"):
            value = self._cell(cells, positions, name)
            if is_blank(value):
                self.problems.append(Problem(record, labels[name], message("required", self.lang)))
                ok = False
                continue
            try:
                values[name] = as_key(value, labels[name])
            except CellError as error:
                text = message(error.key, self.lang, **error.values)
                self.problems.append(Problem(record, labels[name], text))
                ok = False
        decision = self._decision(sheet, number, self._cell(cells, positions, "decision"), labels)
        if not ok or decision == "bad":
            return None
        return self._known(sheet, number, values, decision, labels)

    def _decision(
        self, sheet: str, number: int, value: Any, labels: dict[str, str]
    ) -> Decision | Literal["bad"] | None:
        if is_blank(value):
            return None
        text = norm_sheet(str(value))
        decision = _SPELLINGS.get(text)
        if decision is None:
            choices = ", ".join(
                say(f"decision.{d}", self.lang) for d in ("approve", "reject", "lock")
            )
            self.problems.append(
                Problem(
                    where(sheet, number, self.lang),
                    labels["decision"],
                    say("review.bad_decision", self.lang, value=repr(value), choices=choices),
                )
            )
            return "bad"
        own = say(f"decision.{decision}", self.lang)
        if text != own:
            note = message("spelling", self.lang, value=repr(value), canonical=own)
            self.notes.append(Note(where(sheet, number, self.lang), labels["decision"], note))
        return decision

    def _known(
        self,
        sheet: str,
        number: int,
        values: dict[str, str],
        decision: Decision | None,
        labels: dict[str, str],
    ) -> ReviewRow | None:
        """The row when its ids are known; officers gone are remembered, typos reported."""
        record = where(sheet, number, self.lang)
        scenario = self.scenario
        officer = values["officer"]
        if officer not in scenario.officer_by_id:
            normal = normal_officer_id(officer)
            if normal != officer and normal in scenario.officer_by_id:
                note = message("spelling", self.lang, value=repr(officer), canonical=normal)
                self.notes.append(Note(record, labels["officer"], note))
                officer = normal
            elif officer in self.in_plan:
                self.gone.add(officer)
                return None
        ok = True
        for name, known in (
            ("officer", scenario.officer_by_id),
            ("cooperative", scenario.cooperative_by_id),
            ("role", scenario.role_by_code),
        ):
            value = officer if name == "officer" else values[name]
            if value not in known:
                what = NOUN_ID[name] if self.lang == "id" else name
                text = message("unknown_ref", self.lang, what=what, value=repr(value))
                self.problems.append(Problem(record, labels[name], text))
                ok = False
        if not ok:
            return None
        return ReviewRow(number, officer, values["cooperative"], values["role"], decision)

    def _keep(self, sheet: str, row: ReviewRow, labels: dict[str, str]) -> None:
        """Keep a row once; a pair both locked and rejected is a problem."""
        record = where(sheet, row.row, self.lang)
        key = (row.officer, row.cooperative, row.role)
        if key in self.seen:
            first = self.seen[key]
            earlier = next(r for r in self.rows if r.row == first).decision
            if earlier is not None and row.decision is not None and earlier != row.decision:
                text = say("review.two_decisions", self.lang, first=first)
                self.problems.append(Problem(record, labels["decision"], text))
                return
            self.notes.append(
                Note(record, labels["officer"], say("review.twice", self.lang, first=first))
            )
            merged = self._merge(first, row)
            if merged is not None:
                index = next(i for i, r in enumerate(self.rows) if r.row == first)
                self.rows[index] = merged
            return
        pair = (row.officer, row.cooperative)
        if row.decision is not None:
            decided = self.decided.get(pair)
            if decided is not None and {decided[0], row.decision} == {"lock", "reject"}:
                text = say("review.lock_and_reject", self.lang, first=decided[1])
                self.problems.append(Problem(record, labels["decision"], text))
                return
            self.decided.setdefault(pair, (row.decision, row.row))
        self.seen[key] = row.row
        self.rows.append(row)

    def _merge(self, first: int, row: ReviewRow) -> ReviewRow | None:
        """The first row with the later row's decision when only the later one has one."""
        earlier = next(r for r in self.rows if r.row == first)
        if earlier.decision is None and row.decision is not None:
            return ReviewRow(earlier.row, earlier.officer, earlier.cooperative, earlier.role,
                             row.decision)  # fmt: skip
        return None


def review_plan(review: PlanReview, scenario: Scenario) -> Plan:
    """The plan the reviewed workbook now holds, as a :class:`Plan` of ``scenario``.

    Every row of Penugasan but the rejected ones (``tolak``), officers gone left out. When
    those rows are the plan as written, that plan is returned as written (status, tiers,
    bounds and audit from the hidden copy; vacancies recomputed on ``scenario``).
    Otherwise the plan was edited: it is FEASIBLE with its tiers recomputed from the rows
    and no bounds (tier, distance and minutes of a row not in the copy are recomputed too),
    and its message says how many rows changed; :func:`koperasi_alloc.check` judges it.
    """
    from koperasi_alloc.check.locality import LocalityIndex
    from koperasi_alloc.check.objective import recompute_tiers, weighted_sum
    from koperasi_alloc.check.replan_basis import scenario_as_solved
    from koperasi_alloc.scenario import TIER_SENSE

    kept = [(r.officer, r.cooperative, r.role) for r in review.kept]
    by_triple = {(a.officer_id, a.cooperative_id, a.role): a for a in review.original or []}
    data = dict(review.plan_data or {})
    data.pop("assignments", None)
    data.pop("vacancies", None)
    unchanged = review.original is not None and set(kept) == set(by_triple) and not review.gone
    if unchanged and review.plan_data is not None:
        assignments = list(review.original or [])
        vacancies, total = vacancies_of(scenario, assignments)
        return Plan.model_validate(
            {**data, "assignments": assignments, "vacancies": vacancies, "total_slots": total}
        )
    locality = LocalityIndex(scenario)
    assignments = [by_triple.get(t) or _placed(locality, scenario, t) for t in kept]
    plan = Plan(status=Status.FEASIBLE, assignments=assignments)
    if data.get("replanned_from") is not None:
        plan = plan.model_copy(
            update={"replanned_from": ReplanBasis.model_validate(data["replanned_from"])}
        )
    solved = scenario_as_solved(scenario, plan)
    values = recompute_tiers(solved, assignments)
    names = solved.objective_tiers()
    mode = solved.policy.objective.mode
    objective = (
        float(values[names[0]])
        if mode == "lexicographic"
        else float(weighted_sum(solved.policy, values, names))
    )
    vacancies, total = vacancies_of(scenario, assignments)
    changed = len(set(kept) ^ set(by_triple))
    return plan.model_copy(
        update={
            "objective": objective,
            "objective_mode": mode,
            "tiers": [TierValue(name=n, sense=TIER_SENSE[n], value=values[n]) for n in names],
            "vacancies": vacancies,
            "total_slots": total,
            "message": say(
                "note.edited_one" if changed == 1 else "note.edited", "en", count=changed
            ),
        }
    )


def _placed(locality: Any, scenario: Scenario, triple: tuple[str, str, str]) -> PlanAssignment:
    """A row the plan as written does not have: its tier, distance and minutes computed
    (the worst tier, radius, where none holds: the checker reports the pair)."""
    officer_id, cooperative_id, role = triple
    found = locality.of(
        scenario.officer_by_id[officer_id], scenario.cooperative_by_id[cooperative_id]
    )
    return PlanAssignment(
        officer_id=officer_id,
        cooperative_id=cooperative_id,
        role=role,
        tier=found.tier or LocalityTier.RADIUS,
        distance_km=found.distance_km,
        travel_minutes=found.travel_minutes,
    )


def with_review(
    scenario: Scenario,
    locks: Sequence[Lock],
    forbids: Sequence[Forbid] = (),
    *,
    lang: Lang = "id",
    source: str | None = None,
    notes: list[Note] | None = None,
) -> Scenario:
    """``scenario`` with more locks and forbids, each pair once.

    A lock the scenario already holds (its Kunci sheet) is one lock, as is a lock given
    twice; a pair-wide lock (no role) already covers a lock of the same pair with a role.
    Each merge is reported in ``notes``. The result is validated again: a lock that breaks
    a rule (two roles locked for one pair, more locks than slots, a locked and forbidden
    pair) raises a :class:`ScenarioError` in ``lang``.
    """
    merged_locks = list(scenario.locks)
    by_pair = {(x.officer, x.cooperative): x for x in merged_locks}
    for lock in locks:
        held = by_pair.get((lock.officer, lock.cooperative))
        if held is not None and held.role in (None, lock.role):
            if notes is not None:
                text = say(
                    "review.lock_held", lang, officer=lock.officer, cooperative=lock.cooperative
                )
                notes.append(Note(source or "", "", text))
            continue
        merged_locks.append(lock)
        by_pair.setdefault((lock.officer, lock.cooperative), lock)
    merged_forbids = list(scenario.forbids)
    seen = {(x.officer, x.cooperative, x.role) for x in merged_forbids}
    for forbid in forbids:
        if (forbid.officer, forbid.cooperative, forbid.role) not in seen:
            merged_forbids.append(forbid)
            seen.add((forbid.officer, forbid.cooperative, forbid.role))
    data = scenario.model_dump(mode="json")
    data["locks"] = [x.model_dump(mode="json") for x in merged_locks]
    data["forbids"] = [x.model_dump(mode="json") for x in merged_forbids]
    from koperasi_alloc.scenario import parse_scenario

    return parse_scenario(data, source=source, lang=lang)


def apply_review(
    scenario: Scenario, review: PlanReview, *, lang: Lang = "id", notes: list[Note] | None = None
) -> Scenario:
    """``scenario`` with the review's locks (``kunci``) and forbids (``tolak`` and deleted
    rows), each pair once (:func:`with_review`)."""
    return with_review(
        scenario, review.locks, review.forbids, lang=lang, source=review.source, notes=notes
    )
