"""The objective of a plan per tier and per kecamatan, recomputed from its assignments."""

from __future__ import annotations

from collections import Counter

from koperasi_alloc.explain import text
from koperasi_alloc.explain.facts import Facts
from koperasi_alloc.explain.records import (
    AssignmentExplanation,
    KecamatanBreakdown,
    TierBreakdown,
)
from koperasi_alloc.model.objective import FAIRNESS_SCALE
from koperasi_alloc.plan import Plan, TierValue
from koperasi_alloc.scenario import TIER_SENSE

__all__ = ["kecamatan_breakdown", "tier_breakdown"]


def _demand_by_district(facts: Facts) -> Counter[str]:
    demand: Counter[str] = Counter()
    for coop in facts.scenario.cooperatives:
        if facts.may_receive(coop):
            demand[facts.district_of(coop)] += sum(coop.demand.values())
    return demand


def kecamatan_breakdown(
    facts: Facts, assignments: list[AssignmentExplanation]
) -> list[KecamatanBreakdown]:
    """Coverage, locality, travel, filled and demanded slots, and fairness per kecamatan.

    Parameters
    ----------
    facts
        The scenario's facts.
    assignments
        The plan's explained assignments (see :mod:`koperasi_alloc.explain.assignments`).

    Returns
    -------
    list of KecamatanBreakdown
        Kecamatan with eligible slots or assignments, in scenario order. ``fairness`` is
        ``floor(1000 * filled / demanded)``, the quantity whose minimum is the fairness tier.
    """
    demand = _demand_by_district(facts)
    coverage: Counter[str] = Counter()
    locality: Counter[str] = Counter()
    travel: Counter[str] = Counter()
    filled: Counter[str] = Counter()
    for a in assignments:
        coverage[a.kecamatan] += a.coverage
        locality[a.kecamatan] += a.locality
        travel[a.kecamatan] += a.travel
        filled[a.kecamatan] += 1
    rows = []
    for district in facts.scenario.districts:
        code = district.code
        if not demand[code] and not filled[code]:
            continue
        fairness = (FAIRNESS_SCALE * filled[code]) // demand[code] if demand[code] else None
        en, id_ = text.kecamatan_breakdown(
            district.name,
            filled[code],
            demand[code],
            fairness,
            coverage[code],
            locality[code],
            travel[code],
        )
        rows.append(
            KecamatanBreakdown(
                kecamatan=code,
                kecamatan_name=district.name,
                coverage=coverage[code],
                locality=locality[code],
                travel=travel[code],
                filled=filled[code],
                demanded=demand[code],
                fairness=fairness,
                text_en=en,
                text_id=id_,
            )
        )
    return rows


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
        en, id_ = text.tier(name, values[name], bound, proven)
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
