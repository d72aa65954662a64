"""Rule ``slot_capacity``: no (cooperative, role) gets more officers than it demands."""

from __future__ import annotations

from collections import Counter

from koperasi_alloc.check.context import CheckContext
from koperasi_alloc.check.violation import Violation
from koperasi_alloc.plan import Plan

__all__ = ["RULE", "filled_slots", "verify"]

RULE = "slot_capacity"


def filled_slots(plan: Plan) -> Counter[tuple[str, str]]:
    """Assignments per ``(cooperative_id, role)``, every assignment counted.

    Parameters
    ----------
    plan
        The plan.

    Returns
    -------
    collections.Counter
        ``filled(c, r)`` keyed by ``(cooperative_id, role)``.
    """
    return Counter((a.cooperative_id, a.role) for a in plan.assignments)


def verify(ctx: CheckContext, plan: Plan) -> list[Violation]:
    """Every ``(c, r)`` whose assignments exceed ``c.demand[r]``.

    Parameters
    ----------
    ctx
        Look-ups of the scenario.
    plan
        The plan to check.

    Returns
    -------
    list of Violation
        One per over-filled ``(c, r)``; unknown cooperatives are left to eligibility.
    """
    out: list[Violation] = []
    for (cooperative_id, role), count in filled_slots(plan).items():
        cooperative = ctx.cooperatives.get(cooperative_id)
        if cooperative is None:
            continue
        demand = cooperative.demand.get(role, 0)
        if count > demand:
            out.append(
                Violation(
                    rule=RULE,
                    subject=f"cooperative {cooperative_id} role {role}",
                    message=f"{count} officers assigned, demand {demand}",
                )
            )
    return out
