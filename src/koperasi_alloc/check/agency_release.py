"""Rule ``agency_release``: distinct officers of an agency in the plan <= its release cap."""

from __future__ import annotations

from koperasi_alloc.check.context import CheckContext
from koperasi_alloc.check.violation import Violation
from koperasi_alloc.plan import Plan

__all__ = ["RULE", "verify"]

RULE = "agency_release"


def verify(ctx: CheckContext, plan: Plan) -> list[Violation]:
    """Every agency releasing more distinct officers than ``Agency.release_cap``.

    Parameters
    ----------
    ctx
        Look-ups of the scenario.
    plan
        The plan to check.

    Returns
    -------
    list of Violation
        One per agency over its cap, in scenario order.
    """
    released: dict[str, set[str]] = {}
    for a in plan.assignments:
        officer = ctx.officers.get(a.officer_id)
        if officer is not None:
            released.setdefault(officer.agency, set()).add(officer.id)
    out: list[Violation] = []
    for agency in ctx.scenario.agencies:
        cap = agency.release_cap
        count = len(released.get(agency.code, ()))
        if cap is not None and count > cap:
            out.append(
                Violation(
                    rule=RULE,
                    subject=f"agency {agency.code}",
                    message=f"{count} distinct officers released, cap {cap}",
                )
            )
    return out
