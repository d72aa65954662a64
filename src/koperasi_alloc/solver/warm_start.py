"""Warm start: the first plan, from the relaxation's plan or the hint.

The relaxed plan may break rules outside the relaxation; it is re-flowed around them
two ways (:func:`flow.reflow`: over-cap agencies' officers limited to one cooperative;
:func:`flow.reflow_concentrated`, when time is short: each capped agency releases the
officers a flow pricing their share of the cap uses most, each up to their limit), else
repaired greedily (:func:`flow.repair`), then polished, and the better of the two is
kept. A hint given by the user replaces it when valid and better; without one, so does
the part of the scenario's baseline that still fits (:func:`flow.still_held`: each part of
a decomposed re-plan starts from it). A valid first plan is
the incumbent (method "flow") and hints CP-SAT; it is also what pruning measures against.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc import flow
from koperasi_alloc.candidates import Candidates
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import TIER_SENSE, Assignment
from koperasi_alloc.solver.budget import short_of_time
from koperasi_alloc.solver.polish import polished
from koperasi_alloc.solver.state import Env, Prepared
from koperasi_alloc.solver.values import better, mask, tier_value

__all__ = ["WarmStart", "hint_rows"]


def hint_rows(candidates: Candidates, hint: Plan | Sequence[Assignment]) -> NDArray[np.int64]:
    """Candidate rows of the hinted assignments (those that are still candidates)."""
    return candidates.rows_of(hint.assignments if isinstance(hint, Plan) else hint)


class WarmStart:
    """Prepare stage: the first plan, the incumbent when it satisfies every hard rule."""

    name = "warm_start"

    def accepts(self, env: Env, prepared: Prepared) -> bool:
        return True

    def apply(self, env: Env, prepared: Prepared) -> Prepared:
        candidates, relaxation = prepared.candidates, prepared.relaxation
        if env.from_earlier_round and env.hint is not None:
            hinted = hint_rows(candidates, env.hint)
            if flow.hard_rules_hold(candidates, hinted):
                # the part's plan of the round before started from this very warm start
                # and only improved on it: repeating the repair would be wasted time
                method = env.hint.stats.method if isinstance(env.hint, Plan) else "flow"
                return prepared.with_incumbent(hinted, method)
        start = _repaired(env, prepared, flow.reflow)
        # The second re-flow is tried only when time is short (national parts, a large
        # weighted model): with time for CP-SAT, its start (better coverage, worse
        # locality) ended slower on kutai-timur-scarce, whose later stages then start
        # further from their optimum.
        if (
            short_of_time(env, len(candidates))
            and not flow.hard_rules_hold(candidates, relaxation.plan)
            and _short(env, prepared, start)
        ):
            other = _repaired(env, prepared, flow.reflow_concentrated)
            start = _preferred(env, candidates, start, other)
        if env.hint is not None:
            start = _preferred(env, candidates, start, hint_rows(candidates, env.hint))
        elif env.scenario.baseline:
            # a re-plan's part: never start below what its baseline still holds
            start = _preferred(env, candidates, start, flow.still_held(candidates))
        if flow.hard_rules_hold(candidates, start):
            return prepared.with_incumbent(start, "flow")
        return replace(prepared, hint_rows=start)  # a start for CP-SAT, not yet a plan


def _repaired(
    env: Env, prepared: Prepared, reflow: Callable[..., NDArray[np.int64]]
) -> NDArray[np.int64]:
    """The relaxed plan made to keep every hard rule: re-flowed by ``reflow``, else
    repaired greedily, then polished (unchanged where the relaxed plan already keeps them)."""
    candidates, relaxation = prepared.candidates, prepared.relaxation
    start = relaxation.plan
    if not flow.hard_rules_hold(candidates, start):
        # a round of re-flow solves the network again: start one only where it fits
        last_start = env.deadline - prepared.relaxation_seconds
        start = reflow(candidates, start, relaxation.benefit, deadline=last_start)
    if not flow.hard_rules_hold(candidates, start):
        start = flow.repair(candidates, start, relaxation.benefit)
    if flow.hard_rules_hold(candidates, start):
        start = polished(env, candidates, relaxation.benefit, start)
    return start


def _short(env: Env, prepared: Prepared, rows: NDArray[np.int64]) -> bool:
    """Whether ``rows`` is short of the relaxation's bound on the first tier (or breaks a
    rule), so that the other re-flow may do better."""
    candidates = prepared.candidates
    if not flow.hard_rules_hold(candidates, rows):
        return True
    first = env.scenario.objective_tiers()[0]
    bound = prepared.relaxation.tier_bounds.get(first)
    if bound is None:
        return True
    value = tier_value(candidates, first, mask(len(candidates), rows))
    return value < bound if TIER_SENSE[first] == "max" else value > bound


def _preferred(
    env: Env, candidates: Candidates, start: NDArray[np.int64], other: NDArray[np.int64]
) -> NDArray[np.int64]:
    """``other`` where it keeps every hard rule and ``start`` does not or is worse, else
    ``start``."""
    if not flow.hard_rules_hold(candidates, other):
        return start
    if flow.hard_rules_hold(candidates, start) and not better(
        env.scenario, candidates, other, start
    ):
        return start
    return other
