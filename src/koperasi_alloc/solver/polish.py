"""Polish: re-route the officers a plan releases, while that improves it.

Used on the warm start and on every incumbent CP-SAT finds before it hints the next stage.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc import flow
from koperasi_alloc.candidates import Candidates
from koperasi_alloc.solver.state import Env, Incumbent, Searched
from koperasi_alloc.solver.values import better

__all__ = ["POLISH_ROUNDS", "polish_searched", "polished"]

#: Rounds of :func:`koperasi_alloc.flow.polish` on a plan, each kept only if it improves.
POLISH_ROUNDS = 4


def polished(
    env: Env, candidates: Candidates, benefit: NDArray[np.int64] | None, rows: NDArray[np.int64]
) -> NDArray[np.int64]:
    """``rows`` with its released officers re-routed optimally, while that improves the
    plan (see :func:`flow.polish`); ``rows`` must satisfy every hard rule. A round starts
    only when one as long as the last still fits in the budget."""
    if benefit is None:
        return rows
    last_round = 0.0
    for _ in range(POLISH_ROUNDS):
        started = time.perf_counter()
        if started + last_round > env.deadline or env.stopped:
            break
        candidate = flow.polish(candidates, rows, benefit)
        last_round = time.perf_counter() - started
        if not flow.hard_rules_hold(candidates, candidate):
            break
        if not better(env.scenario, candidates, candidate, rows):
            break
        rows = candidate
    return rows


def polish_searched(env: Env) -> Callable[[Searched], Searched]:
    """The polish a search stage applies to the plan CP-SAT found (its incumbent) before
    that plan hints the next stage."""

    def polish(searched: Searched) -> Searched:
        incumbent = searched.incumbent
        if incumbent is None:
            return searched
        current = incumbent.rows
        benefit = searched.prepared.relaxation.benefit
        rows = polished(env, searched.candidates, benefit, current)
        if rows is current:
            return searched
        chosen = Incumbent.of_rows(len(searched.candidates), rows, incumbent.method)
        return replace(searched, incumbent=chosen, hint_rows=rows)

    return polish
