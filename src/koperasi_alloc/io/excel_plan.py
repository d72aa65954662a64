"""The plan workbook: Penugasan, Kekosongan, Ringkasan, Pegawai tidak ditugaskan.

:func:`write_plan_xlsx` writes a plan for review;
:func:`koperasi_alloc.io.excel_locks.read_plan_locks_xlsx` reads a (possibly edited)
Penugasan sheet back as locks for ``replan``. The Ringkasan (summary)
sheet states, per tier, its value, its bound (``tidak diketahui`` / ``unknown`` when there
is none), whether it is proven (``terbukti`` / ``terbuka``) and its own gap, under one
headline that cannot mislead: ``optimal: semua tier terbukti`` only when every tier is
proven; no plan-wide gap is shown in lexicographic mode (the plan's ``gap`` is the first
tier's only).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from koperasi_alloc.io.excel_sheets import PLAN_SHEETS, openpyxl_module, put, save, style_header
from koperasi_alloc.io.tables.spec import Lang
from koperasi_alloc.plan import tier_gap
from koperasi_alloc.scenario import Scenario

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from koperasi_alloc.plan import Plan

__all__ = ["headline", "tier_gap", "write_plan_xlsx"]

PathLike = str | os.PathLike[str]
Place = Callable[[str], tuple[str | None, str | None, str | None, str | None]]

_ASSIGNMENT_HEADERS = {
    "id": (
        "kecamatan", "desa", "kode_desa", "koperasi", "NIP", "nama", "instansi", "peran",
        "tier", "jarak_km", "menit",
    ),
    "en": (
        "district", "village", "village_code", "cooperative", "officer", "name", "agency",
        "role", "tier", "distance_km", "minutes",
    ),
}  # fmt: skip
_VACANCY_HEADERS = {
    "id": ("kecamatan", "desa", "koperasi", "peran", "jumlah", "kode_alasan", "alasan"),
    "en": ("district", "village", "cooperative", "role", "count", "reason_code", "reason"),
}
_UNASSIGNED_HEADERS = {
    "id": (
        "NIP", "nama", "instansi", "nama_instansi", "jenis_kepegawaian", "pendidikan",
        "kecamatan_kerja", "nama_kecamatan", "domisili", "keahlian", "kelompok", "tersedia",
    ),
    "en": (
        "officer", "name", "agency", "agency_name", "employment", "education",
        "work_district", "district_name", "domicile", "skills", "group", "available",
    ),
}  # fmt: skip
_TIER_HEADERS = {
    "id": ("tier", "nilai", "batas", "arah", "status", "gap"),
    "en": ("tier", "value", "bound", "sense", "status", "gap"),
}
_DISTRICT_HEADERS = {
    "id": ("kode_kecamatan", "kecamatan", "koperasi", "permintaan", "terisi", "kosong", "cakupan"),
    "en": ("district_code", "district", "cooperatives", "demanded", "filled", "vacant", "coverage"),
}
_WORDS = {
    "id": {"unknown": "tidak diketahui", "proven": "terbukti", "open": "terbuka"},
    "en": {"unknown": "unknown", "proven": "proven", "open": "open"},
}


def write_plan_xlsx(
    plan: Plan,
    scenario: Scenario,
    path: PathLike,
    explanation: Any = None,
    lang: Lang = "id",
    proposal: Any = None,
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
        Optional result of ``koperasi_alloc.explain.explain(scenario, plan)``: any object
        with ``.vacancies``, records having ``cooperative_id``, ``role``, ``reason`` and
        ``text``; fills the Kekosongan ``alasan`` column (left empty without it).
    lang
        Language of sheet names and headers.
    proposal
        Optional :class:`~koperasi_alloc.planning.hires.HireProposal`: adds its sheet
        "Usulan Tambahan PPPK" (hypothetical hires per kecamatan and role).

    Notes
    -----
    Sheets: Penugasan (one row per assignment: kecamatan, desa, koperasi, NIP, nama,
    instansi, peran, tier, jarak_km, menit), Kekosongan (empty slots), Ringkasan (status, a
    headline, then per tier its value, bound, proven or open and gap, then coverage per
    kecamatan) and Pegawai tidak ditugaskan (every officer without an assignment).
    :func:`~koperasi_alloc.io.excel.read_plan_locks_xlsx` reads Penugasan back.
    """
    wb = openpyxl_module().Workbook()
    place = _placer(scenario)
    _write_assignments(wb, plan, scenario, lang, place)
    _write_vacancies(wb, plan, explanation, lang, place)
    _write_summary(wb, plan, scenario, lang, place)
    _write_unassigned(wb, plan, scenario, lang)
    if proposal is not None:
        from koperasi_alloc.io.hires_xlsx import add_hires_sheet

        add_hires_sheet(wb, proposal, lang)
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


def _sheet(wb: Workbook, which: str, lang: Lang, headers: Sequence[str]) -> Worksheet:
    ws = wb.create_sheet(PLAN_SHEETS[which][0 if lang == "id" else 1])
    for index, text in enumerate(headers, start=1):
        put(ws, 1, index, text)
    return ws


def _write_row(ws: Worksheet, row: int, values: Sequence[Any]) -> None:
    for column, value in enumerate(values, start=1):
        put(ws, row, column, value)


def _write_assignments(
    wb: Workbook, plan: Plan, scenario: Scenario, lang: Lang, place: Place
) -> None:
    ws = _sheet(wb, "assignments", lang, _ASSIGNMENT_HEADERS[lang])
    officers = scenario.officer_by_id
    ordered = sorted(
        plan.assignments, key=lambda a: (place(a.cooperative_id)[0] or "", a.cooperative_id, a.role)
    )
    for row, a in enumerate(ordered, start=2):
        _, district_name, village_name, village_code = place(a.cooperative_id)
        officer = officers.get(a.officer_id)
        values: tuple[Any, ...] = (
            district_name,
            village_name,
            village_code,
            a.cooperative_id,
            a.officer_id,
            officer.name if officer else None,
            officer.agency if officer else None,
            a.role,
            a.tier.value,
            round(a.distance_km, 3),
            a.travel_minutes,
        )
        _write_row(ws, row, values)
    style_header(ws, (20, 20, 16, 14, 22, 24, 12, 14, 11, 10, 8), instruction_row=False)


def _write_vacancies(wb: Workbook, plan: Plan, explanation: Any, lang: Lang, place: Place) -> None:
    reasons: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for item in getattr(explanation, "vacancies", None) or []:
        key = (str(item.cooperative_id), str(item.role))
        code = getattr(item, "reason", None) or getattr(item, "code", None) or ""
        text = getattr(item, "text", None) or getattr(item, f"text_{lang}", None) or ""
        reasons[key].append((str(code), str(text)))
    ws = _sheet(wb, "vacancies", lang, _VACANCY_HEADERS[lang])
    vacancies = sorted(
        plan.vacancies, key=lambda v: (place(v.cooperative_id)[0] or "", v.cooperative_id, v.role)
    )
    for row, v in enumerate(vacancies, start=2):
        _, district_name, village_name, _ = place(v.cooperative_id)
        found = reasons.get((v.cooperative_id, v.role), [])
        codes = "; ".join(dict.fromkeys(code for code, _ in found if code)) or None
        texts = " ".join(dict.fromkeys(text for _, text in found if text)) or None
        _write_row(
            ws, row, (district_name, village_name, v.cooperative_id, v.role, v.count, codes, texts)
        )
    style_header(ws, (20, 20, 14, 14, 8, 20, 80), instruction_row=False)


def _write_unassigned(wb: Workbook, plan: Plan, scenario: Scenario, lang: Lang) -> None:
    ws = _sheet(wb, "unassigned", lang, _UNASSIGNED_HEADERS[lang])
    agencies = scenario.agency_by_code
    districts = scenario.district_by_code
    placed = {a.officer_id for a in plan.assignments}
    yes, no = ("ya", "tidak") if lang == "id" else ("yes", "no")
    row = 1
    for officer in scenario.officers:
        if officer.id in placed:
            continue
        row += 1
        agency = agencies.get(officer.agency)
        district = districts.get(officer.work_district)
        values = (
            officer.id,
            officer.name,
            officer.agency,
            agency.name if agency else None,
            officer.employment.value,
            officer.education.value,
            officer.work_district,
            district.name if district else None,
            officer.domicile,
            "; ".join(officer.skills) or None,
            officer.group,
            yes if officer.available else no,
        )
        _write_row(ws, row, values)
    style_header(ws, (22, 24, 12, 24, 18, 11, 16, 20, 16, 24, 12, 9), instruction_row=False)


# --- the summary --------------------------------------------------------------------------------


def headline(plan: Plan, lang: Lang) -> str:
    """One line saying what the plan is, that never calls an open tier optimal
    (:meth:`koperasi_alloc.plan.Plan.headline`)."""
    return plan.headline(lang)


def summary_rows(plan: Plan, lang: Lang) -> list[tuple[Any, ...]]:
    """The rows above the coverage table of Ringkasan: status, headline, counts, tiers."""
    id_ = lang == "id"
    words = _WORDS[lang]
    rows: list[tuple[Any, ...]] = [
        ("status", plan.status.value),
        ("ringkasan" if id_ else "headline", headline(plan, lang)),
        ("terisi" if id_ else "filled", plan.filled),
        ("slot" if id_ else "slots", plan.total_slots),
        ("waktu_detik" if id_ else "wall_time_s", round(plan.wall_time, 3)),
        ("catatan" if id_ else "message", plan.message),
    ]
    if plan.objective_mode == "weighted":
        # the weighted sum is one objective: its gap is the whole plan's
        rows += [
            ("objektif_berbobot" if id_ else "weighted_objective", plan.objective),
            ("batas_objektif" if id_ else "objective_bound", plan.best_bound),
            ("gap_objektif" if id_ else "objective_gap", plan.gap),
        ]
    rows.append(())
    rows.append(_TIER_HEADERS[lang])
    for tier in plan.tiers:
        bound = words["unknown"] if tier.bound is None else tier.bound
        proven = words["proven"] if tier.proven else words["open"]
        rows.append((tier.name, tier.value, bound, tier.sense, proven, tier_gap(tier)))
    return rows


def _write_summary(wb: Workbook, plan: Plan, scenario: Scenario, lang: Lang, place: Place) -> None:
    ws = wb.create_sheet(PLAN_SHEETS["summary"][0 if lang == "id" else 1])
    bold = openpyxl_module().styles.Font(bold=True)
    tier_header = _TIER_HEADERS[lang]
    row = 0
    for row, values in enumerate(summary_rows(plan, lang), start=1):
        _write_row(ws, row, values)
        if values == tier_header:
            for column in range(1, len(values) + 1):
                ws.cell(row=row, column=column).font = bold
        elif values:
            ws.cell(row=row, column=1).font = bold
            if len(values) == len(tier_header):
                ws.cell(row=row, column=len(values)).number_format = "0.0%"
    row += 2
    _write_row(ws, row, _DISTRICT_HEADERS[lang])
    for column in range(1, len(_DISTRICT_HEADERS[lang]) + 1):
        ws.cell(row=row, column=column).font = bold
    for values in _coverage_rows(plan, scenario, place):
        row += 1
        _write_row(ws, row, values)
        ws.cell(row=row, column=7).number_format = "0.0%"
    for letter, width in zip("ABCDEFG", (18, 24, 12, 12, 10, 10, 10), strict=True):
        ws.column_dimensions[letter].width = width


def _coverage_rows(plan: Plan, scenario: Scenario, place: Place) -> list[tuple[Any, ...]]:
    """Per kecamatan: code, name, cooperatives, slots demanded, filled, vacant, coverage."""
    demanded: Counter[str] = Counter()
    cooperative_count: Counter[str] = Counter()
    for cooperative in scenario.cooperatives:
        code = place(cooperative.id)[0] or ""
        demanded[code] += sum(cooperative.demand.values())
        cooperative_count[code] += 1
    filled = Counter(place(a.cooperative_id)[0] or "" for a in plan.assignments)
    vacant: Counter[str] = Counter()
    for v in plan.vacancies:
        vacant[place(v.cooperative_id)[0] or ""] += v.count
    rows = []
    for district in scenario.districts:
        want = demanded[district.code]
        rows.append(
            (
                district.code,
                district.name,
                cooperative_count[district.code],
                want,
                filled[district.code],
                vacant[district.code],
                round(filled[district.code] / want, 4) if want else None,
            )
        )
    return rows
