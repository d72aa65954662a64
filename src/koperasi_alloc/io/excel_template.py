"""Writing the scenario workbook: the template a planner fills in, or a scenario to review.

Sheets Petunjuk (instructions, template only), one per table of
:mod:`koperasi_alloc.io.tables.spec` (header row, instruction row starting with ``#``,
data from row 3, drop-down lists for choices, yes/no and codes of the other sheets), Aturan
(the policy as key/value rows) and Kunci (locks and forbids). Read back by
:func:`koperasi_alloc.io.excel.read_scenario_xlsx`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from koperasi_alloc.io.excel_sheets import (
    INSTRUCTIONS_SHEET,
    POLICY_SHEET,
    exact_float,
    fit_widths,
    list_formula,
    list_validation,
    openpyxl_module,
    print_setup,
    put,
    reference_formula,
    style_header,
)
from koperasi_alloc.io.tables.cells import (
    cell_value,
    is_blank,
    policy_cell,
    policy_rows,
    record_values,
)
from koperasi_alloc.io.tables.policy import to_policy_words
from koperasi_alloc.io.tables.spec import (
    LOCKS_SHEET,
    NAME_KEYS,
    OPTIONAL_TABLES,
    POLICY_KEYS,
    POLICY_KEYS_ID,
    POLICY_WORD_KEYS,
    REFERENCES,
    TABLES,
    Column,
    Lang,
    Table,
)
from koperasi_alloc.scenario import Education, Lock, ObjectivePolicy, Policy, Role, Scenario

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

_EDUCATION = tuple(e.value for e in Education)

DEFAULT_ROLES: tuple[tuple[str, str, str | None, float | None], ...] = (
    ("manajer", "Manajer usaha", "D4", 12.0),
    ("keuangan", "Pengelola keuangan / bendahara", None, 8.0),
    ("administrasi", "Petugas administrasi dan pelaporan", None, 6.0),
    ("usaha", "Petugas operasional usaha / gerai", None, 10.0),
)
"""The template's roles, named as the people who fill them."""


_TABLE_SHEETS = {t.name: t for t in (*TABLES, *OPTIONAL_TABLES)}

_EXAMPLES: dict[str, list[dict[str, Any]]] = {
    "districts": [{"code": "64.08.01", "name": "Muara Ancalong", "lat": 0.95, "lon": 116.78}],
    "villages": [
        {"code": "64.08.01.2001", "name": "Senyiur", "district": "64.08.01", "lat": 0.93,
         "lon": 116.72, "kind": "desa", "status": "berkembang"},
    ],
    "cooperatives": [
        {"id": "KDMP-64.08.01.2001", "name": "Koperasi Desa Merah Putih Senyiur",
         "village": "64.08.01.2001", "legal_entity": True,
         "demand": {"manajer": 1, "keuangan": 1, "administrasi": 1}},
        {"id": "KDMP-64.08.01.2004", "name": "Koperasi Desa Merah Putih Long Nah",
         "village": "64.08.01.2004", "other_villages": ["64.08.01.2009"],
         "legal_entity": True, "demand": {"manajer": 1, "keuangan": 1}},
    ],
    "officers": [
        {"id": "199001012020121001", "name": "Siti Aminah", "employment": "PPPK",
         "agency": "DISKOP", "domicile": "64.08.01.2001", "work_district": "64.08.01",
         "education": "D3", "skills": ["keuangan", "administrasi"], "group": "teknis",
         "max_cooperatives": 1, "available": True},
        {"id": "198705122010011002", "name": "Budi Santoso", "employment": "PNS",
         "agency": "DISTAN", "domicile": "64.08.01.2003", "work_district": "64.08.01",
         "education": "S1", "skills": ["manajer"], "group": "teknis", "max_cooperatives": 2,
         "weekly_hours": 16.0, "available": True},
    ],
    "agencies": [
        {"code": "DISKOP", "name": "Dinas Koperasi dan UKM Kabupaten Kutai Timur",
         "headcount": 120, "max_release": 12},
    ],
    "locks": [
        {"jenis": "lock", "officer": "199001012020121001", "cooperative": "KDMP-64.08.01.2001",
         "role": "keuangan"},
    ],
}  # fmt: skip
"""One or two example rows per data sheet of the template (Kutai Timur), written with
their first cell marked ``# contoh:`` / ``# example:`` so that they are never read."""


def _add_validations(ws: Worksheet, table: Table, columns: Sequence[Column], lang: Lang) -> None:
    for index, column in enumerate(columns, start=1):
        if column.kind == "bool":
            choices = ("ya", "tidak") if lang == "id" else ("yes", "no")
            list_validation(ws, index, list_formula(choices), strict=True, lang=lang)
        elif column.kind == "jenis":
            choices = ("kunci", "larang") if lang == "id" else ("lock", "forbid")
            list_validation(ws, index, list_formula(choices), strict=True, lang=lang)
        elif column.kind == "enum":
            list_validation(ws, index, list_formula(column.choices), strict=True, lang=lang)
        elif (table.name, column.field) in REFERENCES and column.kind != "list":
            target = _TABLE_SHEETS[REFERENCES[(table.name, column.field)]]
            list_validation(
                ws, index, reference_formula(target.sheet(lang)), strict=False, lang=lang
            )
        if column.kind in ("key", "text"):
            letter = openpyxl_module().utils.get_column_letter(index)
            ws.column_dimensions[letter].number_format = "@"


def _x_safe_key(key: str) -> bool:
    return bool(key) and key == key.strip()


def _x_safe_value(value: Any) -> bool:
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return abs(value) < 10**15
    if isinstance(value, float):
        return not value.is_integer() and exact_float(value)
    return isinstance(value, str) and not is_blank(value)


def _write_table(
    wb: Workbook,
    table: Table,
    records: Sequence[Any],
    lang: Lang,
    sheet: str | None = None,
    *,
    examples: bool = False,
) -> Worksheet:
    ws = wb.create_sheet(sheet or table.sheet(lang))
    columns = list(table.columns)
    has_attributes = any(c.kind == "attributes" for c in columns)
    extra_keys: list[str] = []
    if has_attributes:
        seen: dict[str, None] = {}
        for record in records:
            for key, value in record.attributes.items():
                if _x_safe_key(key) and _x_safe_value(value):
                    seen.setdefault(key, None)
        extra_keys = list(seen)
    headers = [c.label(lang) for c in columns] + [f"x_{k}" for k in extra_keys]
    hints = [c.hint(lang) for c in columns] + [""] * len(extra_keys)
    hints[0] = "# " + hints[0]
    for index, text in enumerate(headers, start=1):
        put(ws, 1, index, text)
        put(ws, 2, index, hints[index - 1] or None)
    for row, record in enumerate(records, start=3):
        values = record_values(table, record)
        if table is LOCKS_SHEET:
            values["jenis"] = "kunci" if isinstance(record, Lock) else "larang"
            if lang == "en":
                values["jenis"] = "lock" if isinstance(record, Lock) else "forbid"
        attributes = dict(values.get("attributes") or {})
        for index, column in enumerate(columns, start=1):
            value = values.get(column.field)
            if column.kind == "attributes":
                value = {
                    k: v
                    for k, v in attributes.items()
                    if not (k in extra_keys and _x_safe_value(v))
                }
            elif column.kind == "jenis":
                put(ws, row, index, value)
                continue
            put(ws, row, index, cell_value(column, value, lang))
        for offset, key in enumerate(extra_keys, start=len(columns) + 1):
            if key in attributes and _x_safe_value(attributes[key]):
                put(ws, row, offset, attributes[key])
    if examples:
        _write_examples(ws, table, columns, lang)
    style_header(ws, (), instruction_row=True)
    fit_widths(ws, most=45)
    _add_validations(ws, table, columns, lang)
    return ws


def _write_examples(ws: Worksheet, table: Table, columns: Sequence[Column], lang: Lang) -> None:
    """The table's example rows from row 3, marked in their first cell and greyed."""
    styles = openpyxl_module().styles
    mark = "# contoh: " if lang == "id" else "# example: "
    font = styles.Font(italic=True, color="7F7F7F")
    fill = styles.PatternFill("solid", fgColor="FFF2CC")
    for row, example in enumerate(_EXAMPLES.get(table.name, []), start=ws.max_row + 1):
        for index, column in enumerate(columns, start=1):
            value = example.get(column.field)
            if column.kind == "jenis":
                value = ("kunci" if lang == "id" else "lock") if value == "lock" else value
            elif value is not None:
                value = cell_value(column, value, lang)
            if index == 1:
                value = f"{mark}{value}"
            put(ws, row, index, value)
            ws.cell(row=row, column=index).font = font
            ws.cell(row=row, column=index).fill = fill


def _write_policy(wb: Workbook, policy: Policy, name: str | None, lang: Lang) -> None:
    ws = wb.create_sheet(POLICY_SHEET[0 if lang == "id" else 1])
    headers = ("aturan", "nilai", "keterangan") if lang == "id" else ("key", "value", "description")
    hints = (
        ("# nama aturan (jangan diubah)", "nilai; kosong: bawaan", "")
        if lang == "id"
        else ("# policy key (do not change)", "value; empty: default", "")
    )
    for index, text in enumerate(headers, start=1):
        put(ws, 1, index, text)
        put(ws, 2, index, hints[index - 1] or None)
    row = 3
    put(ws, row, 1, NAME_KEYS[0] if lang == "id" else NAME_KEYS[1])
    put(ws, row, 2, name)
    put(ws, row, 3, "nama skenario" if lang == "id" else "scenario name")
    bool_rows: list[int] = []
    for key, value in policy_rows(policy):
        row += 1
        put(ws, row, 1, POLICY_KEYS_ID[key] if lang == "id" else key)
        shown = to_policy_words(value) if lang == "id" and key in POLICY_WORD_KEYS else value
        put(ws, row, 2, policy_cell(key, shown, lang))
        if lang == "id":
            description = POLICY_KEYS[key][1]
        else:
            head, _, rest = key.partition(".")
            info = ObjectivePolicy.model_fields[rest] if rest else Policy.model_fields[head]
            description = info.description or ""
        put(ws, row, 3, description)
        if POLICY_KEYS[key][0] == "bool":
            bool_rows.append(row)
        elif key == "min_education":
            list_validation(
                ws, 2, list_formula(_EDUCATION), strict=True, lang=lang, rows=(row, row)
            )
        elif key == "objective.mode":
            modes = ("leksikografis", "berbobot") if lang == "id" else ("lexicographic", "weighted")
            list_validation(ws, 2, list_formula(modes), strict=True, lang=lang, rows=(row, row))
    yes_no = ("ya", "tidak") if lang == "id" else ("yes", "no")
    for bool_row in bool_rows:
        list_validation(
            ws, 2, list_formula(yes_no), strict=True, lang=lang, rows=(bool_row, bool_row)
        )
    style_header(ws, (), instruction_row=True)
    fit_widths(ws, most=70)


def _write_instructions(wb: Workbook, lang: Lang) -> None:
    ws = wb.create_sheet(INSTRUCTIONS_SHEET[0 if lang == "id" else 1], 0)
    if lang == "id":
        lines = [
            "Petunjuk pengisian",
            "Baris 1: judul kolom (jangan diubah). Baris 2: petunjuk singkat, diawali #, "
            "dilewati saat dibaca. Data mulai baris 3.",
            "NIP, kode dan id diisi sebagai teks (format sel Teks): NIP 18 digit yang "
            "diketik sebagai angka kehilangan digit dan ditolak.",
            "permintaan: peran:jumlah dipisah titik koma, mis. manajer:1; keuangan:1.",
            "keahlian: kode peran dipisah titik koma, mis. manajer; keuangan.",
            "ya/tidak: ya, tidak (juga yes/no, true/false, 1/0). Angka boleh memakai koma "
            "desimal (1,5).",
            "Kolom tambahan: beri judul berawalan x_ (mis. x_catatan) agar disimpan sebagai "
            "atribut; kolom lain yang tidak dikenal dilaporkan.",
            "Kunci: jenis kunci = pegawai wajib ke koperasi itu; larang = tidak boleh.",
            "Sheet pilihan: Ketetanggaan (kecamatan_1, kecamatan_2), Waktu tempuh (asal, "
            "desa, menit), Rencana awal (NIP, koperasi, peran).",
            "Baris kuning berawalan '# contoh:' adalah contoh dan tidak dibaca; tulis data Anda "
            "di bawahnya (atau timpa baris contoh, tanpa tanda #).",
            "NIP boleh diketik dengan spasi atau titik (19900101 202012 1 001): dibaca sebagai "
            "18 digit, dengan catatan. NIP PNS/PPPK yang tidak 18 digit diberi peringatan.",
            "Sheet ini dan sheet berawalan x_ tidak dibaca.",
        ]
    else:
        lines = [
            "How to fill in this workbook",
            "Row 1: column headers (do not change). Row 2: a short instruction starting "
            "with #, skipped on reading. Data starts on row 3.",
            "NIP, codes and ids are text (Text cell format): an 18-digit NIP typed as a "
            "number loses digits and is refused.",
            "demand: role:count separated by semicolons, e.g. manajer:1; keuangan:1.",
            "skills: role codes separated by semicolons.",
            "yes/no: yes, no (also ya/tidak, true/false, 1/0). Numbers may use a decimal comma.",
            "Extra columns: prefix the header with x_ to keep it as an attribute; other "
            "unknown columns are reported.",
            "Locks: kind lock = the officer must serve that cooperative; forbid = must not.",
            "Optional sheets: Adjacency (district_1, district_2), Travel (origin, village, "
            "minutes), Baseline (officer_id, cooperative_id, role).",
            "Yellow rows starting with '# example:' are examples and are not read; write your "
            "data below them (or overwrite them, without the #).",
            "A NIP may be typed with spaces or dots (19900101 202012 1 001): it is read as its "
            "18 digits, with a note. A PNS/PPPK id that is not 18 digits gets a warning.",
            "This sheet and sheets whose name starts with x_ are not read.",
        ]
    for row, text in enumerate(lines, start=1):
        put(ws, row, 1, text)
    ws.column_dimensions["A"].width = 120
    ws["A1"].font = openpyxl_module().styles.Font(bold=True, size=14)


def scenario_workbook(scenario: Scenario | None, lang: Lang, *, template: bool) -> Workbook:
    wb = openpyxl_module().Workbook()
    if template:
        _write_instructions(wb, lang)
    for table in TABLES:
        records: Sequence[Any] = getattr(scenario, table.name) if scenario is not None else []
        if scenario is None and table.name == "roles":
            records = [
                Role(code=c, name=n, min_education=e, weekly_hours=h)
                for c, n, e, h in DEFAULT_ROLES
            ]
        _write_table(wb, table, records, lang, examples=template)
    policy = scenario.policy if scenario is not None else Policy()
    _write_policy(wb, policy, scenario.name if scenario is not None else None, lang)
    locks: list[Any] = [*scenario.locks, *scenario.forbids] if scenario is not None else []
    _write_table(wb, LOCKS_SHEET, locks, lang, examples=template)
    if scenario is not None:
        for table in OPTIONAL_TABLES:
            records = getattr(scenario, table.name)
            if records is not None:
                _write_table(wb, table, records, lang)
    for ws in wb.worksheets:
        print_setup(ws)
    return wb
