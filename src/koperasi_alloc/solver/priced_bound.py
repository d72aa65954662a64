"""Priced bound: the first tier's bound tightened by pricing the agency caps.

When time is short (national parts) CP-SAT has no time to prove the first tier, so the
bound the plan reports is the network's, which is weak where agency caps count officers
who may serve several cooperatives. :func:`koperasi_alloc.flow.agency_priced_bound` (a
Lagrangian bound over a dozen network flows) brings it close to the LP with the agency
rows; where the incumbent reaches it, the first CP-SAT stage is decided without search.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from koperasi_alloc import flow
from koperasi_alloc.scenario import TIER_SENSE
from koperasi_alloc.solver.budget import short_of_time

if TYPE_CHECKING:
    from koperasi_alloc.solver.run import Run

__all__ = ["stage"]

#: The share of the time left the bound may take at most.
PRICED_SHARE = 0.1


def stage(run: Run) -> None:
    """Pipeline stage: lower the relaxation's first-tier bound where pricing the agency
    caps proves a lower one, when time is short (lexicographic mode: a weighted run's
    relaxation has only its weighted bound, no tier bounds)."""
    relaxation, candidates, chosen = run.relaxation, run.candidates, run.chosen
    if relaxation is None or candidates is None or chosen is None or not relaxation.tiers:
        return
    first = relaxation.tiers[0]
    bound = relaxation.tier_bounds.get(first)
    if first != run.scenario.objective_tiers()[0] or bound is None or TIER_SENSE[first] != "max":
        return
    value = run.value_of(first, chosen)
    # a relaxed plan that keeps every rule became the incumbent at the bound: no work here
    if value >= bound or not short_of_time(run) or run.hint_from_earlier_round:
        return
    weights = flow.tier_weights(candidates, first)
    deadline = time.perf_counter() + PRICED_SHARE * (run.deadline - time.perf_counter())
    priced = flow.agency_priced_bound(candidates, weights, value, deadline)
    if priced is not None and priced < bound:
        run.relaxation = relaxation.tightened(first, priced)
