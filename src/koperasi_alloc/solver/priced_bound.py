"""Priced bound: the first tier's bound tightened by pricing the agency caps.

When time is short (national parts) CP-SAT has no time to prove the first tier, so the
bound the plan reports is the network's, which is weak where agency caps count officers
who may serve several cooperatives. :func:`koperasi_alloc.flow.agency_priced_bound` (a
Lagrangian bound over a dozen network flows) brings it close to the LP with the agency
rows; where the incumbent reaches it, the first CP-SAT stage is decided without search.
A later round of a decomposed solve runs it again only in its bounds round
(:func:`koperasi_alloc.solver.rounds.bounds_step`), with most of that round's time, and
there also makes plans of its flows (a Lagrangian heuristic, :class:`PricedPlans`): a
priced flow concentrates each capped agency's release on officers who serve their full
limit, so keeping the officers it uses most and solving the network again over them
often covers more than the part's plan.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc import flow
from koperasi_alloc.scenario import TIER_SENSE, TierName
from koperasi_alloc.solver.budget import short_of_time
from koperasi_alloc.solver.floor_bounds import bounds_round_reserve
from koperasi_alloc.solver.state import Env, Prepared
from koperasi_alloc.solver.values import better, tier_value

__all__ = ["PricedBound", "PricedPlans"]

#: The share of the time left the bound may take at most.
PRICED_SHARE = 0.1

#: The same in the bounds round of a decomposed solve (:func:`.rounds.bounds_step`), which
#: runs for this bound alone.
BOUNDS_ROUND_SHARE = 0.9


class PricedBound:
    """Prepare stage: lower the relaxation's first-tier bound where pricing the agency
    caps proves a lower one, when time is short (lexicographic mode: a weighted run's
    relaxation has only its weighted bound, no tier bounds); in a bounds round, also a
    better plan made of its flows (:class:`PricedPlans`)."""

    name = "priced_bound"

    def accepts(self, env: Env, prepared: Prepared) -> bool:
        relaxation, incumbent = prepared.relaxation, prepared.incumbent
        if incumbent is None or not relaxation.tiers:
            return False
        if env.from_earlier_round and not env.bounds_only:
            return False  # a later round searches from the bound the first one found
        first = relaxation.tiers[0]
        bound = relaxation.tier_bounds.get(first)
        if first != env.scenario.objective_tiers()[0] or bound is None:
            return False
        if TIER_SENSE[first] != "max":
            return False
        # a relaxed plan that keeps every rule became the incumbent at the bound, or an
        # earlier round proved the tier: no work
        value = tier_value(prepared.candidates, first, incumbent.chosen)
        return value < _known(env, first, bound) and short_of_time(env, len(prepared.candidates))

    def apply(self, env: Env, prepared: Prepared) -> Prepared:
        relaxation, candidates, incumbent = (
            prepared.relaxation,
            prepared.candidates,
            prepared.incumbent,
        )
        assert incumbent is not None
        first = relaxation.tiers[0]
        bound = relaxation.tier_bounds[first]
        value = tier_value(candidates, first, incumbent.chosen)
        weights = flow.tier_weights(candidates, first)
        share = BOUNDS_ROUND_SHARE if env.bounds_only else PRICED_SHARE
        left = env.remaining()
        if env.bounds_only:  # the later tiers' floor bounds come after
            left -= bounds_round_reserve(env, prepared)
        deadline = time.perf_counter() + share * max(left, 0.0)
        plans = PricedPlans(env, prepared) if env.bounds_only else None
        priced = flow.agency_priced_bound(
            candidates, weights, value, deadline, stopped=env.stops.requested, on_flow=plans
        )
        better_plan = plans.best(deadline) if plans is not None else None
        if better_plan is not None:
            prepared = prepared.with_incumbent(better_plan, "flow")
        if priced is None or priced >= bound:
            return prepared
        return replace(prepared, relaxation=relaxation.tightened(first, priced))


class PricedPlans:
    """A Lagrangian heuristic: the priced flows of the agency-priced bound, kept as it
    finds them, made plans afterwards with the time left, the latest (best priced) first:
    each keeps in every capped agency the officers its flow uses most
    (:func:`koperasi_alloc.flow.concentrated`), is repaired where weekly hours break and
    polished once. The bound comes first: a plan uses only the time its search left."""

    def __init__(self, env: Env, prepared: Prepared) -> None:
        assert prepared.incumbent is not None
        self.env = env
        self.candidates = prepared.candidates
        self.benefit = prepared.relaxation.benefit
        self.start: NDArray[np.int64] = prepared.incumbent.rows
        self.flows: list[NDArray[np.int64]] = []

    def __call__(self, priced: NDArray[np.int64]) -> None:
        self.flows.append(priced)

    def best(self, deadline: float) -> NDArray[np.int64] | None:
        """The best plan made before ``deadline`` (a ``time.perf_counter()`` value) that
        keeps every hard rule and is better than the incumbent; None when none is. A plan
        is started only when one as long as the last still fits."""
        best, found, last = self.start, None, 0.0
        for priced in reversed(self.flows):
            started = time.perf_counter()
            if started + last > deadline or self.env.stopped:
                break
            rows = self._plan_of(priced)
            last = time.perf_counter() - started
            if rows is not None and better(self.env.scenario, self.candidates, rows, best):
                best = found = rows
        return found

    def _plan_of(self, priced: NDArray[np.int64]) -> NDArray[np.int64] | None:
        candidates, benefit = self.candidates, self.benefit
        if benefit is None:
            return None
        rows = flow.concentrated(candidates, priced, benefit)
        if not flow.hard_rules_hold(candidates, rows):
            rows = flow.repair(candidates, rows, benefit)
            if not flow.hard_rules_hold(candidates, rows):
                return None  # a rule the repair does not keep (a minimum, a lock)
        polished = flow.polish(candidates, rows, benefit)
        return polished if flow.hard_rules_hold(candidates, polished) else rows


def _known(env: Env, tier: TierName, bound: int) -> float:
    """The tighter of the relaxation's ``bound`` on ``tier`` and the one the part's plan
    of the round before reported (the bounds round runs the priced bound again)."""
    if env.step is None:
        return bound
    return min(bound, env.step.known_bounds.get(tier, bound))
