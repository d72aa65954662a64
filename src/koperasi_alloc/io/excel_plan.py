"""The plan workbook: Penugasan, Kekosongan, Ringkasan, Pegawai tidak ditugaskan, Petunjuk.

:func:`write_plan_xlsx` writes a plan for review. Every sheet name, header and word comes
from the message catalogue (:mod:`koperasi_alloc.i18n`), in the language asked for; every
figure from :mod:`koperasi_alloc.figures` (the Ringkasan sheet,
:mod:`koperasi_alloc.io.excel_summary`).

Penugasan has one row per assignment with what a planner must defend: the officer's
employment (PNS/PPPK), home village and kecamatan and work kecamatan, the locality tier in
words (``desa``, ``kecamatan``, ``kecamatan tetangga``, ``radius``), a plain reason
("PPPK yang bertugas di kecamatan yang sama") and an empty ``keputusan`` (decision)
column: ``setuju``, ``tolak`` or ``kunci``, read back by
:mod:`koperasi_alloc.io.excel_review`. The plan as written is kept in two hidden sheets
(``x_rencana``: its assignments; ``x_rencana_data``: the rest of the plan as JSON), so that
reading the workbook back knows which rows the planner deleted or changed.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from koperasi_alloc.i18n import say
from koperasi_alloc.io.excel_sheets import (
    decimal_format,
    fit_widths,
    header_row,
    list_formula,
    list_validation,
    openpyxl_module,
    print_setup,
    put,
    save,
    sheet_name,
    style_header,
    wrap_column,
    write_row,
)
from koperasi_alloc.io.tables.spec import Lang
from koperasi_alloc.plan import tier_gap
from koperasi_alloc.scenario import Scenario

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from koperasi_alloc.plan import Plan, PlanAssignment

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "DECISIONS",
    "ORIGINAL_SHEET",
    "PLAN_DATA_SHEET",
    "headline",
    "sheet_name",
    "tier_gap",
    "write_plan_xlsx",
]

PathLike = str | os.PathLike[str]
Place = Callable[[str], tuple[str | None, str | None, str | None, str | None]]

ASSIGNMENT_COLUMNS: tuple[str, ...] = (
    "kecamatan",
    "village",
    "village_code",
    "cooperative",
    "cooperative_name",
    "officer",
    "name",
    "employment",
    "agency",
    "home_village",
    "home_kecamatan",
    "work_kecamatan",
    "role",
    "role_name",
    "tier",
    "distance_km",
    "minutes",
    "reason",
    "decision",
)
"""Penugasan's columns (catalogue key ``col.assignments.<field>``)."""

DECISIONS: tuple[str, ...] = ("approve", "reject", "lock")
"""The decisions of the ``keputusan`` column (catalogue key ``decision.<name>``)."""

ORIGINAL_SHEET = "x_rencana"
PLAN_DATA_SHEET = "x_rencana_data"
_CELL = 30_000  # characters of JSON per cell (Excel holds 32,767)


def write_plan_xlsx(
    plan: Plan,
    scenario: Scenario,
    path: PathLike,
    explanation: Any = None,
    lang: Lang = "id",
    proposal: Any = None,
    changes: Any = None,
) -> None:
    """Write a plan as a workbook for review.

    Parameters
    ----------
    plan
        The plan.
    scenario
        The scenario it was made for (names, kecamatan, agencies).
    path
        The ``.xlsx`` file to write.
    explanation
        Optional result of ``koperasi_alloc.explain.explain(scenario, plan)``: fills the
        reason of every vacancy (Kekosongan), of every officer not placed (Pegawai tidak
        ditugaskan) and the empty slots by reason in Ringkasan. Any object with
        ``.vacancies`` (records having ``cooperative_id``, ``role`` and ``code`` or
        ``reason``, and ``reason_<lang>`` or ``text``) will do for the first.
    lang
        Language of sheet names, headers and words.
    proposal
        Optional :class:`~koperasi_alloc.planning.hire_proposal.HireProposal`: adds its
        sheet "Usulan Tambahan PPPK" (hypothetical hires per kecamatan and role).
    changes
        Optional rows of :func:`~koperasi_alloc.io.excel_changes.plan_changes` of a
        re-plan: adds the sheet Perubahan (kept, moved, added, removed, each with its
        reason).

    Notes
    -----
    Sheets: Penugasan (one row per assignment and a ``keputusan`` column), Kekosongan
    (empty slots with their reason), Ringkasan (status, headline, the slot figures, the
    tiers, then the figures per kecamatan and per role), Pegawai tidak ditugaskan (every
    officer without an assignment, with the reason), Petunjuk (how to review and send the
    workbook back); hidden: the plan as written.
    :func:`~koperasi_alloc.io.excel_review.read_plan_review` reads it back.
    """
    from koperasi_alloc.io.excel_summary import write_summary

    wb = openpyxl_module().Workbook()
    place = _placer(scenario)
    _write_assignments(wb, plan, scenario, lang, place)
    _write_vacancies(wb, plan, scenario, explanation, lang, place)
    write_summary(wb, plan, scenario, explanation, lang)
    _write_unassigned(wb, plan, scenario, explanation, lang)
    if changes is not None:
        from koperasi_alloc.io.excel_changes import write_changes_sheet

        write_changes_sheet(wb, changes, scenario, lang)
    if proposal is not None:
        from koperasi_alloc.io.hires_xlsx import add_hires_sheet

        add_hires_sheet(wb, proposal, lang)
    _write_instructions(wb, lang)
    for ws in wb.worksheets:
        if ws.title != "Sheet":
            print_setup(ws)
    _write_original(wb, plan)
    save(wb, path)


def _placer(scenario: Scenario) -> Place:
    """Where a cooperative is: (kecamatan code, kecamatan name, desa name, desa code)."""
    cooperatives = scenario.cooperative_by_id
    villages = scenario.village_by_code
    districts = scenario.district_by_code

    def place(cooperative_id: str) -> tuple[str | None, str | None, str | None, str | None]:
        cooperative = cooperatives.get(cooperative_id)
        village = villages.get(cooperative.village) if cooperative else None
        district = districts.get(village.district) if village else None
        return (
            district.code if district else None,
            district.name if district else None,
            village.name if village else None,
            village.code if village else None,
        )

    return place


def new_sheet(wb: Workbook, which: str, lang: Lang, headers: Sequence[str]) -> Worksheet:
    """A new sheet of the plan workbook with its header row."""
    ws = wb.create_sheet(sheet_name(which, lang))
    header_row(ws, headers)
    return ws


def _write_assignments(
    wb: Workbook, plan: Plan, scenario: Scenario, lang: Lang, place: Place
) -> None:
    headers = [say(f"col.assignments.{name}", lang) for name in ASSIGNMENT_COLUMNS]
    ws = new_sheet(wb, "assignments", lang, headers)
    ordered = sorted(
        plan.assignments, key=lambda a: (place(a.cooperative_id)[0] or "", a.cooperative_id, a.role)
    )
    distance = ASSIGNMENT_COLUMNS.index("distance_km") + 1
    for row, a in enumerate(ordered, start=2):
        write_row(ws, row, _assignment_values(a, scenario, lang, place))
        ws.cell(row=row, column=distance).number_format = decimal_format(lang)
    style_header(ws, (), instruction_row=False)
    fit_widths(ws)
    decision = len(ASSIGNMENT_COLUMNS)
    choices = [say(f"decision.{name}", lang) for name in DECISIONS]
    last = max(len(ordered) + 1000, 2000)
    list_validation(ws, decision, list_formula(choices), strict=True, lang=lang, rows=(2, last))
    ws.auto_filter.ref = ws.dimensions


def _assignment_values(
    a: PlanAssignment, scenario: Scenario, lang: Lang, place: Place
) -> tuple[Any, ...]:
    from koperasi_alloc.explain.assignments import preferences_of
    from koperasi_alloc.explain.text import assignment_reason

    _, district_name, village_name, village_code = place(a.cooperative_id)
    officer = scenario.officer_by_id.get(a.officer_id)
    cooperative = scenario.cooperative_by_id.get(a.cooperative_id)
    role = scenario.role_by_code.get(a.role)
    home = scenario.village_by_code.get(officer.domicile) if officer else None
    home_district = scenario.district_by_code.get(home.district) if home else None
    work = scenario.district_by_code.get(officer.work_district) if officer else None
    preferences = preferences_of(scenario, a) if officer and cooperative else []
    return (
        district_name,
        village_name,
        village_code,
        a.cooperative_id,
        cooperative.name if cooperative else None,
        a.officer_id,
        officer.name if officer else None,
        say(f"employment.{officer.employment.value}", lang) if officer else None,
        officer.agency if officer else None,
        home.name if home else None,
        home_district.name if home_district else None,
        work.name if work else None,
        a.role,
        role.name if role else None,
        say(f"locality.{a.tier.value}", lang),
        round(a.distance_km, 1),
        a.travel_minutes,
        assignment_reason(preferences, lang) if preferences else None,
        None,
    )


def _write_vacancies(
    wb: Workbook, plan: Plan, scenario: Scenario, explanation: Any, lang: Lang, place: Place
) -> None:
    reasons: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for item in getattr(explanation, "vacancies", None) or []:
        key = (str(item.cooperative_id), str(item.role))
        code = getattr(item, "code", None) or getattr(item, "reason", None) or ""
        text = getattr(item, f"reason_{lang}", None) or getattr(item, "text", None) or ""
        reasons[key].append((_reason_label(str(code), lang), str(text)))
    names = ("kecamatan", "village", "cooperative", "cooperative_name", "role", "role_name",
             "count", "reason_code", "reason")  # fmt: skip
    ws = new_sheet(wb, "vacancies", lang, [say(f"col.vacancies.{n}", lang) for n in names])
    vacancies = sorted(
        plan.vacancies, key=lambda v: (place(v.cooperative_id)[0] or "", v.cooperative_id, v.role)
    )
    for row, v in enumerate(vacancies, start=2):
        _, district_name, village_name, _ = place(v.cooperative_id)
        cooperative = scenario.cooperative_by_id.get(v.cooperative_id)
        role = scenario.role_by_code.get(v.role)
        found = reasons.get((v.cooperative_id, v.role), [])
        codes = "; ".join(dict.fromkeys(code for code, _ in found if code)) or None
        texts = " ".join(dict.fromkeys(_sentence(text) for _, text in found if text)) or None
        values = (
            district_name,
            village_name,
            v.cooperative_id,
            cooperative.name if cooperative else None,
            v.role,
            role.name if role else None,
            v.count,
            codes,
            texts,
        )
        write_row(ws, row, values)
    style_header(ws, (), instruction_row=False)
    fit_widths(ws, most=90)
    wrap_column(ws, len(names), 90)
    if vacancies:
        ws.auto_filter.ref = ws.dimensions


def _reason_label(code: str, lang: Lang) -> str:
    """A reason code as the sheet shows it (``belum_berbadan_hukum``); an unknown code as
    given."""
    try:
        return say(f"reason_code.{code}", lang)
    except KeyError:
        return code


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _write_unassigned(
    wb: Workbook, plan: Plan, scenario: Scenario, explanation: Any, lang: Lang
) -> None:
    names = ("officer", "name", "reason", "agency", "agency_name", "employment", "education",
             "work_kecamatan", "home_village", "skills", "group", "available")  # fmt: skip
    ws = new_sheet(wb, "unassigned", lang, [say(f"col.unassigned.{n}", lang) for n in names])
    reasons = {
        u.officer_id: _sentence(getattr(u, f"reason_{lang}"))
        for u in getattr(explanation, "unassigned", None) or []
    }
    placed = {a.officer_id for a in plan.assignments}
    yes, no = say("word.yes", lang), say("word.no", lang)
    row = 1
    for officer in scenario.officers:
        if officer.id in placed:
            continue
        row += 1
        agency = scenario.agency_by_code.get(officer.agency)
        district = scenario.district_by_code.get(officer.work_district)
        home = scenario.village_by_code.get(officer.domicile)
        values = (
            officer.id,
            officer.name,
            reasons.get(officer.id),
            officer.agency,
            agency.name if agency else None,
            say(f"employment.{officer.employment.value}", lang),
            officer.education.value,
            district.name if district else None,
            home.name if home else None,
            "; ".join(officer.skills) or None,
            officer.group,
            yes if officer.available else no,
        )
        write_row(ws, row, values)
    style_header(ws, (), instruction_row=False)
    fit_widths(ws)
    wrap_column(ws, names.index("reason") + 1, 60)
    if row > 1:
        ws.auto_filter.ref = ws.dimensions


def _write_instructions(wb: Workbook, lang: Lang) -> None:
    ws = wb.create_sheet(sheet_name("instructions", lang))
    lines = [say(f"plan_help.{index}", lang) for index in range(1, 13)]
    bold = openpyxl_module().styles.Font(bold=True, size=13)
    for row, text in enumerate(lines, start=1):
        put(ws, row, 1, text)
    ws["A1"].font = bold
    ws.column_dimensions["A"].width = 130


def _write_original(wb: Workbook, plan: Plan) -> None:
    """The plan as written, in two hidden sheets, for reading the workbook back."""
    ws = wb.create_sheet(ORIGINAL_SHEET)
    header_row(ws, ("officer_id", "cooperative_id", "role", "tier", "distance_km",
                    "travel_minutes"))  # fmt: skip
    for row, a in enumerate(plan.assignments, start=2):
        write_row(
            ws,
            row,
            (
                a.officer_id,
                a.cooperative_id,
                a.role,
                a.tier.value,
                a.distance_km,
                a.travel_minutes,
            ),
        )
    ws.sheet_state = "hidden"
    data = wb.create_sheet(PLAN_DATA_SHEET)
    text = plan.model_dump_json(exclude={"assignments", "vacancies"})
    put(data, 1, 1, "plan_json")
    for index, start in enumerate(range(0, len(text), _CELL), start=2):
        put(data, index, 1, text[start : start + _CELL])
    data.sheet_state = "hidden"


def headline(plan: Plan, lang: Lang) -> str:
    """One line saying what the plan is, that never calls an open tier optimal
    (:meth:`koperasi_alloc.plan.Plan.headline`)."""
    return plan.headline(lang)
