"""The weighted search: one CP-SAT stage for the policy's weighted sum of every tier.

Its bound before search is the relaxation's (the linear tiers) plus the most the
fairness tier can add: its weight times its scale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from koperasi_alloc.model.context import combine
from koperasi_alloc.model.objective import FAIRNESS_SCALE
from koperasi_alloc.solver.stage import run_stage

if TYPE_CHECKING:
    from koperasi_alloc.solver.run import Run

__all__ = ["optimise"]


def optimise(run: Run) -> None:
    """Search stage: maximise the weighted sum of the tiers."""
    built, relaxation = run.built, run.relaxation
    assert built is not None
    assert relaxation is not None
    assert relaxation.bound is not None
    by_name = run.scenario.policy.objective.weights
    expression = combine([(by_name.get(t.name, 0), t.expression) for t in built.tiers])
    with_fairness = "fairness" in run.scenario.objective_tiers()
    fairness_weight = by_name.get("fairness", 0) if with_fairness else 0
    bound = relaxation.bound + max(fairness_weight, 0) * FAIRNESS_SCALE
    tiers = list(built.tiers)
    run_stage(run, tiers, [1] * len(tiers), expression, bound, 1.0, weighted=True)
