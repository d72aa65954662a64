"""Rule ``forbids``: no assignment a forbid rules out (its role, or every role)."""

from __future__ import annotations

from koperasi_alloc.check.context import CheckContext, assignment_subject
from koperasi_alloc.check.violation import Violation
from koperasi_alloc.plan import Plan

__all__ = ["RULE", "verify"]

RULE = "forbids"


def verify(ctx: CheckContext, plan: Plan) -> list[Violation]:
    """Every assignment that a forbid rules out.

    Parameters
    ----------
    ctx
        Look-ups of the scenario.
    plan
        The plan to check.

    Returns
    -------
    list of Violation
        One per forbidden assignment, subject ``officer X at cooperative Y role r``.
    """
    forbidden: dict[tuple[str, str], set[str | None]] = {}
    for forbid in ctx.scenario.forbids:
        forbidden.setdefault((forbid.officer, forbid.cooperative), set()).add(forbid.role)
    if not forbidden:
        return []
    out: list[Violation] = []
    for a in plan.assignments:
        roles = forbidden.get((a.officer_id, a.cooperative_id))
        if roles is None:
            continue
        if None in roles:
            message = "officer is forbidden from this cooperative (every role)"
        elif a.role in roles:
            message = f"officer is forbidden from this cooperative in role {a.role!r}"
        else:
            continue
        out.append(Violation(rule=RULE, subject=assignment_subject(a), message=message))
    return out
