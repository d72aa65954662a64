"""What a finished job shows: plain data (numbers, codes, and sentences in both languages)
made once when the job ends, so that a page in either language and the JSON status read
the same figures without solving or explaining again.

Every figure comes from the library's one computation of it: the slot figures from
:meth:`koperasi_alloc.Plan.figures` with the explanation's vacancy reasons (the plan
workbook's Ringkasan sheet shows the same), the headline and summary from the plan, the
reasons from :func:`koperasi_alloc.explain`, the changes from
:func:`koperasi_alloc.io.excel_changes.plan_changes`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from koperasi_alloc.figures import CLOSED_REASON
from koperasi_alloc.i18n import Lang, say, translate_note

if TYPE_CHECKING:
    from koperasi_alloc.explain import Explanation
    from koperasi_alloc.figures import SlotCounts
    from koperasi_alloc.io import Note
    from koperasi_alloc.io.excel_changes import ChangeRow
    from koperasi_alloc.plan import Plan
    from koperasi_alloc.planning.hire_proposal import HireProposal
    from koperasi_alloc.scenario import Scenario

__all__ = ["LANGS", "changes_view", "hires_view", "plan_view"]

LANGS: tuple[Lang, ...] = ("id", "en")
MOST_GROUPS = 60
"""Most rows of the figures table: the finest of kecamatan / kabupaten / province that fits."""


def _both(make: Any) -> dict[str, Any]:
    return {lang: make(lang) for lang in LANGS}


def _counts(counts: SlotCounts) -> dict[str, Any]:
    return {
        "demanded": counts.demanded,
        "closed": counts.closed,
        "open": counts.open,
        "filled": counts.filled,
        "empty": counts.empty,
        "coverage_tenths": counts.coverage_tenths,
        "empty_by_reason": dict(counts.empty_reasons),
    }


def plan_view(
    scenario: Scenario,
    plan: Plan,
    explanation: Explanation,
    violations: int,
    notes: Sequence[Note] = (),
) -> dict[str, Any]:
    """A plan's headline, summary, figures by area, the open positions left empty with
    their reasons (closed ones are counted: the workbook's Kekosongan sheet lists them),
    and notes.

    Parameters
    ----------
    scenario
        The scenario the plan is checked against.
    plan
        The plan.
    explanation
        ``explain(scenario, plan)``: the reason of every vacancy.
    violations
        How many rules ``check(scenario, plan)`` found broken (0 for every plan the
        library makes).
    notes
        Notes of reading the files (values read in another form than written).
    """
    figures = plan.figures(scenario, explanation.reasons)
    level = figures.finest(MOST_GROUPS)
    note = {lang: translate_note(plan.message or "", lang) for lang in LANGS}
    summary = {
        lang: plan.model_copy(update={"message": note[lang] or None}).summary_rows(lang)
        for lang in LANGS
    }
    return {
        "status": plan.status.value,
        "stopped_by": plan.stopped_by.value if plan.stopped_by else None,
        "headline": _both(plan.headline),
        "summary": summary,
        "note": note,
        "violations": violations,
        "filled": plan.filled,
        "level": level,
        "total": _counts(figures.total),
        "cooperatives": figures.cooperatives,
        "groups": [
            {
                "code": row.code,
                "name": row.name,
                "cooperatives": row.cooperatives,
                **_counts(row.counts),
            }
            for row in figures.rows(level)
        ],
        "vacancies": [
            {
                "kecamatan": v.kecamatan_name,
                "cooperative": v.cooperative_name,
                "cooperative_id": v.cooperative_id,
                "role": v.role_name,
                "count": v.count,
                "code": v.code,
                "reason": {"en": v.reason_en, "id": v.reason_id},
            }
            for v in explanation.vacancies
            if v.code != CLOSED_REASON
        ],
        "closed_cooperatives": len(
            {v.cooperative_id for v in explanation.vacancies if v.code == CLOSED_REASON}
        ),
        "notes": _both(lambda lang: [n.text(lang) for n in notes]),
        "changes": None,
        "hires": None,
    }


def changes_view(rows: Sequence[ChangeRow], scenario: Scenario) -> dict[str, Any]:
    """What a re-plan changed: counts by kind, and every change (not the assignments kept)
    with the cooperatives' names and its reason code (worded on the page)."""
    names = scenario.cooperative_by_id

    def label(cooperative: str | None) -> str | None:
        if cooperative is None:
            return None
        found = names.get(cooperative)
        return found.name if found is not None and found.name else cooperative

    counts = Counter(row.kind for row in rows)
    return {
        "counts": {kind: counts[kind] for kind in ("kept", "moved", "added", "removed")},
        "rows": [
            {
                "kind": r.kind,
                "officer_id": r.officer_id,
                "officer_name": r.officer_name,
                "from": label(r.from_cooperative),
                "from_role": r.from_role,
                "to": label(r.to_cooperative),
                "to_role": r.to_role,
                "reason": r.reason,
            }
            for r in rows
            if r.kind != "kept"
        ],
    }


def change_reason(code: str, lang: Lang) -> str:
    """A change's reason code in words (the Perubahan sheet's words)."""
    try:
        return say(f"change.reason.{code}", lang)
    except KeyError:
        return code


def hires_view(proposal: HireProposal) -> dict[str, Any]:
    """A hiring proposal: its status, its opening sentences in both languages, and the
    hires per kecamatan and role and per kabupaten/kota."""

    def intro(lang: Lang) -> list[str]:
        lines = proposal.text(lang).split("\n")
        rows_heading = say("hires.text.rows", lang)
        return lines[: lines.index(rows_heading)] if rows_heading in lines else lines

    names = proposal.scenario.cooperative_by_id
    return {
        "status": proposal.status.value,
        "stopped_by": proposal.stopped_by.value if proposal.stopped_by else None,
        "hires": proposal.hires,
        "hires_bound": proposal.hires_bound,
        "filled_before": proposal.filled_before,
        "filled_after": proposal.filled_after,
        "total_slots": proposal.total_slots,
        "intro": _both(intro),
        "rows": [
            {
                "kecamatan": row.kecamatan_name,
                "kecamatan_code": row.kecamatan,
                "role": row.role_name,
                "hires": row.hires,
                "education": row.min_education.value,
                "cooperatives": [
                    names[c].name if c in names and names[c].name else c for c in row.cooperatives
                ],
            }
            for row in proposal.rows
        ],
        "kabupaten": [
            {
                "kabupaten": t.kabupaten,
                "hires": t.hires,
                "kecamatan": t.kecamatan,
                "cooperatives": t.cooperatives,
            }
            for t in proposal.kabupaten
        ],
    }
