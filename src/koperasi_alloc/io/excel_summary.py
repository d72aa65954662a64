"""The Ringkasan (summary) sheet of the plan workbook.

From the top: the status and one headline that cannot mislead (``optimal: semua tier
terbukti`` only when every tier is proven); the slot figures of
:mod:`koperasi_alloc.figures` (demanded, closed by a rule, open, filled, empty, coverage,
the empty slots by reason); the time and the plan's note; one row per objective tier with
its value, its bound (``tidak diketahui`` when there is none), proven or open and its own
gap (no plan-wide gap in lexicographic mode: the plan's ``gap`` is the first tier's only);
then the same figures per kecamatan (with a total row), per role, and per kabupaten when
the plan spans several. Coverage cells hold the share rounded by the one rule
(:func:`koperasi_alloc.i18n.share_tenths`) with a percent format, so Calc and Excel show
``76,5 %`` in an Indonesian locale and ``76.5 %`` in an English one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from koperasi_alloc.figures import FigureRow, Level, PlanFigures, SlotCounts, plan_figures
from koperasi_alloc.i18n import say, translate_note
from koperasi_alloc.io.excel_sheets import (
    decimal_format,
    fit_widths,
    openpyxl_module,
    percent_format,
    sheet_name,
    write_row,
)
from koperasi_alloc.io.tables.spec import Lang
from koperasi_alloc.plan import tier_gap
from koperasi_alloc.scenario import Scenario

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from koperasi_alloc.plan import Plan

__all__ = ["summary_rows", "write_summary"]

_GROUP_COLUMNS = ("code", "name", "cooperatives", "demanded", "closed", "open", "filled",
                  "empty", "coverage")  # fmt: skip


def _share(counts: SlotCounts) -> float | None:
    tenths = counts.coverage_tenths
    return None if tenths is None else tenths / 1000


def summary_rows(plan: Plan, figures: PlanFigures, lang: Lang) -> list[tuple[Any, ...]]:
    """The rows above the tables of Ringkasan: status, headline, figures, time, note."""
    total = figures.total
    rows: list[tuple[Any, ...]] = [
        (say("summary.status", lang), say(f"status.{plan.status.value}", lang)),
        (say("summary.headline", lang), plan.headline(lang)),
        (),
        (say("summary.demanded", lang), total.demanded),
        (say("summary.closed", lang), total.closed),
        (say("summary.open", lang), total.open),
        (say("summary.filled", lang), total.filled),
        (say("summary.empty", lang), total.empty),
        (say("summary.coverage", lang), _share(total)),
    ]
    for code, count in total.empty_reasons:
        if count:
            rows.append((say("summary.empty_because", lang, reason=_reason(code, lang)), count))
    rows.append((say("summary.seconds", lang), round(plan.wall_time, 3)))
    if plan.message:
        rows.append((say("summary.note", lang), translate_note(plan.message, lang)))
    if plan.objective_mode == "weighted":
        # the weighted sum is one objective: its gap is the whole plan's
        rows += [
            (say("summary.weighted_objective", lang), plan.objective),
            (say("summary.objective_bound", lang), plan.best_bound),
            (say("summary.objective_gap", lang), plan.gap),
        ]
    return rows


def _reason(code: str, lang: Lang) -> str:
    try:
        return say(f"reason.{code}", lang)
    except KeyError:
        return code


def _tier_rows(plan: Plan, lang: Lang) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for tier in plan.tiers:
        bound = say("summary.unknown", lang) if tier.bound is None else tier.bound
        state = say("summary.proven" if tier.proven else "summary.open_tier", lang)
        rows.append(
            (
                say(f"tier.{tier.name}", lang),
                tier.value,
                bound,
                say(f"sense.{tier.sense}", lang),
                state,
                tier_gap(tier),
            )
        )
    return rows


def write_summary(
    wb: Workbook, plan: Plan, scenario: Scenario, explanation: Any, lang: Lang
) -> PlanFigures:
    """Add Ringkasan to ``wb`` and return the figures it shows."""
    figures = getattr(explanation, "figures", None)
    if not isinstance(figures, PlanFigures):
        reasons = {
            (str(v.cooperative_id), str(v.role)): str(getattr(v, "code", "") or "")
            for v in getattr(explanation, "vacancies", None) or []
        }
        figures = plan_figures(scenario, plan, {k: r for k, r in reasons.items() if r})
    ws = wb.create_sheet(sheet_name("summary", lang))
    bold = openpyxl_module().styles.Font(bold=True)
    row = 0
    for values in summary_rows(plan, figures, lang):
        row += 1
        write_row(ws, row, values)
        if values:
            ws.cell(row=row, column=1).font = bold
        if values and values[0] == say("summary.coverage", lang):
            ws.cell(row=row, column=2).number_format = percent_format(lang)
        elif values and values[0] == say("summary.seconds", lang):
            ws.cell(row=row, column=2).number_format = decimal_format(lang, 2)
    row = _table(ws, row + 2, say("summary.tiers", lang), _tier_headers(lang),
                 _tier_rows(plan, lang), percent_column=6, lang=lang)  # fmt: skip
    levels: list[Level] = ["kecamatan", "role"]
    if len(figures.rows("kabupaten")) > 1:
        levels.append("kabupaten")
    for level in levels:
        rows = [_group_values(r) for r in figures.rows(level)]
        if level != "role":
            rows.append(_total_values(figures, lang))
        headers = [say(f"col.figures.{level}.{c}", lang) for c in _GROUP_COLUMNS]
        title = say(f"summary.by_{level}", lang)
        row = _table(ws, row + 2, title, headers, rows, percent_column=9, lang=lang)
    fit_widths(ws, most=80)
    ws.column_dimensions["B"].width = max(ws.column_dimensions["B"].width or 0, 24)
    return figures


def _tier_headers(lang: Lang) -> list[str]:
    return [say(f"col.tiers.{c}", lang) for c in ("tier", "value", "bound", "sense", "status",
                                                   "gap")]  # fmt: skip


def _group_values(row: FigureRow) -> tuple[Any, ...]:
    c = row.counts
    return (row.code, row.name, row.cooperatives, c.demanded, c.closed, c.open, c.filled, c.empty,
            _share(c))  # fmt: skip


def _total_values(figures: PlanFigures, lang: Lang) -> tuple[Any, ...]:
    c = figures.total
    return (say("summary.total", lang), None, figures.cooperatives, c.demanded, c.closed,
            c.open, c.filled, c.empty, _share(c))  # fmt: skip


def _table(
    ws: Worksheet,
    row: int,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    percent_column: int,
    lang: Lang,
) -> int:
    """A titled table from ``row``; returns its last row."""
    styles = openpyxl_module().styles
    ws.cell(row=row, column=1, value=title).font = styles.Font(bold=True, size=12)
    row += 1
    fill = styles.PatternFill("solid", fgColor="DDEBF7")
    write_row(ws, row, headers)
    for column in range(1, len(headers) + 1):
        cell = ws.cell(row=row, column=column)
        cell.font = styles.Font(bold=True)
        cell.fill = fill
    for values in rows:
        row += 1
        write_row(ws, row, values)
        ws.cell(row=row, column=percent_column).number_format = percent_format(lang)
    return row
