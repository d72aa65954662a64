"""Polish: re-route the officers a plan releases, while that improves it.

Used on the warm start and on every incumbent CP-SAT finds before it hints the next stage.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc import flow

if TYPE_CHECKING:
    from koperasi_alloc.solver.run import Run

__all__ = ["POLISH_ROUNDS", "polish_incumbent", "polished"]

#: Rounds of :func:`koperasi_alloc.flow.polish` on a plan, each kept only if it improves.
POLISH_ROUNDS = 4


def polished(run: Run, rows: NDArray[np.int64]) -> NDArray[np.int64]:
    """``rows`` with its released officers re-routed optimally, while that improves the
    plan (see :func:`flow.polish`); ``rows`` must satisfy every hard rule."""
    candidates = run.candidates
    benefit = run.relaxation.benefit if run.relaxation is not None else None
    if candidates is None or benefit is None:
        return rows
    last_round = 0.0
    for _ in range(POLISH_ROUNDS):
        started = time.perf_counter()
        if started + last_round > run.deadline or run.stopped:
            break  # another round as long as the last would overrun the budget
        better = flow.polish(candidates, rows, benefit)
        last_round = time.perf_counter() - started
        if not (flow.hard_rules_hold(candidates, better) and run.better(better, rows)):
            break
        rows = better
    return rows


def polish_incumbent(run: Run) -> None:
    """Polish the incumbent found by CP-SAT before it hints the next stage."""
    if run.chosen is None:
        return
    current = np.flatnonzero(run.chosen).astype(np.int64)
    rows = polished(run, current)
    if rows is not current:
        run.set_incumbent(rows)
