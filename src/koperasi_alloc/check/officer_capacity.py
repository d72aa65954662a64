"""Rule ``officer_capacity``: at most ``o.max_cooperatives`` assignments, one per cooperative."""

from __future__ import annotations

from collections import Counter

from koperasi_alloc.check.context import CheckContext
from koperasi_alloc.check.violation import Violation
from koperasi_alloc.plan import Plan

__all__ = ["RULE", "verify"]

RULE = "officer_capacity"


def verify(ctx: CheckContext, plan: Plan) -> list[Violation]:
    """Every officer assigned too often, twice to one cooperative, or twice identically.

    Parameters
    ----------
    ctx
        Look-ups of the scenario.
    plan
        The plan to check.

    Returns
    -------
    list of Violation
        One per offending officer (and per cooperative they appear in twice).
    """
    per_officer = Counter(a.officer_id for a in plan.assignments)
    # Officer-cooperative pairs only matter for officers listed more than once.
    repeated_officers = {o for o, n in per_officer.items() if n > 1}
    per_pair: dict[tuple[str, str], list[str]] = {}
    for a in plan.assignments:
        if a.officer_id in repeated_officers:
            per_pair.setdefault((a.officer_id, a.cooperative_id), []).append(a.role)
    out: list[Violation] = []
    for officer_id, count in per_officer.items():
        officer = ctx.officers.get(officer_id)
        if officer is not None and count > officer.max_cooperatives:
            out.append(
                Violation(
                    rule=RULE,
                    subject=f"officer {officer_id}",
                    message=f"{count} assignments, max_cooperatives {officer.max_cooperatives}",
                )
            )
    for (officer_id, cooperative_id), roles in per_pair.items():
        if len(roles) < 2:
            continue
        repeated = sorted(r for r, n in Counter(roles).items() if n > 1)
        message = (
            f"{len(roles)} assignments to cooperative {cooperative_id} (roles "
            f"{', '.join(sorted(roles))}); one role per cooperative"
        )
        if repeated:
            message += f"; duplicate assignment in role {', '.join(repeated)}"
        out.append(Violation(rule=RULE, subject=f"officer {officer_id}", message=message))
    return out
