"""Rule ``baseline_changes``: at most ``policy.max_baseline_changes`` assignments that are
not in the scenario's baseline."""

from __future__ import annotations

from koperasi_alloc.check.context import CheckContext
from koperasi_alloc.check.violation import Violation
from koperasi_alloc.plan import Plan

__all__ = ["RULE", "verify"]

RULE = "baseline_changes"


def verify(ctx: CheckContext, plan: Plan) -> list[Violation]:
    """A violation when the plan makes more new placements than the policy allows.

    Parameters
    ----------
    ctx
        Look-ups of the scenario.
    plan
        The plan to check.

    Returns
    -------
    list of Violation
        At most one, subject ``plan``.
    """
    limit = ctx.policy.max_baseline_changes
    if limit is None:
        return []
    baseline = {(a.officer_id, a.cooperative_id, a.role) for a in ctx.scenario.baseline or []}
    new = {(a.officer_id, a.cooperative_id, a.role) for a in plan.assignments} - baseline
    if len(new) <= limit:
        return []
    message = f"{len(new)} assignments are not in the baseline, at most {limit} allowed"
    return [Violation(rule=RULE, subject="plan", message=message)]
