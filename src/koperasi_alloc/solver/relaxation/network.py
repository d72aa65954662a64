"""The network relaxation (min-cost flow, :mod:`koperasi_alloc.flow`) as a :class:`Relaxation`.

Lexicographic mode folds the leading linear tiers into one benefit and solves the
network for it (:func:`koperasi_alloc.flow.relax`); weighted mode solves it for the
policy's weighted sum of the linear tiers (fairness, a max-min, stays outside the
network). Either way the flow's optimum bounds every plan's benefit and its losses are
the reduced costs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc import flow
from koperasi_alloc.candidates import Candidates
from koperasi_alloc.scenario import Scenario, TierName
from koperasi_alloc.solver.values import linear_values

__all__ = ["NetworkRelaxation", "relax_lexicographic", "relax_weighted", "unrelaxed"]


@dataclass(frozen=True)
class NetworkRelaxation:
    """The solved network, restricted to the candidates still in the model.

    See :class:`koperasi_alloc.solver.relaxation.Relaxation` for the attributes.
    """

    plan: NDArray[np.int64]
    benefit: NDArray[np.int64]
    bound: int | None
    reduced_costs: NDArray[np.int64]
    tiers: tuple[TierName, ...] = ()
    tier_bounds: Mapping[TierName, int] = field(default_factory=dict)

    def restricted(self, keep: NDArray[np.bool_]) -> NetworkRelaxation:
        """The relaxation over the candidates ``keep``; the plan must lie among them."""
        position = np.cumsum(keep) - 1
        return NetworkRelaxation(
            plan=position[self.plan],
            benefit=self.benefit[keep],
            bound=self.bound,
            reduced_costs=self.reduced_costs[keep],
            tiers=self.tiers,
            tier_bounds=self.tier_bounds,
        )

    def tightened(self, tier: TierName, bound: int) -> NetworkRelaxation:
        """The relaxation with ``tier``'s bound lowered to ``bound`` (a maximised tier);
        the bounds of the tiers after it, which hold only while it sits at its old
        bound, are dropped when ``bound`` is lower."""
        old = self.tier_bounds.get(tier)
        if old is not None and bound >= old:
            return self
        order = list(self.tiers)
        later = set(order[order.index(tier) + 1 :]) if tier in order else set()
        bounds = {t: b for t, b in self.tier_bounds.items() if t not in later}
        bounds[tier] = bound
        return replace(self, tier_bounds=bounds)

    def fairest(
        self, candidates: Candidates, incumbent: NDArray[np.int64], bound: int, scale: int
    ) -> tuple[int, NDArray[np.int64]]:
        """The fairest flow that keeps the incumbent's benefit (:func:`flow.fairest_rows`)."""
        return flow.fairest_rows(candidates, self.benefit, incumbent, bound, scale)


def relax_lexicographic(candidates: Candidates, scenario: Scenario) -> NetworkRelaxation | None:
    """The network for the leading linear tiers; None when none can be folded."""
    solved = flow.relax(candidates, scenario.objective_tiers())
    if solved is None:
        return None
    return NetworkRelaxation(
        plan=solved.rows,
        benefit=solved.benefit,
        bound=solved.optimum,
        reduced_costs=solved.loss,
        tiers=solved.tiers,
        tier_bounds=solved.bounds,
    )


def relax_weighted(candidates: Candidates, scenario: Scenario) -> NetworkRelaxation:
    """The network for the weighted sum of the linear tiers (fairness left out)."""
    objective = scenario.policy.objective
    benefit = sum(
        (
            objective.weights.get(name, 0) * linear_values(candidates, name)
            for name in scenario.objective_tiers()
            if name != "fairness"
        ),
        np.zeros(len(candidates), dtype=np.int64),
    )
    folded = np.asarray(benefit, dtype=np.int64)
    rows, loss = flow.max_benefit_flow(candidates, folded)
    return NetworkRelaxation(
        plan=rows, benefit=folded, bound=int(folded[rows].sum()), reduced_costs=loss
    )


def unrelaxed(candidates: Candidates) -> NetworkRelaxation:
    """What is known without a relaxation: nothing (empty plan, coverage as benefit)."""
    return NetworkRelaxation(
        plan=np.zeros(0, dtype=np.int64),
        benefit=candidates.coverage_weight,
        bound=None,
        reduced_costs=np.zeros(len(candidates), dtype=np.int64),
    )
