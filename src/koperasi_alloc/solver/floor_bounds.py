"""Floor bounds: every tier bounded before the first one is proven.

When time is short (national parts) the search often ends before the first tier is
proven, and then the relaxation says nothing about the later tiers: its bound on
locality holds only at its own coverage. What does hold is that the optimum's first tier
is at least the incumbent's, so each later linear tier gets the bound of
:func:`koperasi_alloc.flow.floored_bound` (the network, the first tier priced at that
floor) and fairness the level the network allows at all (:func:`flow.fairest_rows` from
nothing); where there is no time for flows, bounds that need none (slots and officers
counted, :func:`flow.slot_bound`). The plan reports these where no stage proved a
tighter bound, and a decomposed solve adds them up into bounds on every tier of the whole.

A later round of a decomposed solve keeps the bounds its part reported, except in the
bounds round (:func:`koperasi_alloc.solver.rounds.bounds_step`): a national part's first
round seldom has time left for a flow after its preparation, so its later tiers carry the
counted bounds; there they are priced again, at the coverage of the part's plan (often
better than the first round's) and from the high price, whose first flow alone is close
to the least bound when the floor is near the most coverage the network reaches, and the
tighter of each tier's two bounds is kept.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc import flow
from koperasi_alloc.model.objective import FAIRNESS_SCALE
from koperasi_alloc.scenario import TIER_SENSE, TierName
from koperasi_alloc.solver.budget import short_of_time
from koperasi_alloc.solver.proof import tighter
from koperasi_alloc.solver.state import Env, Prepared
from koperasi_alloc.solver.values import fairness_bound, tier_value, weighted_mode

__all__ = ["FloorBounds", "floor_bounds"]

#: The share of the time left the bounds may take at most.
FLOOR_SHARE = 0.1

#: In the bounds round, the flows per later linear tier its floor bounds get time for
#: (there the search starts at the price that makes it close at once).
FLOOR_FLOWS = 1


class FloorBounds:
    """Prepare stage: bounds on the tiers after the first that hold whatever the first
    tier's optimum turns out to be, when time is short (lexicographic mode, a linear
    maximised first tier)."""

    name = "floor_bounds"

    def accepts(self, env: Env, prepared: Prepared) -> bool:
        names = env.scenario.objective_tiers()
        if weighted_mode(env.scenario) or prepared.incumbent is None or len(names) < 2:
            return False
        if names[0] not in flow.FLOW_TIERS or TIER_SENSE[names[0]] != "max":
            return False
        return short_of_time(env, len(prepared.candidates))

    def apply(self, env: Env, prepared: Prepared) -> Prepared:
        """The floor bounds, or in a later round the part's earlier ones; in its bounds
        round, the tighter of those and the bounds found again with the time left."""
        earlier = _from_earlier_round(env)
        if earlier and not env.bounds_only:
            return replace(prepared, floor_bounds=earlier)
        if env.bounds_only:  # the time left, but for one flow (see bounds_round_reserve)
            left = env.remaining() - prepared.relaxation_seconds
        else:
            left = FLOOR_SHARE * env.remaining()
        deadline = time.perf_counter() + max(left, 0.0)
        bounds = _tighter(floor_bounds(env, prepared, deadline), earlier)
        return replace(prepared, floor_bounds=bounds) if bounds else prepared


def bounds_round_reserve(env: Env, prepared: Prepared) -> float:
    """Seconds a part's bounds round keeps for its floor bounds, which come after the
    priced bound: :data:`FLOOR_FLOWS` flows per later linear tier and one more, since a
    flow there starts only while one more would still fit in the part's time (a flow
    takes about as long as the relaxation's)."""
    later = [t for t in env.scenario.objective_tiers()[1:] if t in flow.FLOW_TIERS]
    return (FLOOR_FLOWS * len(later) + 1) * prepared.relaxation_seconds


def _tighter(bounds: dict[TierName, int], earlier: dict[TierName, int]) -> dict[TierName, int]:
    """Per tier, the tighter of two bounds that both hold for the lexicographic optimum."""
    merged: dict[TierName, int] = {}
    for name in [*earlier, *(n for n in bounds if n not in earlier)]:
        bound = tighter(TIER_SENSE[name], bounds.get(name), earlier.get(name))
        assert bound is not None  # the tier is in one of the two
        merged[name] = int(bound)
    return merged


def _from_earlier_round(env: Env) -> dict[TierName, int]:
    """In a later round of a decomposed solve, the bounds the part's plan of the round
    before reported on the tiers after the first (every reported bound holds for the
    lexicographic optimum), when it has one on each: kept rather than found again."""
    if env.step is None or not env.from_earlier_round:
        return {}
    later = env.scenario.objective_tiers()[1:]
    known = env.step.known_bounds
    if not all(name in known for name in later):
        return {}
    return {name: round(known[name]) for name in later}


def floor_bounds(env: Env, prepared: Prepared, deadline: float) -> dict[TierName, int]:
    """Per tier after the first, a bound valid for the lexicographic optimum given only
    that its first tier reaches the incumbent's (see the module): the tighter of the
    priced network's, in the time given, and the one that needs no flow
    (:func:`flow.slot_bound`; for fairness :func:`~.values.fairness_bound`)."""
    candidates, incumbent = prepared.candidates, prepared.incumbent
    assert incumbent is not None
    names = env.scenario.objective_tiers()
    first = names[0]
    floor = tier_value(candidates, first, incumbent.chosen)
    floor_weights = flow.tier_weights(candidates, first)
    bounds: dict[TierName, int] = {}
    for position, name in enumerate(names[1:], start=1):
        if name == "fairness":
            simple = min(FAIRNESS_SCALE, fairness_bound(candidates))
            if env.stopped or time.perf_counter() > deadline:
                bounds[name] = simple
            else:
                empty = np.zeros(0, dtype=np.int64)
                weights = candidates.coverage_weight
                bounds[name], _ = flow.fairest_rows(
                    candidates, weights, empty, simple, FAIRNESS_SCALE, deadline
                )
        elif name in flow.FLOW_TIERS:
            weights = flow.tier_weights(candidates, name)
            signed = flow.slot_bound(candidates, weights, floor_weights, floor)
            priced = _priced(env, prepared, names[: position + 1], (floor_weights, floor), deadline)
            signed = signed if priced is None else min(signed, priced)
            bounds[name] = signed if TIER_SENSE[name] == "max" else -signed
    return bounds


def _priced(
    env: Env,
    prepared: Prepared,
    names: list[TierName],
    first_floor: tuple[NDArray[np.int64], int],
    deadline: float,
) -> int | None:
    """The floored bound on the last of ``names``: under the incumbent's first tier
    (``first_floor``: its weights and value), or, where the incumbent reaches the
    relaxation's bound on the first tier (so the optimum has exactly that value, and at
    least the incumbent's second), under the second tier with the first held."""
    candidates, incumbent = prepared.candidates, prepared.incumbent
    assert incumbent is not None
    first, name = names[0], names[-1]
    floor_weights, floor = first_floor
    held = None
    second = names[1]
    if (
        len(names) == 3
        and second in flow.FLOW_TIERS
        and TIER_SENSE[second] == "max"
        and prepared.relaxation.tier_bounds.get(first) == floor
    ):
        held = (floor_weights, floor)
        floor_weights = flow.tier_weights(candidates, second)
        floor = tier_value(candidates, second, incumbent.chosen)
    return flow.floored_bound(
        candidates,
        flow.tier_weights(candidates, name),
        floor_weights,
        floor,
        deadline,
        stopped=env.stops.requested,
        held=held,
        start_high=env.bounds_only,
    )
