"""Rule ``cooperative_capacity``: ``c.min_officers <= assignments(c) <= cap(c)``."""

from __future__ import annotations

from collections import Counter

from koperasi_alloc.check.context import CheckContext, cooperative_capacity
from koperasi_alloc.check.violation import Violation
from koperasi_alloc.plan import Plan

__all__ = ["RULE", "verify"]

RULE = "cooperative_capacity"


def verify(ctx: CheckContext, plan: Plan) -> list[Violation]:
    """Every cooperative with too many or too few assignments.

    ``cap(c)`` is ``c.max_officers`` when set, else ``policy.max_officers_per_cooperative``.
    Every cooperative of the scenario is checked, assigned or not (for ``min_officers``).

    Parameters
    ----------
    ctx
        Look-ups of the scenario.
    plan
        The plan to check.

    Returns
    -------
    list of Violation
        One per offending cooperative, in scenario order.
    """
    counts = Counter(a.cooperative_id for a in plan.assignments)
    out: list[Violation] = []
    for cooperative in ctx.scenario.cooperatives:
        count = counts.get(cooperative.id, 0)
        cap = cooperative_capacity(ctx.scenario, cooperative)
        subject = f"cooperative {cooperative.id}"
        if count > cap:
            out.append(
                Violation(
                    rule=RULE, subject=subject, message=f"{count} officers assigned, cap {cap}"
                )
            )
        if count < cooperative.min_officers:
            out.append(
                Violation(
                    rule=RULE,
                    subject=subject,
                    message=f"{count} officers assigned, at least {cooperative.min_officers} "
                    "required (min_officers)",
                )
            )
    return out
