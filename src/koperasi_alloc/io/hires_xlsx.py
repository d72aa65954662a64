"""A hiring proposal as Excel (needs the ``excel`` extra: openpyxl).

:func:`add_hires_sheet` adds the sheet "Usulan Tambahan PPPK" (English: "Proposed PPPK
hires") to any openpyxl workbook, e.g. the plan workbook; :func:`write_proposal_xlsx`
writes a workbook of its own with that sheet and the assignments of the plan with the hires
("Penugasan dengan usulan"), each row saying whether its officer is hypothetical.

Every hire is marked hypothetical in the sheet's title, in a column of its own, and by its
id (``HIRE-...``). Kecamatan and cooperatives are shown by name with their code
("Muara Ancalong (64.08.01)"); every word comes from the message catalogue
(:mod:`koperasi_alloc.i18n`), in the language asked for.
"""

from __future__ import annotations

from os import PathLike
from typing import TYPE_CHECKING, Any, Literal

from koperasi_alloc.i18n import check_lang, say
from koperasi_alloc.io.excel_sheets import decimal_format, print_setup, wrap_column

if TYPE_CHECKING:
    from koperasi_alloc.planning.hire_proposal import HireProposal
    from koperasi_alloc.scenario import Scenario

__all__ = ["SHEET_NAMES", "add_hires_sheet", "write_proposal_xlsx"]

Lang = Literal["id", "en"]

SHEET_NAMES = {lang: say("hires.sheet", lang) for lang in ("id", "en")}
ASSIGNMENT_SHEETS = {lang: say("hires.assignment_sheet", lang) for lang in ("id", "en")}

_COLUMNS = ("kabupaten", "kecamatan", "role", "role_name", "hires", "min_education",
            "cooperatives", "hire_ids", "hypothetical")  # fmt: skip
_FIGURES = ("status", "hires", "hires_bound", "filled_before", "filled_after", "total_slots",
            "wall_time")  # fmt: skip
_ASSIGNMENT_COLUMNS = ("officer", "name", "kecamatan", "cooperative", "role", "tier",
                       "distance_km", "hypothetical")  # fmt: skip


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as error:  # pragma: no cover - exercised without openpyxl only
        raise ImportError("Excel files need openpyxl: pip install koperasi-alloc[excel]") from error
    return openpyxl


def _figure(proposal: HireProposal, name: str, lang: Lang) -> Any:
    value = getattr(proposal, name)
    if name == "status":
        return say(f"status.{value.value}", lang)
    if name == "wall_time":
        return round(float(value), 1)
    return value


def named(name: str | None, code: str) -> str:
    """``Name (code)``, or the code alone without a name."""
    return f"{name} ({code})" if name and name != code else code


def _cooperatives(scenario: Scenario, ids: list[str]) -> str:
    found = scenario.cooperative_by_id
    return "; ".join(named(found[i].name if i in found else None, i) for i in ids)


def add_hires_sheet(workbook: Any, proposal: HireProposal, lang: Lang = "id") -> Any:
    """Add the proposal's sheet to ``workbook`` (an openpyxl Workbook) and return it.

    Parameters
    ----------
    workbook
        An ``openpyxl.Workbook``; a sheet of the same name is replaced.
    proposal
        The proposal from :func:`koperasi_alloc.propose_hires`.
    lang
        Language of titles, headers and words, ``"id"`` or ``"en"``.
    """
    lang = check_lang(lang)
    styles = _openpyxl().styles
    name = SHEET_NAMES[lang]
    if name in workbook.sheetnames:
        del workbook[name]
    ws = workbook.create_sheet(name)
    ws.cell(row=1, column=1, value=say("hires.title", lang)).font = styles.Font(bold=True, size=13)
    ws.cell(row=2, column=1, value=say("hires.seat_note", lang))
    row = 3
    for field in _FIGURES:
        row += 1
        ws.cell(row=row, column=1, value=say(f"hires.figure.{field}", lang)).font = styles.Font(
            bold=True
        )
        cell = ws.cell(row=row, column=2, value=_figure(proposal, field, lang))
        if field == "wall_time":
            cell.number_format = decimal_format(lang)
    row += 2
    fill = styles.PatternFill("solid", fgColor="FCE4D6")
    for column, header in enumerate(_COLUMNS, 1):
        cell = ws.cell(row=row, column=column, value=say(f"hires.col.{header}", lang))
        cell.font = styles.Font(bold=True)
        cell.fill = fill
    scenario = proposal.scenario
    yes = say("word.yes", lang)
    for hire_row in proposal.rows:
        row += 1
        values = [
            hire_row.kabupaten,
            named(hire_row.kecamatan_name, hire_row.kecamatan),
            hire_row.role,
            hire_row.role_name,
            hire_row.hires,
            hire_row.min_education.value,
            _cooperatives(scenario, hire_row.cooperatives),
            ", ".join(hire_row.officer_ids),
            yes,
        ]
        for column, value in enumerate(values, 1):
            ws.cell(row=row, column=column, value=value)
    row += 2
    ws.cell(row=row, column=1, value=say("hires.totals", lang)).font = styles.Font(bold=True)
    row += 1
    for column, key in ((1, "hires.col.kabupaten"), (5, "hires.col.hires"), (6, "hires.col.bound")):
        cell = ws.cell(row=row, column=column, value=say(key, lang))
        cell.font = styles.Font(bold=True)
        cell.fill = fill
    for total in proposal.kabupaten:
        row += 1
        ws.cell(row=row, column=1, value=total.kabupaten)
        ws.cell(row=row, column=5, value=total.hires)
        ws.cell(row=row, column=6, value=total.hires_bound)
    widths = (30, 30, 14, 32, 16, 20, 70, 42, 11)
    for letter, width in zip("ABCDEFGHI", widths, strict=True):
        ws.column_dimensions[letter].width = width
    for column in (7, 8):  # cooperatives and hire ids: long lists, wrapped
        wrap_column(ws, column, widths[column - 1])
    print_setup(ws)
    return ws


def write_proposal_xlsx(
    proposal: HireProposal, path: str | PathLike[str], lang: Lang = "id"
) -> None:
    """Write the proposal sheet and the plan with hires to a new workbook at ``path``."""
    lang = check_lang(lang)
    openpyxl = _openpyxl()
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    add_hires_sheet(workbook, proposal, lang)
    ws = workbook.create_sheet(ASSIGNMENT_SHEETS[lang])
    ws.append([say(f"hires.assignment.{c}", lang) for c in _ASSIGNMENT_COLUMNS])
    for cell in ws[1]:
        cell.font = openpyxl.styles.Font(bold=True)
    scenario = proposal.scenario
    yes, no = say("word.yes", lang), say("word.no", lang)
    for a in proposal.plan.assignments:
        officer = scenario.officer_by_id[a.officer_id]
        cooperative = scenario.cooperative_by_id[a.cooperative_id]
        district = scenario.district_by_code[scenario.village_by_code[cooperative.village].district]
        hypothetical = officer.attributes.get("hypothetical") is True
        ws.append(
            [
                a.officer_id,
                officer.name or "",
                named(district.name, district.code),
                named(cooperative.name, cooperative.id),
                a.role,
                say(f"locality.{a.tier.value}", lang),
                round(a.distance_km, 1),
                yes if hypothetical else no,
            ]
        )
        ws.cell(row=ws.max_row, column=7).number_format = decimal_format(lang)
    for letter, width in zip("ABCDEFGH", (44, 60, 30, 62, 13, 20, 11, 11), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    print_setup(ws)
    workbook.save(path)
