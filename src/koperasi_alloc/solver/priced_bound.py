"""Priced bound: the first tier's bound tightened by pricing the agency caps.

When time is short (national parts) CP-SAT has no time to prove the first tier, so the
bound the plan reports is the network's, which is weak where agency caps count officers
who may serve several cooperatives. :func:`koperasi_alloc.flow.agency_priced_bound` (a
Lagrangian bound over a dozen network flows) brings it close to the LP with the agency
rows; where the incumbent reaches it, the first CP-SAT stage is decided without search.
A later round of a decomposed solve runs it again only in its bounds round
(:func:`koperasi_alloc.solver.rounds.bounds_step`), with most of that round's time.
"""

from __future__ import annotations

import time
from dataclasses import replace

from koperasi_alloc import flow
from koperasi_alloc.scenario import TIER_SENSE, TierName
from koperasi_alloc.solver.budget import short_of_time
from koperasi_alloc.solver.state import Env, Prepared
from koperasi_alloc.solver.values import tier_value

__all__ = ["PricedBound"]

#: The share of the time left the bound may take at most.
PRICED_SHARE = 0.1

#: The same in the bounds round of a decomposed solve (:func:`.rounds.bounds_step`), which
#: runs for this bound alone.
BOUNDS_ROUND_SHARE = 0.9


class PricedBound:
    """Prepare stage: lower the relaxation's first-tier bound where pricing the agency
    caps proves a lower one, when time is short (lexicographic mode: a weighted run's
    relaxation has only its weighted bound, no tier bounds)."""

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
        deadline = time.perf_counter() + share * env.remaining()
        priced = flow.agency_priced_bound(
            candidates, weights, value, deadline, stopped=env.stops.requested
        )
        if priced is None or priced >= bound:
            return prepared
        return replace(prepared, relaxation=relaxation.tightened(first, priced))


def _known(env: Env, tier: TierName, bound: int) -> float:
    """The tighter of the relaxation's ``bound`` on ``tier`` and the one the part's plan
    of the round before reported (the bounds round runs the priced bound again)."""
    if env.step is None:
        return bound
    return min(bound, env.step.known_bounds.get(tier, bound))
