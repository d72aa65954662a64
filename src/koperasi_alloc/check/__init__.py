"""The independent checker: re-check a finished :class:`~koperasi_alloc.plan.Plan`.

Every rule of ``docs/concepts/rules.md`` is re-evaluated from the raw
:class:`~koperasi_alloc.scenario.Scenario` and the plan alone, one module per rule named
like the rule. This package never imports OR-Tools, numpy or the model builder
(``koperasi_alloc.model``, ``candidates``, ``geometry``, ``solver``), so a misunderstanding
of a rule has to be made twice, independently, to slip through.

>>> violations = check(scenario, plan)  # doctest: +SKIP
>>> print("\\n".join(map(str, violations)) or "valid")  # doctest: +SKIP
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from koperasi_alloc.check import (
    agency_release,
    baseline_changes,
    cooperative_capacity,
    eligibility,
    forbids,
    locks,
    objective,
    officer_capacity,
    slot_capacity,
    status,
    vacancies,
    weekly_hours,
)
from koperasi_alloc.check.context import CheckContext
from koperasi_alloc.check.objective import recompute_tiers
from koperasi_alloc.check.replan_basis import scenario_as_solved
from koperasi_alloc.check.violation import Violation
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import Scenario

__all__ = ["RULES", "Violation", "check", "recompute_tiers"]

Rule = Callable[[CheckContext, Plan], list[Violation]]

RULES: tuple[tuple[str, Rule], ...] = (
    (eligibility.RULE, eligibility.verify),
    (slot_capacity.RULE, slot_capacity.verify),
    (cooperative_capacity.RULE, cooperative_capacity.verify),
    (officer_capacity.RULE, officer_capacity.verify),
    (weekly_hours.RULE, weekly_hours.verify),
    (agency_release.RULE, agency_release.verify),
    (locks.RULE, locks.verify),
    (forbids.RULE, forbids.verify),
    (baseline_changes.RULE, baseline_changes.verify),
    (vacancies.RULE, vacancies.verify),
    (objective.RULE, objective.verify),
)
"""The rules checked on a plan that has a solution, in reporting order."""


def check(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Re-check a plan against every rule, from the scenario alone.

    A plan with status INFEASIBLE, NO_SOLUTION_IN_TIME or MODEL_INVALID is only checked to
    have no assignments; an OPTIMAL or FEASIBLE plan is checked against every hard rule,
    its vacancies and ``total_slots``, and every objective figure it reports.

    Parameters
    ----------
    scenario
        The scenario the plan was made from. For a plan of :func:`koperasi_alloc.replan`,
        the scenario passed to ``replan``: the baseline and change limit the plan names
        in ``replanned_from`` are applied to it (see :mod:`.replan_basis`).
    plan
        The plan to check.

    Returns
    -------
    list of Violation
        Empty when the plan is valid. Never raises: should a rule fail to evaluate on a
        malformed plan, that failure is itself reported as a violation of that rule.
    """
    # The checker allocates a few objects per assignment and creates no reference cycles;
    # pausing the cyclic collector saves it from rescanning a large scenario many times.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check(scenario, plan)
    except Exception as error:  # a plan too malformed to even read its status
        return [Violation(rule="check", subject="plan", message=f"cannot be read: {error!r}")]
    finally:
        if collecting:
            gc.enable()


def _check(scenario: Scenario, plan: Plan) -> list[Violation]:
    try:
        ctx = CheckContext(scenario_as_solved(scenario, plan))
    except Exception as error:  # a malformed (unvalidated) scenario
        return [Violation(rule="check", subject="scenario", message=f"cannot be read: {error!r}")]

    found = _run(status.RULE, status.verify, ctx, plan)
    if found or plan.status not in status.SOLUTION:
        return found
    for name, rule in RULES:
        found.extend(_run(name, rule, ctx, plan))
    return found


def _run(name: str, rule: Rule, ctx: CheckContext, plan: Plan) -> list[Violation]:
    try:
        return rule(ctx, plan)
    except Exception as error:
        return [
            Violation(
                rule=name,
                subject="plan",
                message=f"could not be checked, the plan is malformed: {error!r}",
            )
        ]


from koperasi_alloc._callable import make_callable  # noqa: E402 - after the function exists

make_callable(__name__, "check")
