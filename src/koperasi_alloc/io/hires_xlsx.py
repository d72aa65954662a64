"""A hiring proposal as Excel (needs the ``excel`` extra: openpyxl).

:func:`add_hires_sheet` adds the sheet "Usulan Tambahan PPPK" (English: "Proposed PPPK
hires") to any openpyxl workbook, e.g. the plan workbook; :func:`write_proposal_xlsx`
writes a workbook of its own with that sheet and the assignments of the plan with the hires
("Penugasan dengan usulan"), each row saying whether its officer is hypothetical.

Every hire is marked hypothetical in the sheet's title, in a column of its own, and by its
id (``HIRE-...``).
"""

from __future__ import annotations

from os import PathLike
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from koperasi_alloc.planning.hire_proposal import HireProposal

__all__ = ["SHEET_NAMES", "add_hires_sheet", "write_proposal_xlsx"]

Lang = Literal["id", "en"]

SHEET_NAMES = {"id": "Usulan Tambahan PPPK", "en": "Proposed PPPK hires"}
ASSIGNMENT_SHEETS = {"id": "Penugasan dengan usulan", "en": "Assignments with hires"}

_TITLE = {
    "id": "Usulan tambahan PPPK paruh waktu - HIPOTETIS (belum direkrut)",
    "en": "Proposed additional part-time PPPK - HYPOTHETICAL (not recruited yet)",
}
_HEADERS = {
    "id": [
        "kabupaten",
        "kecamatan",
        "nama_kecamatan",
        "peran",
        "nama_peran",
        "jumlah_usulan",
        "pendidikan_minimal",
        "koperasi_dilayani",
        "id_usulan",
        "hipotetis",
    ],
    "en": [
        "kabupaten",
        "kecamatan",
        "kecamatan_name",
        "role",
        "role_name",
        "hires",
        "min_education",
        "cooperatives",
        "hire_ids",
        "hypothetical",
    ],
}
_FIGURES = {
    "id": (
        ("status", "status"),
        ("jumlah usulan", "hires"),
        ("batas bawah terbukti", "hires_bound"),
        ("slot terisi tanpa usulan", "filled_before"),
        ("slot terisi dengan usulan", "filled_after"),
        ("slot yang diminta", "total_slots"),
        ("waktu (detik)", "wall_time"),
    ),
    "en": (
        ("status", "status"),
        ("hires", "hires"),
        ("proven lower bound", "hires_bound"),
        ("slots filled without hires", "filled_before"),
        ("slots filled with hires", "filled_after"),
        ("slots demanded", "total_slots"),
        ("time (s)", "wall_time"),
    ),
}
_YES = {"id": ("ya", "tidak"), "en": ("yes", "no")}


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as error:  # pragma: no cover - exercised without openpyxl only
        raise ImportError("Excel files need openpyxl: pip install koperasi-alloc[excel]") from error
    return openpyxl


def _figure(proposal: HireProposal, name: str) -> Any:
    value = getattr(proposal, name)
    if name == "status":
        return value.value
    if name == "wall_time":
        return round(float(value), 2)
    return value


def add_hires_sheet(workbook: Any, proposal: HireProposal, lang: Lang = "id") -> Any:
    """Add the proposal's sheet to ``workbook`` (an openpyxl Workbook) and return it.

    Parameters
    ----------
    workbook
        An ``openpyxl.Workbook``; a sheet of the same name is replaced.
    proposal
        The proposal from :func:`koperasi_alloc.propose_hires`.
    lang
        Language of titles and headers, ``"id"`` or ``"en"``.
    """
    if lang not in SHEET_NAMES:
        raise ValueError(f"lang must be 'id' or 'en', got {lang!r}")
    styles = _openpyxl().styles
    name = SHEET_NAMES[lang]
    if name in workbook.sheetnames:
        del workbook[name]
    ws = workbook.create_sheet(name)
    ws.cell(row=1, column=1, value=_TITLE[lang]).font = styles.Font(bold=True, size=13)
    row = 3
    for label, field in _FIGURES[lang]:
        ws.cell(row=row, column=1, value=label).font = styles.Font(bold=True)
        ws.cell(row=row, column=2, value=_figure(proposal, field))
        row += 1
    row += 1
    headers = _HEADERS[lang]
    fill = styles.PatternFill("solid", fgColor="FCE4D6")
    for column, header in enumerate(headers, 1):
        cell = ws.cell(row=row, column=column, value=header)
        cell.font = styles.Font(bold=True)
        cell.fill = fill
    yes = _YES[lang][0]
    for hire_row in proposal.rows:
        row += 1
        values = [
            hire_row.kabupaten,
            hire_row.kecamatan,
            hire_row.kecamatan_name,
            hire_row.role,
            hire_row.role_name,
            hire_row.hires,
            hire_row.min_education.value,
            ", ".join(hire_row.cooperatives),
            ", ".join(hire_row.officer_ids),
            yes,
        ]
        for column, value in enumerate(values, 1):
            ws.cell(row=row, column=column, value=value)
    row += 2
    total_label = "Total per kabupaten/kota" if lang == "id" else "Totals per kabupaten/kota"
    ws.cell(row=row, column=1, value=total_label).font = styles.Font(bold=True)
    for total in proposal.kabupaten:
        row += 1
        ws.cell(row=row, column=1, value=total.kabupaten)
        ws.cell(row=row, column=6, value=total.hires)
    for letter, width in zip("ABCDEFGHIJ", (28, 12, 22, 14, 26, 14, 18, 40, 40, 11), strict=True):
        ws.column_dimensions[letter].width = width
    return ws


def write_proposal_xlsx(
    proposal: HireProposal, path: str | PathLike[str], lang: Lang = "id"
) -> None:
    """Write the proposal sheet and the plan with hires to a new workbook at ``path``."""
    openpyxl = _openpyxl()
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    add_hires_sheet(workbook, proposal, lang)
    ws = workbook.create_sheet(ASSIGNMENT_SHEETS[lang])
    if lang == "id":
        headers = ["nip", "nama", "koperasi", "peran", "tingkat_lokalitas", "jarak_km", "hipotetis"]
    else:
        headers = [
            "officer_id",
            "name",
            "cooperative",
            "role",
            "tier",
            "distance_km",
            "hypothetical",
        ]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = openpyxl.styles.Font(bold=True)
    officers = proposal.scenario.officer_by_id
    yes, no = _YES[lang]
    for a in proposal.plan.assignments:
        officer = officers[a.officer_id]
        hypothetical = officer.attributes.get("hypothetical") is True
        ws.append(
            [
                a.officer_id,
                officer.name or "",
                a.cooperative_id,
                a.role,
                a.tier.value,
                round(a.distance_km, 2),
                yes if hypothetical else no,
            ]
        )
    workbook.save(path)
