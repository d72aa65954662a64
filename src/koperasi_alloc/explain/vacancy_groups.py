"""Vacancy sentences grouped for reading: one line per cooperative naming its empty roles,
and a summary line per reason per kecamatan.

The per-slot records stay in :attr:`Explanation.vacancies` (one row per cooperative and
role); this module only decides how they read as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from koperasi_alloc.explain.records import ReasonCode, VacancyReason
from koperasi_alloc.explain.text import Lang, join

__all__ = ["VacancyLine", "grouped_vacancy_lines"]

_SUMMARY: dict[ReasonCode, tuple[str, str]] = {
    "not_legal_entity": ("have no legal-entity status yet", "belum berbadan hukum"),
    "cooperative_full": (
        "ask for more slots than the officers they may receive",
        "meminta lebih banyak posisi daripada pegawai yang boleh diterimanya",
    ),
    "skill_or_education_missing": (
        "need a role nobody in the pool can fill",
        "membutuhkan peran yang tidak dapat diisi siapa pun di seluruh daftar",
    ),
    "no_candidate_in_reach": (
        "have no eligible officer within reach",
        "tidak memiliki pegawai yang memenuhi syarat dalam jangkauan",
    ),
    "all_placed_elsewhere": (
        "have every officer in reach placed elsewhere",
        "yang semua pegawai dalam jangkauannya sudah ditempatkan di tempat lain",
    ),
    "agency_cap_binding": (
        "have officers in reach held back by an agency's release cap",
        "yang pegawai dalam jangkauannya tertahan batas pelepasan instansi",
    ),
    "weekly_hours_binding": (
        "have officers in reach with no weekly hours left",
        "yang pegawai dalam jangkauannya tidak punya sisa jam kerja mingguan",
    ),
    "not_chosen": (
        "have free officers in reach that the plan did not choose",
        "yang memiliki pegawai bebas dalam jangkauan tetapi tidak dipilih rencana",
    ),
}


@dataclass(frozen=True)
class VacancyLine:
    """One line of the vacancy section, under its kecamatan."""

    kecamatan: str
    kecamatan_name: str
    text: str


def _label(row: VacancyReason, lang: Lang) -> str:
    if row.cooperative_name != row.cooperative_id:
        name = row.cooperative_name
        return name[:1].upper() + name[1:]
    return f"{'Cooperative' if lang == 'en' else 'Koperasi'} {row.cooperative_id}"


def _roles(rows: Sequence[VacancyReason], lang: Lang) -> str:
    items = [r.role_name if r.count == 1 else f"{r.count} {r.role_name}" for r in rows]
    return join(items, lang)


def _cooperative_line(rows: Sequence[VacancyReason], lang: Lang) -> str:
    """``Label (Kec) lacks a and b: reason`` with one clause per distinct reason."""
    by_reason: dict[str, list[VacancyReason]] = {}
    for row in rows:
        reason = row.reason_en if lang == "en" else row.reason_id
        by_reason.setdefault(reason.rstrip("."), []).append(row)
    verb = "lacks" if lang == "en" else "tidak memiliki"
    clauses = [f"{_roles(group, lang)}: {reason}" for reason, group in by_reason.items()]
    first = rows[0]
    return f"{_label(first, lang)} ({first.kecamatan_name}) {verb} {'; '.join(clauses)}."


def _summary(code: ReasonCode, cooperatives: int, slots: int, kecamatan: str, lang: Lang) -> str:
    en, id_ = _SUMMARY[code]
    if lang == "en":
        return f"{cooperatives} cooperatives in {kecamatan} {en}: {slots} slots."
    return f"{cooperatives} koperasi di {kecamatan} {id_}: {slots} posisi."


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
        cooperatives share ("12 koperasi di Muara Wahau belum berbadan hukum: 36 posisi"),
        then one line per cooperative naming its empty roles, grouped by reason.
    """
    by_kecamatan: dict[str, dict[str, list[VacancyReason]]] = {}
    for row in vacancies:
        by_kecamatan.setdefault(row.kecamatan, {}).setdefault(row.cooperative_id, []).append(row)
    rank = {code: i for i, code in enumerate(kecamatan_order)}
    lines: list[VacancyLine] = []
    for kecamatan in sorted(by_kecamatan, key=lambda k: rank.get(k, len(rank))):
        cooperatives = by_kecamatan[kecamatan]
        name = next(iter(cooperatives.values()))[0].kecamatan_name
        for code in _SUMMARY:
            sharing = [rows for rows in cooperatives.values() if any(r.code == code for r in rows)]
            if len(sharing) >= 2:
                slots = sum(r.count for rows in sharing for r in rows if r.code == code)
                text = _summary(code, len(sharing), slots, name, lang)
                lines.append(VacancyLine(kecamatan, name, text))
        for rows in cooperatives.values():
            lines.append(VacancyLine(kecamatan, name, _cooperative_line(rows, lang)))
    return lines
