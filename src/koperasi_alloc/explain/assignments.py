"""Every assignment of a plan: its locality tier, distance, the preferences it satisfies,
and what it adds to each objective tier (rules.md, "Objective tiers")."""

from __future__ import annotations

from koperasi_alloc.explain import text
from koperasi_alloc.explain.facts import Facts
from koperasi_alloc.explain.records import AssignmentExplanation
from koperasi_alloc.plan import Plan, PlanAssignment
from koperasi_alloc.scenario import Employment, LocalityTier, Scenario

__all__ = ["assignment_explanations", "preferences_of"]

PPPK_KINDS = frozenset({Employment.PPPK, Employment.PPPK_PARUH_WAKTU})

_TIER_PREFERENCE = {
    LocalityTier.VILLAGE: "same_village",
    LocalityTier.KECAMATAN: "same_kecamatan",
    LocalityTier.ADJACENT: "adjacent_kecamatan",
    LocalityTier.RADIUS: "within_radius",
}


def preferences_of(scenario: Scenario, assignment: PlanAssignment) -> list[str]:
    """The placement preferences an assignment satisfies, best first.

    ``same_village``, ``pppk_same_kecamatan`` (a PPPK whose work unit is in the
    cooperative's kecamatan: the seed article's preference), ``same_kecamatan``,
    ``adjacent_kecamatan`` or ``within_radius`` (its locality tier).
    """
    officer = scenario.officer_by_id[assignment.officer_id]
    coop = scenario.cooperative_by_id[assignment.cooperative_id]
    district = scenario.village_by_code[coop.village].district
    result = []
    if assignment.tier is LocalityTier.VILLAGE:
        result.append("same_village")
    if officer.employment in PPPK_KINDS and officer.work_district == district:
        result.append("pppk_same_kecamatan")
    if assignment.tier is not LocalityTier.VILLAGE and not (
        assignment.tier is LocalityTier.KECAMATAN and "pppk_same_kecamatan" in result
    ):
        result.append(_TIER_PREFERENCE[assignment.tier])
    return result


def assignment_explanations(facts: Facts, plan: Plan) -> list[AssignmentExplanation]:
    """Explain every assignment of ``plan`` whose officer and cooperative exist.

    Parameters
    ----------
    facts
        The scenario's facts.
    plan
        A plan of that scenario; the tier, distance and travel minutes it reports are used.

    Returns
    -------
    list of AssignmentExplanation
        In the plan's order.
    """
    scenario = facts.scenario
    objective = scenario.policy.objective
    result = []
    for a in plan.assignments:
        officer = scenario.officer_by_id.get(a.officer_id)
        coop = scenario.cooperative_by_id.get(a.cooperative_id)
        if officer is None or coop is None:
            continue
        district = facts.district_of(coop)
        district_name = facts.district_name(district)
        score = int(objective.locality_scores.get(a.tier, 0))
        bonus = (
            int(objective.pppk_kecamatan_bonus)
            if officer.employment in PPPK_KINDS and officer.work_district == district
            else 0
        )
        coverage = scenario.cooperative_priority(coop)
        preferences = preferences_of(scenario, a)
        en, id_ = text.assignment(
            officer,
            facts.agency_name(officer.agency),
            coop,
            facts.role_name(a.role),
            preferences,
            a.distance_km,
            a.travel_minutes,
            coverage,
            score + bonus,
        )
        result.append(
            AssignmentExplanation(
                officer_id=officer.id,
                officer_name=officer.name,
                employment=officer.employment.value,
                agency=officer.agency,
                cooperative_id=coop.id,
                cooperative_name=coop.name or coop.id,
                kecamatan=district,
                kecamatan_name=district_name,
                role=a.role,
                tier=a.tier,
                distance_km=a.distance_km,
                travel_minutes=a.travel_minutes,
                preferences=preferences,
                coverage=coverage,
                locality_score=score,
                pppk_bonus=bonus,
                locality=score + bonus,
                travel=a.travel_minutes,
                text_en=en,
                text_id=id_,
            )
        )
    return result
