"""The weighted search: one CP-SAT stage for the policy's weighted sum of every tier.

Its bound before search is the relaxation's (the linear tiers) plus the most the
fairness tier can add: its weight times its scale.
"""

from __future__ import annotations

import numpy as np

from koperasi_alloc.model.context import combine
from koperasi_alloc.model.objective import FAIRNESS_SCALE
from koperasi_alloc.solver.polish import polish_searched
from koperasi_alloc.solver.stage import Goal, run_stage
from koperasi_alloc.solver.state import Env, Searched
from koperasi_alloc.solver.values import better, tier_value, weighted_worth

__all__ = ["WeightedSum"]


class WeightedSum:
    """Search stage: maximise the weighted sum of the tiers."""

    name = "weighted"

    def accepts(self, env: Env, searched: Searched) -> bool:
        return searched.built is not None

    def apply(self, env: Env, searched: Searched) -> Searched:
        scenario, candidates, built = env.scenario, searched.candidates, searched.built
        assert built is not None
        relaxation = searched.prepared.relaxation
        by_name = scenario.policy.objective.weights
        expression = combine([(by_name.get(t.name, 0), t.expression) for t in built.tiers])
        with_fairness = "fairness" in scenario.objective_tiers()
        fairness_weight = by_name.get("fairness", 0) if with_fairness else 0
        bound = None
        if relaxation.bound is not None:
            bound = relaxation.bound + max(fairness_weight, 0) * FAIRNESS_SCALE
        names = [t.name for t in built.tiers]

        def tier_values(chosen: np.ndarray) -> tuple[int, ...]:
            return tuple(tier_value(candidates, name, chosen) for name in names)

        goal = Goal(
            name="weighted",
            tiers=tuple(names),
            expression=expression,
            value_of=lambda chosen: float(weighted_worth(scenario, candidates, names, chosen)),
            prefer=lambda a, b: better(scenario, candidates, a, b),
            tier_values=tier_values,
            known_bound=bound,
            polish=polish_searched(env),
        )
        return run_stage(env, searched, goal)
