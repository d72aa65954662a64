"""Workbook plumbing shared by the scenario and plan workbooks (needs openpyxl on use).

Sheet names, writing one cell exactly (text as text, never a formula; a float openpyxl
would round as text), Excel's ``_xHHHH_`` escapes for text XML cannot hold, header styling,
drop-down lists, and opening a workbook with a clear problem when it cannot be read.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from koperasi_alloc.errors import Problem, ScenarioError
from koperasi_alloc.i18n import say
from koperasi_alloc.io.tables.messages import message
from koperasi_alloc.io.tables.spec import Lang

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from koperasi_alloc.io.tables.reader import Reader

PathLike = str | os.PathLike[str]

POLICY_SHEET = ("Aturan", "Policy")
INSTRUCTIONS_SHEET = ("Petunjuk", "Instructions")
PLAN_SHEETS: dict[str, tuple[str, str]] = {
    which: (say(f"sheet.{which}", "id"), say(f"sheet.{which}", "en"))
    for which in ("assignments", "vacancies", "summary", "unassigned", "changes", "instructions")
}
"""The plan workbook's sheets: (Indonesian name, English name), from the catalogue."""
MAX_ROW = 100_000  # reach of data validations and reference lists


# --- text escapes

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


# --- writing helpers


def openpyxl_module() -> Any:
    try:
        import openpyxl
    except ImportError as error:  # pragma: no cover - exercised without openpyxl only
        raise ImportError("Excel files need openpyxl: pip install koperasi-alloc[excel]") from error
    return openpyxl


def exact_float(value: float) -> bool:
    """Whether openpyxl (16 significant digits) writes ``value`` without rounding."""
    return math.isfinite(value) and float(f"{value:.16g}") == value


def put(ws: Worksheet, row: int, column: int, value: Any) -> None:
    """Write one cell: text always as text (never a formula), numbers exactly."""
    if value is None:
        return
    if isinstance(value, bool):
        ws.cell(row=row, column=column, value=value)
        return
    if isinstance(value, float) and not exact_float(value):
        value = repr(value)
    elif isinstance(value, int) and abs(value) >= 10**15:
        value = str(value)
    if isinstance(value, str):
        cell = ws.cell(row=row, column=column, value=escape_text(value))
        cell.data_type = "s"
        return
    ws.cell(row=row, column=column, value=value)


def style_header(ws: Worksheet, widths: Sequence[int], *, instruction_row: bool) -> None:
    openpyxl = openpyxl_module()
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


_LOCALE = {"id": "[$-421]", "en": "[$-409]"}


def percent_format(lang: Lang) -> str:
    """A percentage with one decimal as ``lang`` writes it, whatever the spreadsheet's own
    locale: ``76,5 %`` (id), ``76.5 %`` (en)."""
    return f"{_LOCALE[lang]}0.0 %"


def decimal_format(lang: Lang, digits: int = 1) -> str:
    """A number with ``digits`` decimals as ``lang`` writes it (decimal comma in id)."""
    return f"{_LOCALE[lang]}0.{'0' * digits}"


def fit_widths(ws: Worksheet, *, most: int = 60, rows: int = 2000) -> None:
    """Columns as wide as their header and their text (the first ``rows`` rows), so that
    NIPs, names and codes are not cut; at most ``most`` characters (long texts wrap)."""
    openpyxl = openpyxl_module()
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, rows)):
        for cell in row:
            if cell.value is None:
                continue
            text = cell.value if isinstance(cell.value, str) else f"{cell.value}"
            length = len(text) if "%" not in cell.number_format else 7
            widths[cell.column] = max(widths.get(cell.column, 0), length)
    for column, width in widths.items():
        letter = openpyxl.utils.get_column_letter(column)
        ws.column_dimensions[letter].width = min(most, max(8, width + 2))


def wrap_column(ws: Worksheet, column: int, width: int) -> None:
    """Column ``column`` ``width`` characters wide, its long texts wrapped (top-aligned), so
    that a printed page keeps every column readable."""
    openpyxl = openpyxl_module()
    wrap = openpyxl.styles.Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=2, min_col=column, max_col=column):
        for cell in row:
            cell.alignment = wrap
            lines = -(-len(str(cell.value or "")) // width)  # spreadsheets do not size rows
            if lines > 1:
                ws.row_dimensions[cell.row].height = 13 * lines
                for other in ws[cell.row]:
                    if other.column != column:
                        wrapped = bool(other.alignment.wrap_text)
                        other.alignment = openpyxl.styles.Alignment(
                            wrap_text=wrapped, vertical="top"
                        )
    ws.column_dimensions[openpyxl.utils.get_column_letter(column)].width = width


def print_setup(ws: Worksheet) -> None:
    """Print a sheet landscape, all columns on one page width, the header on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "1:1"


def list_validation(
    ws: Worksheet,
    column: int,
    formula: str,
    *,
    strict: bool,
    lang: Lang,
    rows: tuple[int, int] = (3, MAX_ROW),
) -> None:
    openpyxl = openpyxl_module()
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


def reference_formula(sheet: str) -> str:
    return f"'{sheet}'!$A$3:$A${MAX_ROW}"


def list_formula(choices: Sequence[str]) -> str:
    return '"' + ",".join(choices) + '"'


def save(wb: Workbook, path: PathLike) -> None:
    if "Sheet" in wb.sheetnames and len(wb.sheetnames) > 1:
        del wb["Sheet"]
    wb.save(os.fspath(path))


def norm_sheet(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def sheet_rows(ws: Any, reader: Reader | None = None) -> list[tuple[int, Sequence[Any]]]:
    """A sheet's rows, numbered from 1; with ``reader``, refused past its record limit."""
    rows = enumerate(ws.iter_rows(values_only=True), start=1)
    return reader.rows_of(ws.title, rows) if reader is not None else list(rows)


def load_workbook(path: PathLike, source: str, lang: Lang) -> Any:
    openpyxl = openpyxl_module()
    try:
        return openpyxl.load_workbook(os.fspath(path), read_only=True, data_only=True)
    except FileNotFoundError:
        error = say("io.no_such_file", lang)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        error = f"{type(exc).__name__}: {exc}"
    problem = Problem(say("word.file", lang), "", message("unreadable", lang, error=error))
    raise ScenarioError([problem], source=source, lang=lang) from None


def sheet_name(which: str, lang: Lang) -> str:
    """The name of a plan workbook sheet in ``lang`` (see ``PLAN_SHEETS``)."""
    return PLAN_SHEETS[which][0 if lang == "id" else 1]


def header_row(ws: Worksheet, headers: Sequence[str]) -> None:
    """Write the header row (row 1)."""
    for index, text in enumerate(headers, start=1):
        put(ws, 1, index, text)


def write_row(ws: Worksheet, row: int, values: Sequence[Any]) -> None:
    """Write one row from column 1."""
    for column, value in enumerate(values, start=1):
        put(ws, row, column, value)
