"""Rule ``status``: a plan that reports no solution carries no assignments."""

from __future__ import annotations

from koperasi_alloc.check.context import CheckContext
from koperasi_alloc.check.violation import Violation
from koperasi_alloc.plan import Plan, Status

__all__ = ["NO_SOLUTION", "RULE", "SOLUTION", "verify"]

RULE = "status"
SOLUTION = frozenset({Status.OPTIMAL, Status.FEASIBLE})
NO_SOLUTION = frozenset({Status.INFEASIBLE, Status.NO_SOLUTION_IN_TIME, Status.MODEL_INVALID})


def verify(ctx: CheckContext, plan: Plan) -> list[Violation]:
    """A violation when the status is unknown, or says "no solution" but assignments exist.

    Parameters
    ----------
    ctx
        Look-ups of the scenario (unused; kept for the uniform rule signature).
    plan
        The plan to check.

    Returns
    -------
    list of Violation
        At most one, subject ``plan``.
    """
    status = plan.status
    if status not in SOLUTION and status not in NO_SOLUTION:
        return [Violation(rule=RULE, subject="plan", message=f"unknown status {status!r}")]
    if status in NO_SOLUTION and plan.assignments:
        return [
            Violation(
                rule=RULE,
                subject="plan",
                message=f"status {Status(status).value} but {len(plan.assignments)} assignments",
            )
        ]
    return []
