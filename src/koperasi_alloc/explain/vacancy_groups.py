"""Vacancy sentences grouped for reading: one line per cooperative naming its empty roles,
and a summary line per reason per kecamatan.

The per-slot records stay in :attr:`Explanation.vacancies` (one row per cooperative and
role); this module only decides how they read as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import get_args

from koperasi_alloc.explain.records import ReasonCode, VacancyReason
from koperasi_alloc.explain.text import Lang, vacancy_line
from koperasi_alloc.i18n import say

__all__ = ["VacancyLine", "grouped_vacancy_lines"]

#: Reasons in the order the summary lists them: as ``ReasonCode`` declares them, most
#: structural first.
_SUMMARY_ORDER: tuple[ReasonCode, ...] = get_args(ReasonCode)


@dataclass(frozen=True)
class VacancyLine:
    """One line of the vacancy section, under its kecamatan."""

    kecamatan: str
    kecamatan_name: str
    text: str


def _label(row: VacancyReason, lang: Lang) -> str:
    if row.cooperative_name != row.cooperative_id:
        return row.cooperative_name
    return say("explain.cooperative", lang, id=row.cooperative_id)


def _cooperative_line(rows: Sequence[VacancyReason], lang: Lang) -> str:
    """``Label: role "a" and "b" empty because ...`` with one clause per distinct reason."""
    by_reason: dict[str, list[VacancyReason]] = {}
    for row in rows:
        reason = row.reason_en if lang == "en" else row.reason_id
        by_reason.setdefault(reason, []).append(row)
    clauses = [
        ([(r.role_name, r.count) for r in group], reason, reason)
        for reason, group in by_reason.items()
    ]
    label = _label(rows[0], lang)
    return vacancy_line((label, label), clauses)[0 if lang == "en" else 1]


def _summary(code: ReasonCode, cooperatives: int, slots: int, lang: Lang) -> str:
    return say(f"explain.vacancy.summary.{code}", lang, cooperatives=cooperatives, slots=slots)


def grouped_vacancy_lines(
    vacancies: Iterable[VacancyReason], lang: Lang, kecamatan_order: Sequence[str]
) -> list[VacancyLine]:
    """The vacancy section's lines, kecamatan by kecamatan.

    Parameters
    ----------
    vacancies
        One reason per cooperative and role (as :func:`explain` finds them).
    lang
        ``"en"`` or ``"id"``.
    kecamatan_order
        Kecamatan codes in the order to print them; others follow in order of appearance.

    Returns
    -------
    list of VacancyLine
        Per kecamatan: first a summary line for each reason that two or more of its
        cooperatives share ("12 koperasi belum berbadan hukum: 36 posisi"),
        then one line per cooperative naming its empty roles, grouped by reason. Lines
        are shown under the kecamatan's name and do not repeat it.
    """
    by_kecamatan: dict[str, dict[str, list[VacancyReason]]] = {}
    for row in vacancies:
        by_kecamatan.setdefault(row.kecamatan, {}).setdefault(row.cooperative_id, []).append(row)
    rank = {code: i for i, code in enumerate(kecamatan_order)}
    lines: list[VacancyLine] = []
    for kecamatan in sorted(by_kecamatan, key=lambda k: rank.get(k, len(rank))):
        cooperatives = by_kecamatan[kecamatan]
        name = next(iter(cooperatives.values()))[0].kecamatan_name
        for code in _SUMMARY_ORDER:
            sharing = [rows for rows in cooperatives.values() if any(r.code == code for r in rows)]
            if len(sharing) >= 2:
                slots = sum(r.count for rows in sharing for r in rows if r.code == code)
                text = _summary(code, len(sharing), slots, lang)
                lines.append(VacancyLine(kecamatan, name, text))
        for rows in cooperatives.values():
            lines.append(VacancyLine(kecamatan, name, _cooperative_line(rows, lang)))
    return lines
