"""Scenarios and plans as Excel workbooks (needs the ``excel`` extra: openpyxl).

The workbook a planner fills in
-------------------------------
:func:`write_template` writes an empty workbook, :func:`write_scenario_xlsx` the same
workbook filled with a scenario, and :func:`read_scenario_xlsx` reads either back. Sheets
(Indonesian name / English name accepted on reading):

* Kecamatan / Districts, Desa / Villages, Koperasi / Cooperatives, Pegawai / Officers,
  Peran / Roles, Instansi / Agencies: one row per record;
* Aturan / Policy: the policy as key/value rows (``aturan``, ``nilai``, ``keterangan``); the
  row ``nama_skenario`` holds the scenario name (else the file name is used); keys left out
  keep their defaults;
* Kunci / Locks: locks and forbids, the column ``jenis`` saying ``kunci`` (lock) or
  ``larang`` (forbid);
* optional, only when given: Ketetanggaan / Adjacency (without it adjacency is computed
  from coordinates; with it, and no rows, nothing is adjacent), Waktu tempuh / Travel,
  Rencana awal / Baseline;
* Petunjuk / Instructions and any sheet whose name starts with ``x_`` are ignored; any
  other sheet is reported.

Row 1 holds the headers (Indonesian, or English with ``lang="en"``; both, and the field
names of :mod:`koperasi_alloc.scenario`, are accepted on reading, in any case). Row 2 holds
a short instruction; it is skipped on reading when its first cell starts with ``#`` (a row 2
that does not is data). Data starts on row 3. Columns are described in
:mod:`koperasi_alloc.io.csv_folder`; in short: ``permintaan`` is one cell
``manajer:1; keuangan:1`` (or columns ``permintaan_<peran>``), ``keahlian`` is separated by
``;`` or ``,``, yes/no is ``ya/tidak`` (also ``yes/no``, ``true/false``, ``1/0``), numbers
may use a decimal comma, ``atribut`` is a JSON object and a column ``x_<name>`` keeps
attribute ``<name>`` as typed (text, number or yes/no).

NIP, ids and codes are text. A NIP typed as a number is accepted only when no digit can
have been lost: a whole number below 10^15 (Excel keeps 15 significant digits) is converted
exactly; anything else (an 18-digit NIP that Excel shows as ``1,99001E+17``) is reported as
"NIP harus teks". Leading zeros that Excel dropped cannot be detected.

Every row is either loaded or reported. All problems are raised together as a
:class:`~koperasi_alloc.errors.ScenarioError`; each names the sheet and row (``Pegawai baris
12``) and the column header, in the language chosen (``lang``). Cross-record problems found
by the scenario's validation (unknown kecamatan, duplicate ids...) are mapped back to the
sheet row and column too.

Text that XML cannot hold (control characters, carriage returns) is written with Excel's own
``_xHHHH_`` escapes and decoded on reading, so every scenario survives the round trip; a
float that openpyxl would round (it writes 16 significant digits) is written as text.

The plan workbook
-----------------
:func:`write_plan_xlsx` writes Penugasan (assignments), Kekosongan (vacancies, with the
reason from an explanation), Ringkasan (status, tier values, coverage per kecamatan) and
Pegawai tidak ditugaskan (officers not placed). A planner may edit Penugasan (delete, add or
change rows); :func:`read_plan_locks_xlsx` reads it back as locks for ``replan``: only the
columns NIP, koperasi and peran are read, the others are for people.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from koperasi_alloc.errors import Problem, ScenarioError
from koperasi_alloc.io.csv_folder import (
    LOCKS_SHEET,
    NAME_KEYS,
    OPTIONAL_TABLES,
    POLICY_KEYS,
    TABLES,
    CellError,
    Column,
    Lang,
    Reader,
    Table,
    as_key,
    build_collections,
    cell_value,
    is_blank,
    message,
    policy_cell,
    policy_rows,
    record_values,
    where,
)
from koperasi_alloc.scenario import Education, Lock, ObjectivePolicy, Policy, Scenario

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from koperasi_alloc.plan import Plan

__all__ = [
    "read_plan_locks_xlsx",
    "read_scenario_xlsx",
    "write_plan_xlsx",
    "write_scenario_xlsx",
    "write_template",
]

PathLike = str | os.PathLike[str]

POLICY_SHEET = ("Aturan", "Policy")
INSTRUCTIONS_SHEET = ("Petunjuk", "Instructions")
PLAN_SHEETS = {
    "assignments": ("Penugasan", "Assignments"),
    "vacancies": ("Kekosongan", "Vacancies"),
    "summary": ("Ringkasan", "Summary"),
    "unassigned": ("Pegawai tidak ditugaskan", "Unassigned officers"),
}
MAX_ROW = 100_000  # reach of data validations and reference lists

_EDUCATION = tuple(e.value for e in Education)

DEFAULT_ROLES: tuple[tuple[str, str, str | None, float | None], ...] = (
    ("manajer", "Pengelola / manajer usaha", "D4", 12.0),
    ("keuangan", "Keuangan / bendahara", None, 8.0),
    ("administrasi", "Administrasi dan pelaporan", None, 6.0),
    ("usaha", "Operasional usaha / gerai", None, 10.0),
)

# --- text escapes -----------------------------------------------------------------------------

_ESCAPED = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def escape_text(text: str) -> str:
    """Text as Excel stores it: characters XML cannot hold as ``_xHHHH_``."""
    text = _ESCAPED.sub("_x005F_", text)
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def unescape_text(text: str) -> str:
    """Decode Excel's ``_xHHHH_`` escapes."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


# --- writing helpers --------------------------------------------------------------------------


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as error:  # pragma: no cover - exercised without openpyxl only
        raise ImportError("Excel files need openpyxl: pip install koperasi-alloc[excel]") from error
    return openpyxl


def _exact_float(value: float) -> bool:
    """Whether openpyxl (16 significant digits) writes ``value`` without rounding."""
    return math.isfinite(value) and float(f"{value:.16g}") == value


def _put(ws: Worksheet, row: int, column: int, value: Any) -> None:
    """Write one cell: text always as text (never a formula), numbers exactly."""
    if value is None:
        return
    if isinstance(value, bool):
        ws.cell(row=row, column=column, value=value)
        return
    if isinstance(value, float) and not _exact_float(value):
        value = repr(value)
    elif isinstance(value, int) and abs(value) >= 10**15:
        value = str(value)
    if isinstance(value, str):
        cell = ws.cell(row=row, column=column, value=escape_text(value))
        cell.data_type = "s"
        return
    ws.cell(row=row, column=column, value=value)


def _style_header(ws: Worksheet, widths: Sequence[int], *, instruction_row: bool) -> None:
    openpyxl = _openpyxl()
    bold = openpyxl.styles.Font(bold=True)
    fill = openpyxl.styles.PatternFill("solid", fgColor="DDEBF7")
    hint = openpyxl.styles.Font(italic=True, color="808080")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
    if instruction_row and ws.max_row >= 2:
        for cell in ws[2]:
            cell.font = hint
    for index, width in enumerate(widths, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A3" if instruction_row else "A2"


def _validation(
    ws: Worksheet,
    column: int,
    formula: str,
    *,
    strict: bool,
    lang: Lang,
    rows: tuple[int, int] = (3, MAX_ROW),
) -> None:
    openpyxl = _openpyxl()
    letter = openpyxl.utils.get_column_letter(column)
    rule = openpyxl.worksheet.datavalidation.DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
    )
    rule.error = "Pilih dari daftar" if lang == "id" else "Choose from the list"
    ws.add_data_validation(rule)
    rule.add(f"{letter}{rows[0]}:{letter}{rows[1]}")


def _reference(sheet: str) -> str:
    return f"'{sheet}'!$A$3:$A${MAX_ROW}"


def _list_formula(choices: Sequence[str]) -> str:
    return '"' + ",".join(choices) + '"'


_REFERENCES = {
    ("villages", "district"): "districts",
    ("cooperatives", "village"): "villages",
    ("officers", "agency"): "agencies",
    ("officers", "domicile"): "villages",
    ("officers", "work_district"): "districts",
    ("locks", "officer"): "officers",
    ("locks", "cooperative"): "cooperatives",
    ("locks", "role"): "roles",
    ("adjacency", "0"): "districts",
    ("adjacency", "1"): "districts",
    ("travel", "village"): "villages",
    ("baseline", "officer_id"): "officers",
    ("baseline", "cooperative_id"): "cooperatives",
    ("baseline", "role"): "roles",
}
_TABLE_SHEETS = {t.name: t for t in (*TABLES, *OPTIONAL_TABLES)}


def _add_validations(ws: Worksheet, table: Table, columns: Sequence[Column], lang: Lang) -> None:
    for index, column in enumerate(columns, start=1):
        if column.kind == "bool":
            choices = ("ya", "tidak") if lang == "id" else ("yes", "no")
            _validation(ws, index, _list_formula(choices), strict=True, lang=lang)
        elif column.kind == "jenis":
            choices = ("kunci", "larang") if lang == "id" else ("lock", "forbid")
            _validation(ws, index, _list_formula(choices), strict=True, lang=lang)
        elif column.kind == "enum":
            _validation(ws, index, _list_formula(column.choices), strict=True, lang=lang)
        elif (table.name, column.field) in _REFERENCES:
            target = _TABLE_SHEETS[_REFERENCES[(table.name, column.field)]]
            _validation(ws, index, _reference(target.sheet(lang)), strict=False, lang=lang)
        if column.kind in ("key", "text"):
            letter = _openpyxl().utils.get_column_letter(index)
            ws.column_dimensions[letter].number_format = "@"


def _x_safe_key(key: str) -> bool:
    return bool(key) and key == key.strip()


def _x_safe_value(value: Any) -> bool:
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return abs(value) < 10**15
    if isinstance(value, float):
        return not value.is_integer() and _exact_float(value)
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
        _put(ws, 1, index, text)
        _put(ws, 2, index, hints[index - 1] or None)
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
                _put(ws, row, index, value)
                continue
            _put(ws, row, index, cell_value(column, value, lang))
        for offset, key in enumerate(extra_keys, start=len(columns) + 1):
            if key in attributes and _x_safe_value(attributes[key]):
                _put(ws, row, offset, attributes[key])
    widths = [max(10, min(40, len(h) + 4)) for h in headers]
    _style_header(ws, widths, instruction_row=True)
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
        _put(ws, 1, index, text)
        _put(ws, 2, index, hints[index - 1] or None)
    row = 3
    _put(ws, row, 1, NAME_KEYS[0] if lang == "id" else NAME_KEYS[1])
    _put(ws, row, 2, name)
    _put(ws, row, 3, "nama skenario" if lang == "id" else "scenario name")
    bool_rows: list[int] = []
    for key, value in policy_rows(policy):
        row += 1
        _put(ws, row, 1, key)
        _put(ws, row, 2, policy_cell(key, value, lang))
        if lang == "id":
            description = POLICY_KEYS[key][1]
        else:
            head, _, rest = key.partition(".")
            info = ObjectivePolicy.model_fields[rest] if rest else Policy.model_fields[head]
            description = info.description or ""
        _put(ws, row, 3, description)
        if POLICY_KEYS[key][0] == "bool":
            bool_rows.append(row)
        elif key == "min_education":
            _validation(ws, 2, _list_formula(_EDUCATION), strict=True, lang=lang, rows=(row, row))
        elif key == "objective.mode":
            modes = ("lexicographic", "weighted")
            _validation(ws, 2, _list_formula(modes), strict=True, lang=lang, rows=(row, row))
    yes_no = ("ya", "tidak") if lang == "id" else ("yes", "no")
    for bool_row in bool_rows:
        _validation(ws, 2, _list_formula(yes_no), strict=True, lang=lang, rows=(bool_row, bool_row))
    _style_header(ws, (32, 40, 70), instruction_row=True)


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
        _put(ws, row, 1, text)
    ws.column_dimensions["A"].width = 120
    ws["A1"].font = _openpyxl().styles.Font(bold=True, size=14)


def _save(wb: Workbook, path: PathLike) -> None:
    if "Sheet" in wb.sheetnames and len(wb.sheetnames) > 1:
        del wb["Sheet"]
    wb.save(os.fspath(path))


def _workbook(scenario: Scenario | None, lang: Lang, *, template: bool) -> Workbook:
    wb = _openpyxl().Workbook()
    if template:
        _write_instructions(wb, lang)
    for table in TABLES:
        records: Sequence[Any] = getattr(scenario, table.name) if scenario is not None else []
        if scenario is None and table.name == "roles":
            from koperasi_alloc.scenario import Role

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


def write_template(path: PathLike, lang: Lang = "id") -> None:
    """Write an empty scenario workbook for planners to fill in.

    Parameters
    ----------
    path
        The ``.xlsx`` file to write.
    lang
        ``"id"``: Indonesian sheet names, headers and instructions; ``"en"``: English.

    Notes
    -----
    Sheets Petunjuk (instructions), Kecamatan, Desa, Koperasi, Pegawai, Peran (filled with
    common roles, to edit), Instansi, Aturan (every policy key with its default value) and
    Kunci; each data sheet has a header row, an instruction row and data validation lists
    (employment type, education level, desa/kelurahan, status IDM, yes/no, kunci/larang,
    and codes of the other sheets: kecamatan, desa, instansi, peran, koperasi, NIP).
    """
    _save(_workbook(None, lang, template=True), path)


def write_scenario_xlsx(scenario: Scenario, path: PathLike, lang: Lang = "id") -> None:
    """Write ``scenario`` in the template's layout, for a planner to review and edit.

    Parameters
    ----------
    scenario
        The scenario.
    path
        The ``.xlsx`` file to write.
    lang
        Language of sheet names and headers.

    Notes
    -----
    :func:`read_scenario_xlsx` reads the file back into an equal scenario. Attributes whose
    value is text, a number or yes/no get an ``x_<name>`` column; the others (lists, nested
    objects, null) stay in the ``atribut`` JSON column. Adjacency, Travel and Baseline sheets
    are written only when the scenario has them.
    """
    _save(_workbook(scenario, lang, template=False), path)


# --- reading ----------------------------------------------------------------------------------


def _norm_sheet(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _rows(ws: Any) -> list[tuple[int, Sequence[Any]]]:
    return [(n, row) for n, row in enumerate(ws.iter_rows(values_only=True), start=1)]


def _load(path: PathLike, source: str, lang: Lang) -> Any:
    openpyxl = _openpyxl()
    try:
        return openpyxl.load_workbook(os.fspath(path), read_only=True, data_only=True)
    except FileNotFoundError:
        error = "no such file" if lang == "en" else "berkas tidak ada"
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        error = f"{type(exc).__name__}: {exc}"
    problem = Problem("file", "", message("unreadable", lang, error=error))
    raise ScenarioError([problem], source=source) from None


def read_scenario_xlsx(path: PathLike, lang: Lang = "id") -> Scenario:
    """Read a scenario from a workbook in the template's layout.

    Parameters
    ----------
    path
        The ``.xlsx`` file (see the module documentation for the layout).
    lang
        Language of the problems reported: ``"id"`` (``Pegawai baris 12``) or ``"en"``
        (``Officers row 12``). Either language's sheet names and headers are accepted.

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioError
        Listing every problem at once, each naming the sheet, the row and the column.
    """
    source = os.fspath(path)
    wb = _load(path, source, lang)
    reader = Reader(lang, decode=unescape_text)
    try:
        sheets: dict[str, Any] = {}
        known = {
            **{
                _norm_sheet(n): t.name
                for t in (*TABLES, *OPTIONAL_TABLES)
                for n in (t.sheet_id, t.sheet_en, t.name)
            },
            **{_norm_sheet(n): "locks" for n in ("Kunci", "Locks", "forbids")},
            **{_norm_sheet(n): "policy" for n in POLICY_SHEET},
        }
        ignored = {_norm_sheet(n) for n in INSTRUCTIONS_SHEET}
        for ws in wb.worksheets:
            title = unescape_text(ws.title)
            key = _norm_sheet(title)
            if key in ignored or key.startswith("x_"):
                continue
            collection = known.get(key)
            if collection is None or collection in sheets:
                reader.add(title, None, "", "unknown_sheet")
                continue
            sheets[collection] = ws
            reader.containers[collection] = title
        loaded: dict[str, Any] = {}
        for table in TABLES:
            ws = sheets.get(table.name)
            if ws is None:
                reader.add(table.sheet(lang), None, "", "missing_sheet")
                loaded[table.name] = []
                continue
            loaded[table.name] = reader.read_table(
                table, _rows(ws), reader.containers[table.name], instruction_row=True
            )
        locks_ws = sheets.get("locks")
        lock_rows: list[Any] = []
        if locks_ws is not None:
            lock_rows = reader.read_table(
                LOCKS_SHEET, _rows(locks_ws), reader.containers["locks"], instruction_row=True
            )
            reader.containers["forbids"] = reader.containers["locks"]
            reader.layouts["forbids"] = reader.layouts["locks"]
        loaded["locks"] = [(n, r, rec) for n, r, rec in lock_rows if r.get("jenis") == "lock"]
        loaded["forbids"] = [(n, r, rec) for n, r, rec in lock_rows if r.get("jenis") == "forbid"]
        for table in OPTIONAL_TABLES:
            ws = sheets.get(table.name)
            if ws is not None:
                loaded[table.name] = reader.read_table(
                    table, _rows(ws), reader.containers[table.name], instruction_row=True
                )
        collections = build_collections(reader, loaded)
        for table in OPTIONAL_TABLES:
            collections.setdefault(table.name, None)
        name: str | None = None
        policy_data: dict[str, Any] = {}
        if "policy" in sheets:
            policy_data, name = reader.read_policy(
                _rows(sheets["policy"]), reader.containers["policy"], instruction_row=True
            )
            policy = reader.policy(policy_data, reader.containers["policy"])
        else:
            policy = Policy()
    finally:
        wb.close()
    return reader.assemble(name or Path(source).stem, collections, policy, source)


# --- plans ------------------------------------------------------------------------------------

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


def _header_row(ws: Worksheet, headers: Sequence[str]) -> None:
    for index, text in enumerate(headers, start=1):
        _put(ws, 1, index, text)


def write_plan_xlsx(
    plan: Plan,
    scenario: Scenario,
    path: PathLike,
    explanation: Any = None,
    lang: Lang = "id",
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

    Notes
    -----
    Sheets: Penugasan (one row per assignment: kecamatan, desa, koperasi, NIP, nama,
    instansi, peran, tier, jarak_km, menit), Kekosongan (empty slots), Ringkasan (status,
    gap and tier values, then coverage per kecamatan) and Pegawai tidak ditugaskan (every
    officer without an assignment). :func:`read_plan_locks_xlsx` reads Penugasan back.
    """
    wb = _openpyxl().Workbook()
    index = 0 if lang == "id" else 1
    officers = scenario.officer_by_id
    cooperatives = scenario.cooperative_by_id
    villages = scenario.village_by_code
    districts = scenario.district_by_code
    agencies = scenario.agency_by_code

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

    ws = wb.create_sheet(PLAN_SHEETS["assignments"][index])
    _header_row(ws, _ASSIGNMENT_HEADERS[lang])
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
        for column, value in enumerate(values, start=1):
            _put(ws, row, column, value)
    _style_header(ws, (20, 20, 16, 14, 22, 24, 12, 14, 11, 10, 8), instruction_row=False)

    reasons: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for item in getattr(explanation, "vacancies", None) or []:
        key = (str(item.cooperative_id), str(item.role))
        code = getattr(item, "reason", None) or getattr(item, "code", None) or ""
        text = getattr(item, "text", None) or getattr(item, f"text_{lang}", None) or ""
        reasons[key].append((str(code), str(text)))
    ws = wb.create_sheet(PLAN_SHEETS["vacancies"][index])
    headers: tuple[str, ...] = (
        ("kecamatan", "desa", "koperasi", "peran", "jumlah", "kode_alasan", "alasan")
        if lang == "id"
        else ("district", "village", "cooperative", "role", "count", "reason_code", "reason")
    )
    _header_row(ws, headers)
    vacancies = sorted(
        plan.vacancies, key=lambda v: (place(v.cooperative_id)[0] or "", v.cooperative_id, v.role)
    )
    for row, v in enumerate(vacancies, start=2):
        _, district_name, village_name, _ = place(v.cooperative_id)
        found = reasons.get((v.cooperative_id, v.role), [])
        codes = "; ".join(dict.fromkeys(code for code, _ in found if code)) or None
        texts = " ".join(dict.fromkeys(text for _, text in found if text)) or None
        values = (district_name, village_name, v.cooperative_id, v.role, v.count, codes, texts)
        for column, value in enumerate(values, start=1):
            _put(ws, row, column, value)
    _style_header(ws, (20, 20, 14, 14, 8, 20, 80), instruction_row=False)

    _write_summary(wb, plan, scenario, lang, place)

    ws = wb.create_sheet(PLAN_SHEETS["unassigned"][index])
    headers = (
        (
            "NIP", "nama", "instansi", "nama_instansi", "jenis_kepegawaian", "pendidikan",
            "kecamatan_kerja", "nama_kecamatan", "domisili", "keahlian", "kelompok", "tersedia",
        )
        if lang == "id"
        else (
            "officer", "name", "agency", "agency_name", "employment", "education",
            "work_district", "district_name", "domicile", "skills", "group", "available",
        )
    )  # fmt: skip
    _header_row(ws, headers)
    placed = {a.officer_id for a in plan.assignments}
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
            ("ya" if officer.available else "tidak")
            if lang == "id"
            else ("yes" if officer.available else "no"),
        )
        for column, value in enumerate(values, start=1):
            _put(ws, row, column, value)
    _style_header(ws, (22, 24, 12, 24, 18, 11, 16, 20, 16, 24, 12, 9), instruction_row=False)
    _save(wb, path)


def _write_summary(wb: Workbook, plan: Plan, scenario: Scenario, lang: Lang, place: Any) -> None:
    ws = wb.create_sheet(PLAN_SHEETS["summary"][0 if lang == "id" else 1])
    id_ = lang == "id"
    rows: list[tuple[Any, ...]] = [
        ("status", plan.status.value),
        ("terisi" if id_ else "filled", plan.filled),
        ("slot" if id_ else "slots", plan.total_slots),
        ("objektif" if id_ else "objective", plan.objective),
        ("batas_terbaik" if id_ else "best_bound", plan.best_bound),
        ("gap", plan.gap),
        ("waktu_detik" if id_ else "wall_time_s", round(plan.wall_time, 3)),
        ("catatan" if id_ else "message", plan.message),
    ]
    for tier in plan.tiers:
        proven = ("terbukti" if id_ else "proven") if tier.proven else None
        rows.append((f"tier_{tier.name}", tier.value, tier.bound, tier.sense, proven))
    row = 0
    for row, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            _put(ws, row, column, value)
        ws.cell(row=row, column=1).font = _openpyxl().styles.Font(bold=True)
    demanded: Counter[str] = Counter()
    cooperative_count: Counter[str] = Counter()
    for cooperative in scenario.cooperatives:
        district = place(cooperative.id)[0] or ""
        demanded[district] += sum(cooperative.demand.values())
        cooperative_count[district] += 1
    filled = Counter(place(a.cooperative_id)[0] or "" for a in plan.assignments)
    vacant: Counter[str] = Counter()
    for v in plan.vacancies:
        vacant[place(v.cooperative_id)[0] or ""] += v.count
    headers = (
        ("kode_kecamatan", "kecamatan", "koperasi", "permintaan", "terisi", "kosong", "cakupan")
        if id_
        else (
            "district_code",
            "district",
            "cooperatives",
            "demanded",
            "filled",
            "vacant",
            "coverage",
        )
    )
    row += 2
    for column, text in enumerate(headers, start=1):
        _put(ws, row, column, text)
        ws.cell(row=row, column=column).font = _openpyxl().styles.Font(bold=True)
    for district in scenario.districts:
        row += 1
        want = demanded[district.code]
        values = (
            district.code,
            district.name,
            cooperative_count[district.code],
            want,
            filled[district.code],
            vacant[district.code],
            round(filled[district.code] / want, 4) if want else None,
        )
        for column, value in enumerate(values, start=1):
            _put(ws, row, column, value)
        ws.cell(row=row, column=7).number_format = "0.0%"
    for letter, width in zip("ABCDEFG", (18, 24, 12, 12, 10, 10, 10), strict=True):
        ws.column_dimensions[letter].width = width


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
    wb = _load(path, source, lang)
    problems: list[Problem] = []
    locks: list[Lock] = []
    try:
        names = {_norm_sheet(n) for n in PLAN_SHEETS["assignments"]}
        ws = next((w for w in wb.worksheets if _norm_sheet(w.title) in names), None)
        sheet = PLAN_SHEETS["assignments"][0 if lang == "id" else 1]
        if ws is None:
            problems.append(Problem(sheet, "", message("missing_sheet", lang)))
            raise ScenarioError(problems, source=source)
        sheet = ws.title
        rows = _rows(ws)
        header = rows[0][1] if rows else ()
        positions: dict[str, int] = {}
        labels: dict[str, str] = {}
        for position, raw in enumerate(header):
            if is_blank(raw):
                continue
            text = unescape_text(str(raw)).strip()
            for field_, accepted in _LOCK_HEADERS.items():
                if _norm_sheet(text) in accepted and field_ not in positions:
                    positions[field_] = position
                    labels[field_] = text
        for field_ in ("officer", "cooperative"):
            if field_ not in positions:
                label = {
                    "officer": "NIP",
                    "cooperative": "koperasi" if lang == "id" else "cooperative",
                }
                problems.append(
                    Problem(where(sheet, 1, lang), label[field_], message("missing_column", lang))
                )
        if problems:
            raise ScenarioError(problems, source=source)
        known: dict[str, tuple[dict[str, Any], str]] = {
            "officer": (scenario.officer_by_id, "officer"),
            "cooperative": (scenario.cooperative_by_id, "cooperative"),
            "role": (scenario.role_by_code, "role"),
        }
        for number, cells in rows[1:]:
            if all(is_blank(v) for v in cells):
                continue
            found: dict[str, str | None] = {}
            ok = True
            for field_, position in positions.items():
                value = cells[position] if position < len(cells) else None
                if is_blank(value):
                    found[field_] = None
                    if field_ != "role":
                        problems.append(
                            Problem(
                                where(sheet, number, lang),
                                labels[field_],
                                message("required", lang),
                            )
                        )
                        ok = False
                    continue
                if isinstance(value, str):
                    value = unescape_text(value)
                try:
                    key = as_key(value, labels[field_])
                except CellError as error:
                    problems.append(
                        Problem(
                            where(sheet, number, lang),
                            labels[field_],
                            message(error.key, lang, **error.values),
                        )
                    )
                    ok = False
                    continue
                table, what = known[field_]
                if key not in table:
                    what_text = (
                        {"officer": "pegawai", "cooperative": "koperasi", "role": "peran"}[what]
                        if lang == "id"
                        else what
                    )
                    problems.append(
                        Problem(
                            where(sheet, number, lang),
                            labels[field_],
                            message("unknown_ref", lang, what=what_text, value=repr(key)),
                        )
                    )
                    ok = False
                found[field_] = key
            if ok:
                locks.append(
                    Lock(
                        officer=str(found["officer"]),
                        cooperative=str(found["cooperative"]),
                        role=found.get("role"),
                    )
                )
    finally:
        wb.close()
    if problems:
        raise ScenarioError(problems, source=source)
    return locks
