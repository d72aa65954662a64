"""One CP-SAT search stage: maximise one objective (a :class:`Goal`), unless no search is
needed, and record what it reached. Every entry point's search stages come here
(lexicographic tier groups, the weighted sum, the hiring proposal's stages).

A stage is decided without search when the incumbent already reaches a known bound, when
the user asked to stop, when too little time is left for CP-SAT to load the model, or when
the objective is constant. Otherwise CP-SAT searches from the hint (for a stage of one
tier, with a tie-break that cannot change its optimum: see
:func:`koperasi_alloc.solver.lexicographic.tie_break`) and its result becomes a
:class:`~.state.StageRecord`: status, value and bound, proven only where they meet
(:func:`~.proof.decided`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from koperasi_alloc.i18n import say
from koperasi_alloc.model.context import Linear
from koperasi_alloc.plan import StopReason
from koperasi_alloc.scenario import TierName
from koperasi_alloc.solver.budget import CPSAT_SECONDS_PER_CANDIDATE, too_late_to_search
from koperasi_alloc.solver.cpsat import Reporter, new_solver, search, set_hint, tier_bound
from koperasi_alloc.solver.proof import decided
from koperasi_alloc.solver.state import Env, Incumbent, Searched, StageRecord

__all__ = ["Goal", "run_stage"]


@dataclass(frozen=True)
class Goal:
    """What one stage maximises, and how plans are judged for it.

    Attributes
    ----------
    name
        The name progress reports give it ("coverage", "locality+travel", "weighted",
        "hires").
    tiers
        The tiers the stage decides (their values are recorded), none for an objective of
        its own (a hiring stage).
    expression
        The objective over the model's variables.
    value_of
        The objective's value for a plan (a mask over the candidates).
    prefer
        Whether plan ``a`` should replace the incumbent ``b`` (candidate rows).
    tier_values
        The decided tiers' values for a plan (a mask).
    known_bound
        A bound on the objective known without search, or None.
    share
        The part of the remaining time after which the search stops at its first solution.
    tie_break, scale
        CP-SAT maximises ``scale * expression + tie_break`` (``tie_break`` never negative
        and below ``scale``): the same optimum of ``expression``, whose value and bound the
        stage reports.
    sign
        -1 when the objective is a minimised quantity searched as its negation (progress
        shows it with its own sign).
    polish
        Improves a plan CP-SAT found before it hints the next stage (or None).
    """

    name: str
    tiers: tuple[TierName, ...]
    expression: Linear
    value_of: Callable[[NDArray[np.bool_]], float]
    prefer: Callable[[NDArray[np.int64], NDArray[np.int64]], bool]
    tier_values: Callable[[NDArray[np.bool_]], tuple[int, ...]]
    known_bound: float | None = None
    share: float = 1.0
    tie_break: Linear | None = None
    scale: int = 1
    sign: int = 1
    polish: Callable[[Searched], Searched] | None = None

    @property
    def searched_expression(self) -> Linear:
        """What CP-SAT maximises."""
        if self.tie_break is None:
            return self.expression
        return self.expression.scaled(self.scale).plus(self.tie_break)


def run_stage(env: Env, searched: Searched, goal: Goal) -> Searched:
    """Maximise ``goal`` and record the stage; the incumbent becomes CP-SAT's plan where
    that is better. Returns ``searched`` unchanged when no plan is known and none could
    be searched for (no time, or a stop)."""
    started = time.perf_counter()
    done = _run(env, searched, goal)
    if len(done.stages) == len(searched.stages):
        return done
    ended = time.perf_counter()
    record = replace(done.stages[-1], seconds=ended - started, ended_at=ended - env.started)
    return replace(done, stages=(*done.stages[:-1], record))


def _run(env: Env, searched: Searched, goal: Goal) -> Searched:
    incumbent = searched.incumbent
    current = goal.value_of(incumbent.chosen) if incumbent is not None else None
    known = goal.known_bound
    if current is not None:
        shown = None if known is None else goal.sign * known
        env.stops.report_value(goal.name, goal.sign * current, shown)
    if decided(current, known):
        return _record(searched, goal, cp_model.OPTIMAL, current, known, proven=True)
    if env.stopped:  # the user asked to stop: keep the incumbent, if any
        if current is None:
            return searched
        return _record(searched, goal, cp_model.UNKNOWN, current, known, env.stops.reason)
    return _searched_or_kept(env, searched, goal, current)


def _record(
    searched: Searched,
    goal: Goal,
    status: int | cp_model.CpSolverStatus,
    value: float | None,
    bound: float | None,
    stopped_by: StopReason | None = None,
    *,
    proven: bool = False,
) -> Searched:
    incumbent = searched.incumbent
    values = goal.tier_values(incumbent.chosen) if incumbent is not None else ()
    record = StageRecord(
        goal.tiers, int(status), value, bound, proven, None, stopped_by, values, goal.name
    )
    return searched.recorded(record)


def _searched_or_kept(env: Env, searched: Searched, goal: Goal, current: float | None) -> Searched:
    """Search with CP-SAT, unless too little time is left (or nothing is to be searched):
    then the incumbent is kept, and without one there is no stage."""
    built = searched.built
    assert built is not None, "search stages run on a built model"
    remaining = env.remaining()
    # CP-SAT spends time loading a model before its clock starts to bite: measured
    # about a second per 100,000 candidates. Without that much time left, an incumbent
    # plan is kept rather than the budget overrun.
    n_candidates = built.context.n_candidates
    too_late = too_late_to_search(env, searched.incumbent is not None, n_candidates)
    # a constant objective needs no search once a plan is known; without one, CP-SAT
    # still has to find a plan or prove there is none
    constant = goal.expression.is_constant
    settled = constant and searched.incumbent is not None
    if not (remaining <= 0.005 or too_late or settled):
        return _search(env, searched, goal, current, remaining)
    if too_late and not constant:
        kept = "note.round_plan_kept" if env.from_earlier_round else "note.warm_start_kept"
        searched = searched.noted(say(kept, "en"))
    if searched.incumbent is None:
        return searched.noted(say("note.no_plan_in_time", "en"))
    if constant:
        return _record(searched, goal, cp_model.OPTIMAL, current, goal.known_bound, proven=True)
    time_limit = StopReason.TIME_LIMIT
    return _record(searched, goal, cp_model.UNKNOWN, current, goal.known_bound, time_limit)


def _search(
    env: Env, searched: Searched, goal: Goal, current: float | None, remaining: float
) -> Searched:
    """Search with CP-SAT from the hint, within the ``remaining`` seconds."""
    built = searched.built
    assert built is not None
    if searched.search_started is None:
        searched = replace(searched, search_started=time.perf_counter())
    built.context.maximize(goal.searched_expression)
    if searched.hint_rows is not None:
        set_hint(built, searched.hint_rows)
    overhead = CPSAT_SECONDS_PER_CANDIDATE * built.context.n_candidates
    solver = new_solver(env.options, env.workers, log=env.log)
    solver.parameters.max_time_in_seconds = max(remaining - 0.5 * overhead, 0.05)
    reporter = Reporter(
        goal.name, env.stops, goal.known_bound, scale=goal.scale, display_sign=goal.sign
    )
    soft_deadline = time.perf_counter() + remaining * goal.share
    status = search(solver, built.model, reporter, env.stops, soft_deadline)
    return _result(env, searched, goal, solver, status, current)


def _result(
    env: Env,
    searched: Searched,
    goal: Goal,
    solver: cp_model.CpSolver,
    status: int,
    current: float | None,
) -> Searched:
    """The stage CP-SAT's answer makes; a better solution becomes the incumbent."""
    built = searched.built
    assert built is not None
    if status == cp_model.MODEL_INVALID:
        reason = built.model.validate() or "the model is valid, so a parameter was rejected"
        searched = searched.noted(say("note.model_rejected", "en", reason=reason))
        return _record(searched, goal, status, None, None)
    if status == cp_model.INFEASIBLE:
        return _record(searched, goal, status, None, None)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if searched.incumbent is None:
            return _record(searched, goal, status, None, None)
        unproven = env.stops.unproven_end(False)
        return _record(searched, goal, status, current, goal.known_bound, unproven)
    solution = np.asarray(solver.response_proto.solution, dtype=np.int64)
    found = solution[: built.context.n_candidates].astype(bool)
    incumbent = searched.incumbent
    rows = np.flatnonzero(found).astype(np.int64)
    if incumbent is None or goal.prefer(rows, incumbent.rows):
        searched = replace(searched, incumbent=Incumbent(found, "cp-sat"), hint_rows=rows)
        if goal.polish is not None:
            searched = goal.polish(searched)
    assert searched.incumbent is not None
    value = goal.value_of(searched.incumbent.chosen)
    # the objective's own bound (with a tie-break: its part of it); proven only where the
    # value meets it, whatever CP-SAT's status says (a gap limit ends in OPTIMAL)
    bound = tier_bound(float(solver.best_objective_bound), goal.scale, goal.known_bound)
    proven = decided(value, bound)
    code = cp_model.OPTIMAL if proven else cp_model.FEASIBLE
    if proven:
        return _record(searched, goal, code, value, bound, proven=True)
    ended = env.stops.unproven_end(status == cp_model.OPTIMAL)
    return _record(searched, goal, code, value, bound, ended)
