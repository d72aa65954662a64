"""Scenarios and plans as Excel workbooks (needs the ``excel`` extra: openpyxl).

The workbook a planner fills in
-------------------------------
This module reads it (:func:`read_scenario_xlsx`); the writing is in
:mod:`koperasi_alloc.io.excel_template`, the cell plumbing in
:mod:`koperasi_alloc.io.excel_sheets` and the columns and messages in the table layer
(:mod:`koperasi_alloc.io.tables`) shared with the CSV folder.

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
attribute ``<name>`` as typed (text, number or yes/no). A choice accepts common spellings
(``S-1``, ``S.1``, ``s1`` for ``S1``; ``D-3``, ``D-III`` for ``D3``) and a kecamatan or desa
column accepts the name of exactly one kecamatan or desa for its code (``Bengalon`` for
``64.08.09``); each such reading is reported as a note (``notes=``), never silently.

NIP, ids and codes are text. A NIP typed as a number is accepted only when no digit can
have been lost: a whole number below 10^15 (Excel keeps 15 significant digits) is converted
exactly; anything else (an 18-digit NIP that Excel shows as ``1,99001E+17``) is reported as
"NIP harus teks". Leading zeros that Excel dropped cannot be detected.

Every row is either loaded or reported. All problems are raised together as a
:class:`~koperasi_alloc.errors.ScenarioError`; each names the sheet and row (``Pegawai baris
12``) and the column header, in the language chosen (``lang``). Cross-record problems found
by the scenario's validation (unknown kecamatan, duplicate ids...) are mapped back to the
sheet row and column too. A missing sheet is one problem; the references into it are not
listed one by one but counted in a note (``67 rujukan ke peran tidak diperiksa``).

Text that XML cannot hold (control characters, carriage returns) is written with Excel's own
``_xHHHH_`` escapes and decoded on reading, so every scenario survives the round trip; a
float that openpyxl would round (it writes 16 significant digits) is written as text.

The plan workbook
-----------------
:func:`write_plan_xlsx` writes Penugasan (assignments, with a ``keputusan`` decision
column), Kekosongan (vacancies with their reason), Ringkasan (status, the slot figures,
tier values, figures per kecamatan and role), Pegawai tidak ditugaskan (officers not
placed, with the reason) and Petunjuk; see :mod:`koperasi_alloc.io.excel_plan`. A planner
reviews Penugasan (decides setuju / tolak / kunci, deletes rows) and sends it back:
:func:`read_plan_review` reads the decisions (:mod:`koperasi_alloc.io.excel_review`),
:func:`read_plan_locks_xlsx` only its locks.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from koperasi_alloc.io.excel_plan import write_plan_xlsx
from koperasi_alloc.io.excel_review import read_plan_review
from koperasi_alloc.io.excel_sheets import (
    INSTRUCTIONS_SHEET,
    POLICY_SHEET,
    escape_text,
    load_workbook,
    norm_sheet,
    save,
    sheet_rows,
    unescape_text,
)
from koperasi_alloc.io.excel_template import scenario_workbook
from koperasi_alloc.io.limits import DEFAULT_LIMITS, InputLimits, check_file_size
from koperasi_alloc.io.tables.assemble import assemble
from koperasi_alloc.io.tables.messages import Note
from koperasi_alloc.io.tables.policy import read_policy, validate_policy
from koperasi_alloc.io.tables.reader import Reader, Row, build_collections
from koperasi_alloc.io.tables.spec import LOCKS_SHEET, OPTIONAL_TABLES, TABLES, Lang
from koperasi_alloc.scenario import Lock, Policy, Scenario

__all__ = [
    "escape_text",
    "read_plan_locks_xlsx",
    "read_plan_review",
    "read_scenario_xlsx",
    "unescape_text",
    "write_plan_xlsx",
    "write_scenario_xlsx",
    "write_template",
]

PathLike = str | os.PathLike[str]


def read_plan_locks_xlsx(path: PathLike, scenario: Scenario, lang: Lang = "id") -> list[Lock]:
    """The locks of a reviewed plan workbook: one per row marked ``kunci``.

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
        ``Lock(officer, cooperative, role)`` per ``kunci`` row, in sheet order. The other
        decisions (setuju, tolak, deleted rows) are in :func:`read_plan_review`.

    Raises
    ------
    ScenarioError
        As :func:`~koperasi_alloc.io.excel_review.read_plan_review`.
    """
    return read_plan_review(path, scenario, lang=lang).locks


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
    save(scenario_workbook(None, lang, template=True), path)


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
    save(scenario_workbook(scenario, lang, template=False), path)


def read_scenario_xlsx(
    path: PathLike,
    lang: Lang = "id",
    *,
    notes: list[Note] | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
) -> Scenario:
    """Read a scenario from a workbook in the template's layout.

    Parameters
    ----------
    path
        The ``.xlsx`` file (see the module documentation for the layout).
    lang
        Language of the problems reported: ``"id"`` (``Pegawai baris 12``) or ``"en"``
        (``Officers row 12``). Either language's sheet names and headers are accepted.
    notes
        When given, a list that receives a :class:`~koperasi_alloc.io.tables.Note` for each
        value read in another form than written (``S-1`` as ``S1``, ``Bengalon`` as
        ``64.08.09``), so that nothing changes silently.
    limits
        The largest file, sheet and number of problems accepted
        (:class:`~koperasi_alloc.io.limits.InputLimits`).

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioError
        Listing every problem at once, each naming the sheet, the row and the column (a
        :class:`~koperasi_alloc.io.tables.TableError`, whose ``notes`` hold the notes and the
        count of references not checked because a required sheet is missing).
    """
    source = os.fspath(path)
    check_file_size(Path(source), limits, source)
    wb = load_workbook(path, source, lang)
    reader = Reader(lang, decode=unescape_text, limits=limits, source=source)
    try:
        sheets = _find_sheets(reader, wb.worksheets)
        loaded = _read_tables(reader, sheets, lang)
        collections = build_collections(reader, loaded)
        for table in OPTIONAL_TABLES:
            collections.setdefault(table.name, None)
        name: str | None = None
        policy = Policy()
        if "policy" in sheets:
            container = reader.containers["policy"]
            rows = sheet_rows(sheets["policy"], reader)
            policy_data, name = read_policy(reader, rows, container, instruction_row=True)
            policy = validate_policy(reader, policy_data, container)
    finally:
        wb.close()
    return assemble(reader, name or Path(source).stem, collections, policy, source, notes)


def _find_sheets(reader: Reader, worksheets: list[Any]) -> dict[str, Any]:
    """The worksheet of each collection (and ``policy``); other sheets are reported."""
    known = {
        **{
            norm_sheet(n): t.name
            for t in (*TABLES, *OPTIONAL_TABLES)
            for n in (t.sheet_id, t.sheet_en, t.name)
        },
        **{norm_sheet(n): "locks" for n in ("Kunci", "Locks", "forbids")},
        **{norm_sheet(n): "policy" for n in POLICY_SHEET},
    }
    ignored = {norm_sheet(n) for n in INSTRUCTIONS_SHEET}
    sheets: dict[str, Any] = {}
    for ws in worksheets:
        title = unescape_text(ws.title)
        key = norm_sheet(title)
        if key in ignored or key.startswith("x_"):
            continue
        collection = known.get(key)
        if collection is None or collection in sheets:
            reader.add(title, None, "", "unknown_sheet")
            continue
        sheets[collection] = ws
        reader.containers[collection] = title
    return sheets


def _read_tables(reader: Reader, sheets: dict[str, Any], lang: Lang) -> dict[str, list[Row]]:
    """Every table's rows; a missing required sheet is one problem."""
    loaded: dict[str, list[Row]] = {}
    for table in TABLES:
        ws = sheets.get(table.name)
        if ws is None:
            reader.add(table.sheet(lang), None, "", "missing_sheet")
            reader.missing[table.name] = table.sheet(lang)
            loaded[table.name] = []
            continue
        container = reader.containers[table.name]
        loaded[table.name] = reader.read_table(
            table, sheet_rows(ws, reader), container, instruction_row=True
        )
    lock_rows: list[Row] = []
    if "locks" in sheets:
        container = reader.containers["locks"]
        rows = sheet_rows(sheets["locks"], reader)
        lock_rows = reader.read_table(LOCKS_SHEET, rows, container, instruction_row=True)
        reader.containers["forbids"] = container
        reader.layouts["forbids"] = reader.layouts["locks"]
    loaded["locks"] = [(n, r, rec) for n, r, rec in lock_rows if r.get("jenis") == "lock"]
    loaded["forbids"] = [(n, r, rec) for n, r, rec in lock_rows if r.get("jenis") == "forbid"]
    for table in OPTIONAL_TABLES:
        ws = sheets.get(table.name)
        if ws is not None:
            container = reader.containers[table.name]
            loaded[table.name] = reader.read_table(
                table, sheet_rows(ws, reader), container, instruction_row=True
            )
    return loaded
