"""Apply a :class:`~koperasi_alloc.planning.recommend.Recommendation` to the plan it was made for.

The result is a new FEASIBLE plan whose tiers are recomputed from its assignments (bounds
unknown: nothing was proven about it), so that ``check(scenario, applied) == []``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.check.replan_basis import scenario_as_solved
from koperasi_alloc.plan import Plan
from koperasi_alloc.planning.replan import plan_from_rows
from koperasi_alloc.scenario import Assignment, Scenario

if TYPE_CHECKING:
    from koperasi_alloc.planning.recommend import Recommendation

__all__ = ["apply_recommendation"]


def apply_recommendation(scenario: Scenario, plan: Plan, recommendation: Recommendation) -> Plan:
    """The plan with every change of ``recommendation`` made.

    Parameters
    ----------
    scenario
        The scenario given to :func:`~koperasi_alloc.planning.recommend.recommend`.
    plan
        The plan the recommendation was made for.
    recommendation
        One of the recommendations for ``plan``.

    Returns
    -------
    Plan
        FEASIBLE, tiers recomputed, bounds unknown, ``replanned_from`` kept from ``plan``.

    Raises
    ------
    ValueError
        When a change does not fit the plan: an assignment to undo that the plan does not
        have, or one to make that is no candidate of the scenario (the recommendation was
        made for another plan or scenario).
    """
    target = scenario_as_solved(scenario, plan)
    triples = {(a.officer_id, a.cooperative_id, a.role) for a in plan.assignments}
    for change in recommendation.changes:
        key = (change.officer_id, change.cooperative_id, change.role)
        if change.action == "leaves":
            if key not in triples:
                raise ValueError(f"the plan has no assignment {'/'.join(key)} to undo")
            triples.discard(key)
        else:
            triples.add(key)
    candidates = build_candidates(target)
    wanted = [Assignment(officer_id=o, cooperative_id=c, role=r) for o, c, r in sorted(triples)]
    rows = candidates.rows_of(wanted)
    if len(rows) != len(wanted):
        found = {(a.officer_id, a.cooperative_id, a.role) for a in candidates.to_assignments(rows)}
        missing = next(a for a in wanted if (a.officer_id, a.cooperative_id, a.role) not in found)
        where = f"{missing.officer_id}/{missing.cooperative_id}/{missing.role}"
        raise ValueError(f"{where} is no candidate of the scenario")
    applied = plan_from_rows(
        candidates,
        rows,
        message=f"plan with recommendation {recommendation.rank} applied: {recommendation.text}",
    )
    return applied.model_copy(update={"replanned_from": plan.replanned_from})
