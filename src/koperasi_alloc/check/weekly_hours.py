"""Rule ``weekly_hours``: role hours plus travel fit in an officer's weekly hours.

All in integer minutes: each assignment costs ``round(h(r) * 60) +
round(2 * trips_per_week * m(o, c))`` against ``round(o.weekly_hours * 60)``, rounding half
to even (Python's ``round``).
"""

from __future__ import annotations

from koperasi_alloc.check.context import CheckContext
from koperasi_alloc.check.violation import Violation
from koperasi_alloc.plan import Plan

__all__ = ["RULE", "assignment_minutes", "verify"]

RULE = "weekly_hours"


def assignment_minutes(ctx: CheckContext, role: str, minutes_one_way: float) -> int:
    """Weekly minutes one assignment takes: the role's hours and the round trips.

    Parameters
    ----------
    ctx
        Look-ups of the scenario.
    role
        Role code (the policy's ``default_role_hours`` applies when the role sets none).
    minutes_one_way
        ``m(o, c)``, the unrounded one-way travel minutes.

    Returns
    -------
    int
        ``round(h(r) * 60) + round(2 * trips_per_week * m(o, c))``.
    """
    policy = ctx.policy
    record = ctx.roles.get(role)
    hours = policy.default_role_hours
    if record is not None and record.weekly_hours is not None:
        hours = record.weekly_hours
    return round(hours * 60) + round(2 * policy.trips_per_week * minutes_one_way)


def verify(ctx: CheckContext, plan: Plan) -> list[Violation]:
    """Every officer whose assignments take more minutes a week than they have.

    Parameters
    ----------
    ctx
        Look-ups of the scenario.
    plan
        The plan to check.

    Returns
    -------
    list of Violation
        One per officer over budget, in order of first appearance in the plan.
    """
    used: dict[str, int] = {}
    for row in ctx.resolve(plan.assignments):
        officer, loc = row.officer, row.locality
        if officer is None or loc is None or officer.weekly_hours is None:
            continue
        minutes = assignment_minutes(ctx, row.assignment.role, loc.minutes)
        used[officer.id] = used.get(officer.id, 0) + minutes
    out: list[Violation] = []
    for officer_id, total in used.items():
        hours = ctx.officers[officer_id].weekly_hours
        assert hours is not None  # only officers with weekly_hours were summed
        budget = round(hours * 60)
        if total > budget:
            out.append(
                Violation(
                    rule=RULE,
                    subject=f"officer {officer_id}",
                    message=f"{total} minutes a week (roles and travel), budget {budget} "
                    f"minutes ({hours:g} h)",
                )
            )
    return out
