"""Warm start: the first plan, from the relaxation's plan or the user's hint.

The relaxed plan may break rules outside the relaxation; it is re-flowed around them
two ways (:func:`flow.reflow`: over-cap agencies' officers limited to one cooperative;
:func:`flow.reflow_concentrated`, when time is short: each capped agency releases the
officers a flow pricing their share of the cap uses most, each up to their limit), else
repaired greedily (:func:`flow.repair`), then polished, and the better of
the two is kept. A hint given by the user replaces it when valid and better. A valid
first plan is the incumbent (method "flow") and hints CP-SAT; it is also what pruning
measures against.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc import flow
from koperasi_alloc.candidates import Candidates
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import TIER_SENSE, Assignment
from koperasi_alloc.solver.budget import short_of_time
from koperasi_alloc.solver.polish import polished
from koperasi_alloc.solver.values import mask

if TYPE_CHECKING:
    from koperasi_alloc.solver.run import Run

__all__ = ["hint_rows", "stage"]


def hint_rows(candidates: Candidates, hint: Plan | Sequence[Assignment]) -> NDArray[np.int64]:
    """Candidate rows of the hinted assignments (those that are still candidates)."""
    return candidates.rows_of(hint.assignments if isinstance(hint, Plan) else hint)


def _repaired(run: Run, reflow: Callable[..., NDArray[np.int64]]) -> NDArray[np.int64]:
    """The relaxed plan made to keep every hard rule: re-flowed by ``reflow``, else
    repaired greedily, then polished (unchanged where the relaxed plan already keeps them)."""
    candidates, relaxation = run.candidates, run.relaxation
    assert candidates is not None
    assert relaxation is not None
    start = relaxation.plan
    if not flow.hard_rules_hold(candidates, start):
        # a round of re-flow solves the network again: start one only where it fits
        last_start = run.deadline - run.relaxation_seconds
        start = reflow(candidates, start, relaxation.benefit, deadline=last_start)
    if not flow.hard_rules_hold(candidates, start):
        start = flow.repair(candidates, start, relaxation.benefit)
    if flow.hard_rules_hold(candidates, start):
        start = polished(run, start)
    return start


def _short(run: Run, rows: NDArray[np.int64]) -> bool:
    """Whether ``rows`` is short of the relaxation's bound on the first tier (or breaks a
    rule), so that the other re-flow may do better."""
    candidates, relaxation = run.candidates, run.relaxation
    assert candidates is not None
    assert relaxation is not None
    if not flow.hard_rules_hold(candidates, rows):
        return True
    first = run.scenario.objective_tiers()[0]
    bound = relaxation.tier_bounds.get(first)
    if bound is None:
        return True
    value = run.value_of(first, mask(len(candidates), rows))
    return value < bound if TIER_SENSE[first] == "max" else value > bound


def _preferred(run: Run, start: NDArray[np.int64], other: NDArray[np.int64]) -> NDArray[np.int64]:
    """``other`` where it keeps every hard rule and ``start`` does not or is worse, else
    ``start``."""
    assert run.candidates is not None
    if not flow.hard_rules_hold(run.candidates, other):
        return start
    if flow.hard_rules_hold(run.candidates, start) and not run.better(other, start):
        return start
    return other


def stage(run: Run) -> None:
    """Pipeline stage: the first plan, the incumbent when it satisfies every hard rule."""
    candidates, relaxation = run.candidates, run.relaxation
    assert candidates is not None
    assert relaxation is not None
    if run.hint_from_earlier_round and run.hint is not None:
        hinted = hint_rows(candidates, run.hint)
        if flow.hard_rules_hold(candidates, hinted):
            # the part's plan of the round before started from this very warm start and
            # only improved on it: repeating the repair would be wasted time
            run.set_incumbent(hinted)
            run.method = run.hint.stats.method if isinstance(run.hint, Plan) else "flow"
            return
    start = _repaired(run, flow.reflow)
    # The second re-flow is tried only when time is short (national parts, a large
    # weighted model): with time for CP-SAT, its start (better coverage, worse locality)
    # ended slower on kutai-timur-scarce, whose later stages then start further from
    # their optimum.
    if (
        short_of_time(run)
        and not flow.hard_rules_hold(candidates, relaxation.plan)
        and _short(run, start)
    ):
        start = _preferred(run, start, _repaired(run, flow.reflow_concentrated))
    if run.hint is not None:
        start = _preferred(run, start, hint_rows(candidates, run.hint))
    if flow.hard_rules_hold(candidates, start):
        run.set_incumbent(start)
        run.method = "flow"
    run.hint_rows = start
