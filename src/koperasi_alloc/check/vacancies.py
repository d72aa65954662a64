"""Rule ``vacancies``: the plan's vacancy list and ``total_slots`` are exactly right.

``vacancies`` must hold one record per ``(c, r)`` with ``c.demand[r] - filled(c, r) > 0``,
for every cooperative (eligible or not), with that count, and nothing else; order does not
matter. ``total_slots`` is the sum of eligible slots over all cooperatives.
"""

from __future__ import annotations

from koperasi_alloc.check.context import CheckContext, eligible_slots
from koperasi_alloc.check.slot_capacity import filled_slots
from koperasi_alloc.check.violation import Violation
from koperasi_alloc.plan import Plan

__all__ = ["RULE", "expected_vacancies", "total_slots", "verify"]

RULE = "vacancies"


def total_slots(ctx: CheckContext) -> int:
    """Sum of eligible slots over all cooperatives of the scenario."""
    return sum(eligible_slots(ctx.scenario, c) for c in ctx.scenario.cooperatives)


def expected_vacancies(ctx: CheckContext, plan: Plan) -> dict[tuple[str, str], int]:
    """The vacancies the plan should list.

    Parameters
    ----------
    ctx
        Look-ups of the scenario.
    plan
        The plan (its assignments).

    Returns
    -------
    dict
        Empty slots keyed by ``(cooperative_id, role)``, only the positive ones.
    """
    filled = filled_slots(plan)
    expected: dict[tuple[str, str], int] = {}
    for cooperative in ctx.scenario.cooperatives:
        for role, demand in cooperative.demand.items():
            empty = demand - filled.get((cooperative.id, role), 0)
            if empty > 0:
                expected[(cooperative.id, role)] = empty
    return expected


def verify(ctx: CheckContext, plan: Plan) -> list[Violation]:
    """Every vacancy missing, extra, wrong or listed twice, and a wrong ``total_slots``.

    Parameters
    ----------
    ctx
        Look-ups of the scenario.
    plan
        The plan to check.

    Returns
    -------
    list of Violation
        Subject ``cooperative X role r`` per wrong vacancy, ``plan`` for ``total_slots``.
    """
    out: list[Violation] = []

    def add(subject: str, message: str) -> None:
        out.append(Violation(rule=RULE, subject=subject, message=message))

    total = total_slots(ctx)
    if plan.total_slots != total:
        add("plan", f"total_slots reported {plan.total_slots}, recomputed {total}")

    expected = expected_vacancies(ctx, plan)
    listed: dict[tuple[str, str], int] = {}
    for vacancy in plan.vacancies:
        key = (vacancy.cooperative_id, vacancy.role)
        subject = f"cooperative {key[0]} role {key[1]}"
        if key in listed:
            add(subject, "vacancy listed more than once")
            continue
        listed[key] = vacancy.count
        want = expected.get(key)
        if want is None:
            add(subject, f"{vacancy.count} vacancies listed, none expected (no unfilled demand)")
        elif vacancy.count != want:
            add(subject, f"{vacancy.count} vacancies listed, {want} expected")
    for key, want in expected.items():
        if key not in listed:
            add(f"cooperative {key[0]} role {key[1]}", f"{want} vacancies expected, none listed")
    return out
