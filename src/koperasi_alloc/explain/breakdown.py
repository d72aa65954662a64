"""The objective of a plan per tier and per kecamatan, recomputed from its assignments;
the slot counts per kecamatan are the plan's figures (:mod:`koperasi_alloc.figures`)."""

from __future__ import annotations

from collections import Counter

from koperasi_alloc.explain import text
from koperasi_alloc.explain.facts import Facts
from koperasi_alloc.explain.records import (
    AssignmentExplanation,
    KecamatanBreakdown,
    TierBreakdown,
)
from koperasi_alloc.figures import PlanFigures
from koperasi_alloc.i18n import percent
from koperasi_alloc.model.objective import FAIRNESS_SCALE
from koperasi_alloc.plan import Plan, TierValue
from koperasi_alloc.scenario import TIER_SENSE

__all__ = ["kecamatan_breakdown", "tier_breakdown", "unreachable_names"]


def kecamatan_breakdown(
    facts: Facts, assignments: list[AssignmentExplanation], figures: PlanFigures
) -> list[KecamatanBreakdown]:
    """The figures, coverage, locality, travel and fairness per kecamatan.

    Parameters
    ----------
    facts
        The scenario's facts (their candidates give each kecamatan's reachable slots).
    assignments
        The plan's explained assignments (see :mod:`koperasi_alloc.explain.assignments`).
    figures
        The plan's figures (:func:`koperasi_alloc.figures.plan_figures`): demanded,
        closed, open, filled and empty come from there, so that they agree with every
        other surface.

    Returns
    -------
    list of KecamatanBreakdown
        Kecamatan with demanded slots or assignments, in scenario order. ``fairness`` is
        ``floor(1000 * filled / reachable)``, the quantity whose minimum is the fairness
        tier.
    """
    coverage: Counter[str] = Counter()
    locality: Counter[str] = Counter()
    travel: Counter[str] = Counter()
    for a in assignments:
        coverage[a.kecamatan] += a.coverage
        locality[a.kecamatan] += a.locality
        travel[a.kecamatan] += a.travel
    reach = dict(
        zip(
            (d.code for d in facts.scenario.districts),
            facts.candidates.district_reach.tolist(),
            strict=True,
        )
    )
    rows = []
    for row in figures.rows("kecamatan"):
        counts, code = row.counts, row.code
        if not counts.demanded and not counts.filled:
            continue
        reachable = reach.get(code, 0)
        fairness = (FAIRNESS_SCALE * counts.filled) // reachable if reachable else None
        tenths = counts.coverage_tenths
        figures_text = text.BreakdownFigures(counts.filled, counts.open, counts.closed, reachable)
        en, id_ = text.kecamatan_breakdown(
            figures_text, coverage[code], locality[code], travel[code]
        )
        rows.append(
            KecamatanBreakdown(
                kecamatan=code,
                kecamatan_name=row.name,
                coverage=coverage[code],
                locality=locality[code],
                travel=travel[code],
                filled=counts.filled,
                demanded=counts.demanded,
                closed=counts.closed,
                open=counts.open,
                empty=counts.empty,
                filled_share=None if tenths is None else tenths / 1000,
                reachable=reachable,
                fairness=fairness,
                text_en=en,
                text_id=id_,
            )
        )
    return rows


def _least_covered(kecamatan: list[KecamatanBreakdown]) -> tuple[str, str, str] | None:
    """The kecamatan with the smallest filled share of its reachable slots, and that share
    in English and Indonesian (the fairness tier's kecamatan)."""
    scored = [k for k in kecamatan if k.reachable]
    if not scored:
        return None
    least = min(scored, key=lambda k: k.filled * 1.0 / k.reachable)
    return (
        least.kecamatan_name,
        percent(least.filled, least.reachable, "en"),
        percent(least.filled, least.reachable, "id"),
    )


def unreachable_names(kecamatan: list[KecamatanBreakdown]) -> list[str]:
    """Names of the kecamatan with open slots of which no officer may fill any: the
    fairness tier leaves them out."""
    return [k.kecamatan_name for k in kecamatan if k.open and not k.reachable]


def tier_breakdown(
    plan: Plan,
    assignments: list[AssignmentExplanation],
    kecamatan: list[KecamatanBreakdown],
    baseline: set[tuple[str, str, str]] | None = None,
) -> list[TierBreakdown]:
    """Each objective tier of ``plan``, recomputed from its assignments.

    Parameters
    ----------
    plan
        The plan (its tiers give the order, bounds and proofs).
    assignments
        Its explained assignments.
    kecamatan
        Its per-kecamatan breakdown (for fairness).
    baseline
        The scenario's baseline assignments as (officer, cooperative, role), for the
        stability tier of a re-plan.

    Returns
    -------
    list of TierBreakdown
        One per tier the plan reports, or the four tiers when it reports none.
    """
    fair = [k.fairness for k in kecamatan if k.fairness is not None]
    values: dict[str, int] = {
        "coverage": sum(a.coverage for a in assignments),
        "locality": sum(a.locality for a in assignments),
        "travel": sum(a.travel for a in assignments),
        "fairness": min(fair) if fair else FAIRNESS_SCALE,
        "stability": sum(
            1
            for a in plan.assignments
            if (a.officer_id, a.cooperative_id, a.role) in (baseline or set())
        ),
    }
    reported: dict[str, TierValue] = {t.name: t for t in plan.tiers}
    names: list[str] = [t.name for t in plan.tiers] or [n for n in values if n != "stability"]
    rows = []
    for name in names:
        tier = reported.get(name)
        bound = tier.bound if tier is not None else None
        proven = tier.proven if tier is not None else False
        least = _least_covered(kecamatan) if name == "fairness" else None
        left_out = unreachable_names(kecamatan) if name == "fairness" else []
        en, id_ = text.tier(name, values[name], bound, proven, least, left_out)
        rows.append(
            TierBreakdown(
                name=name,
                sense=TIER_SENSE[name],
                value=values[name],
                bound=bound,
                proven=proven,
                text_en=en,
                text_id=id_,
            )
        )
    return rows
