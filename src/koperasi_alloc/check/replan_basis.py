"""The scenario a plan was measured against: the one given, plus a re-plan's baseline.

A plan made by :func:`koperasi_alloc.replan` names the baseline (and the limit on new
placements) it was optimised against in ``plan.replanned_from``. The checker applies it
to the scenario it is given, so that ``check(scenario, plan)`` verifies the stability tier
and the ``baseline_changes`` rule as they were solved, on the scenario the caller passed.
"""

from __future__ import annotations

from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import Scenario

__all__ = ["scenario_as_solved"]


def scenario_as_solved(scenario: Scenario, plan: Plan) -> Scenario:
    """``scenario`` with the baseline and change limit ``plan`` was measured against.

    Parameters
    ----------
    scenario
        The scenario the caller checks the plan against.
    plan
        The plan; ``plan.replanned_from`` is None for a plain solve.

    Returns
    -------
    Scenario
        ``scenario`` itself for a plan that names no basis; otherwise a copy with the
        plan's baseline and, when the re-plan had one, its limit on new placements.
    """
    basis = plan.replanned_from
    if basis is None:
        return scenario
    # Both parts were validated as the plan's own fields (Assignment records, a limit >= 0)
    # and no cross-record rule of the scenario looks at them, so a copy with them set is
    # as valid as the scenario itself: no need to validate a national scenario again.
    policy = scenario.policy
    if basis.max_baseline_changes is not None:
        policy = policy.model_copy(update={"max_baseline_changes": basis.max_baseline_changes})
    return scenario.model_copy(update={"baseline": list(basis.baseline), "policy": policy})
