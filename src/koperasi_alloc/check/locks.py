"""Rule ``locks``: every lock is honoured by an assignment (in its role, when it names one)."""

from __future__ import annotations

from koperasi_alloc.check.context import CheckContext
from koperasi_alloc.check.violation import Violation
from koperasi_alloc.plan import Plan

__all__ = ["RULE", "verify"]

RULE = "locks"


def verify(ctx: CheckContext, plan: Plan) -> list[Violation]:
    """Every lock the plan does not honour.

    Parameters
    ----------
    ctx
        Look-ups of the scenario.
    plan
        The plan to check.

    Returns
    -------
    list of Violation
        One per broken lock, in scenario order; subject ``officer X at cooperative Y``
        (with `` role r`` when the lock names a role).
    """
    locks = ctx.scenario.locks
    if not locks:
        return []
    locked_officers = {lock.officer for lock in locks}
    roles_by_pair: dict[tuple[str, str], set[str]] = {}
    for a in plan.assignments:
        if a.officer_id in locked_officers:
            roles_by_pair.setdefault((a.officer_id, a.cooperative_id), set()).add(a.role)
    out: list[Violation] = []
    for lock in locks:
        roles = roles_by_pair.get((lock.officer, lock.cooperative))
        subject = f"officer {lock.officer} at cooperative {lock.cooperative}"
        if lock.role is not None:
            subject += f" role {lock.role}"
        if not roles:
            out.append(Violation(rule=RULE, subject=subject, message="locked but not assigned"))
        elif lock.role is not None and lock.role not in roles:
            out.append(
                Violation(
                    rule=RULE,
                    subject=subject,
                    message=f"locked in role {lock.role!r} but assigned as "
                    f"{', '.join(sorted(roles))}",
                )
            )
    return out
