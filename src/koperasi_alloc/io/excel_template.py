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
    list_formula,
    list_validation,
    openpyxl_module,
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
from koperasi_alloc.io.tables.spec import (
    LOCKS_SHEET,
    NAME_KEYS,
    OPTIONAL_TABLES,
    POLICY_KEYS,
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
    ("manajer", "Pengelola / manajer usaha", "D4", 12.0),
    ("keuangan", "Keuangan / bendahara", None, 8.0),
    ("administrasi", "Administrasi dan pelaporan", None, 6.0),
    ("usaha", "Operasional usaha / gerai", None, 10.0),
)


_TABLE_SHEETS = {t.name: t for t in (*TABLES, *OPTIONAL_TABLES)}


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
        elif (table.name, column.field) in REFERENCES:
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
    wb: Workbook, table: Table, records: Sequence[Any], lang: Lang, sheet: str | None = None
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
    widths = [max(10, min(40, len(h) + 4)) for h in headers]
    style_header(ws, widths, instruction_row=True)
    _add_validations(ws, table, columns, lang)
    return ws


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
        put(ws, row, 1, key)
        put(ws, row, 2, policy_cell(key, value, lang))
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
            modes = ("lexicographic", "weighted")
            list_validation(ws, 2, list_formula(modes), strict=True, lang=lang, rows=(row, row))
    yes_no = ("ya", "tidak") if lang == "id" else ("yes", "no")
    for bool_row in bool_rows:
        list_validation(
            ws, 2, list_formula(yes_no), strict=True, lang=lang, rows=(bool_row, bool_row)
        )
    style_header(ws, (32, 40, 70), instruction_row=True)


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
        _write_table(wb, table, records, lang)
    policy = scenario.policy if scenario is not None else Policy()
    _write_policy(wb, policy, scenario.name if scenario is not None else None, lang)
    locks: list[Any] = [*scenario.locks, *scenario.forbids] if scenario is not None else []
    _write_table(wb, LOCKS_SHEET, locks, lang)
    if scenario is not None:
        for table in OPTIONAL_TABLES:
            records = getattr(scenario, table.name)
            if records is not None:
                _write_table(wb, table, records, lang)
    return wb
