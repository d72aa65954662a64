"""One CP-SAT stage: maximise one (possibly folded) objective, unless search is not needed.

A stage is decided without search when the user's callback asked to stop, when the
incumbent already reaches a known bound, when too little time is left for CP-SAT to load
the model, or when the objective is constant. Otherwise CP-SAT searches from the hint
(for a stage of one tier, with a tie-break that cannot change its optimum: see
:func:`koperasi_alloc.solver.lexicographic._tie_break`) and its result becomes a
:class:`Stage`: status, value and bound of the objective.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from ortools.sat.python import cp_model

from koperasi_alloc.i18n import say
from koperasi_alloc.model import TierExpression
from koperasi_alloc.model.context import Linear
from koperasi_alloc.plan import StopReason
from koperasi_alloc.solver.budget import CPSAT_SECONDS_PER_CANDIDATE, too_late_to_search
from koperasi_alloc.solver.cpsat import Reporter, apply_parameters, search, set_hint, unscaled
from koperasi_alloc.solver.polish import polish_incumbent
from koperasi_alloc.solver.proof import decided

if TYPE_CHECKING:
    from koperasi_alloc.solver.run import Run

__all__ = ["Stage", "run_stage"]


@dataclass
class Stage:
    """What one stage reached: its status (OPTIMAL only where proven), the objective's
    value and bound, whether that is proven optimal (:func:`~.proof.decided`), why its
    search ended early (None: it did not), and per tier the bound to report (set by the
    caller)."""

    tiers: list[TierExpression]
    status: int
    value: float | None
    bound: float | None
    proven: bool = False
    tier_bounds: list[float | None] | None = None
    stopped_by: StopReason | None = None


@dataclass(frozen=True)
class _Objective:
    """The objective of a stage: its tiers, their folding weights and the expression;
    CP-SAT maximises ``scale * expression + tie_break`` (see :func:`run_stage`)."""

    tiers: list[TierExpression]
    weights: list[int]
    expression: Linear
    weighted: bool
    tie_break: Linear | None = None
    scale: int = 1

    @property
    def searched(self) -> Linear:
        """What CP-SAT maximises."""
        if self.tie_break is None:
            return self.expression
        return self.expression.scaled(self.scale).plus(self.tie_break)

    @property
    def name(self) -> str:
        return "weighted" if self.weighted else "+".join(t.name for t in self.tiers)

    @property
    def sign(self) -> int:
        """-1 for a single minimised tier (searched as its negation), else 1."""
        single_min = len(self.tiers) == 1 and self.tiers[0].sense == "min"
        return -1 if single_min and not self.weighted else 1


def run_stage(
    run: Run,
    tiers: list[TierExpression],
    weights: list[int],
    expression: Linear,
    known_bound: float | None,
    share: float,
    *,
    weighted: bool = False,
    tie_break: tuple[Linear, int] | None = None,
) -> Stage | None:
    """Maximise ``expression`` (``tiers`` folded with ``weights``) and record the stage.

    ``known_bound`` is a bound on the objective known without search; ``share`` is the
    part of the remaining time after which the search stops at its first solution.
    ``tie_break``, an expression that is never negative and a scale above its largest
    value, makes CP-SAT maximise ``scale * expression + tie_break``: the same optimum of
    ``expression``, whose value and bound the stage still reports. Returns None when no
    plan is known and none could be searched for.
    """
    tie, scale = (None, 1) if tie_break is None else tie_break
    objective = _Objective(tiers, weights, expression, weighted, tie, scale)
    current = run.folded_value(tiers, weights, weighted)
    if current is not None:
        sign = objective.sign
        run.stops.report_value(
            objective.name, sign * current, None if known_bound is None else sign * known_bound
        )
    stage: Stage | None
    if decided(current, known_bound):
        stage = Stage(tiers, int(cp_model.OPTIMAL), current, known_bound, proven=True)
    elif run.stops.requested():  # the user asked to stop: keep the incumbent, if any
        unknown = int(cp_model.UNKNOWN)
        reason = run.stops.reason
        stage = None if current is None else Stage(tiers, unknown, current, known_bound)
        if stage is not None:
            stage.stopped_by = reason
    else:
        stage = _searched_or_kept(run, objective, (current, known_bound), share)
    if stage is not None:
        run.stages.append(stage)
    return stage


def _searched_or_kept(
    run: Run, objective: _Objective, known: tuple[float | None, float | None], share: float
) -> Stage | None:
    """Search with CP-SAT, unless too little time is left (or nothing is to be searched):
    then the incumbent is kept, and without one there is no stage."""
    current, known_bound = known
    assert run.built is not None
    remaining, overhead = _time_left(run)
    # CP-SAT spends time loading a model before its clock starts to bite: measured
    # about a second per 100,000 candidates. Without that much time left, an
    # incumbent plan is kept rather than the budget overrun.
    too_late = too_late_to_search(run, run.built.context.n_candidates)
    # a constant objective needs no search once a plan is known; without one, CP-SAT
    # still has to find a plan or prove there is none
    constant = objective.expression.is_constant
    settled = constant and run.chosen is not None
    if not (remaining <= 0.005 or too_late or settled):
        return _search(run, objective, known, share, remaining, overhead)
    if too_late and not constant:
        kept = "note.round_plan_kept" if run.hint_from_earlier_round else "note.warm_start_kept"
        run.notes.append(say(kept, "en"))
    if run.chosen is None:
        run.notes.append(say("note.no_plan_in_time", "en"))
        return None
    if constant:
        return Stage(objective.tiers, int(cp_model.OPTIMAL), current, known_bound, proven=True)
    stage = Stage(objective.tiers, int(cp_model.UNKNOWN), current, known_bound)
    stage.stopped_by = StopReason.TIME_LIMIT
    return stage


def _time_left(run: Run) -> tuple[float, float]:
    """Seconds left, and the seconds CP-SAT needs to load the run's model."""
    assert run.built is not None
    remaining = run.deadline - time.perf_counter()
    return remaining, CPSAT_SECONDS_PER_CANDIDATE * run.built.context.n_candidates


def _search(
    run: Run,
    objective: _Objective,
    known: tuple[float | None, float | None],
    share: float,
    remaining: float,
    overhead: float,
) -> Stage:
    """Search with CP-SAT from the run's hint, within the ``remaining`` seconds.

    ``known`` is the incumbent's value and the bound known before the search.
    """
    built = run.built
    assert built is not None
    current, known_bound = known
    if run.search_started is None:
        run.search_started = time.perf_counter()
    built.context.maximize(objective.searched)
    if run.hint_rows is not None:
        set_hint(built, run.hint_rows)
    solver = cp_model.CpSolver()
    apply_parameters(
        solver.parameters,
        workers=run.workers,
        seed=run.seed,
        gap_limit=run.gap_limit,
        log=run.log,
        cpsat_params=run.cpsat_params,
    )
    solver.parameters.max_time_in_seconds = max(remaining - 0.5 * overhead, 0.05)
    if callable(run.log):
        solver.log_callback = run.log
    reporter = Reporter(
        objective.name,
        run.stops,
        known_bound,
        scale=objective.scale,
        display_sign=objective.sign,
    )
    soft_deadline = time.perf_counter() + remaining * share
    status = search(solver, built.model, reporter, run.stops, soft_deadline)
    stage = _result(run, objective, solver, status, current, known_bound)
    if not stage.proven and stage.value is not None:
        stage.stopped_by = run.stops.unproven_end(status == cp_model.OPTIMAL)
    return stage


def _result(
    run: Run,
    objective: _Objective,
    solver: cp_model.CpSolver,
    status: int,
    current: float | None,
    known_bound: float | None,
) -> Stage:
    """The stage CP-SAT's answer makes; a better solution becomes the incumbent."""
    built, tiers = run.built, objective.tiers
    assert built is not None
    if status == cp_model.MODEL_INVALID:
        reason = built.model.validate() or "the model is valid, so a parameter was rejected"
        run.notes.append(say("note.model_rejected", "en", reason=reason))
        return Stage(tiers, status, None, None)
    if status == cp_model.INFEASIBLE:
        return Stage(tiers, status, None, None)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Stage(tiers, status, current, known_bound if run.chosen is not None else None)
    solution = np.asarray(solver.response_proto.solution, dtype=np.int64)
    found = solution[: built.context.n_candidates].astype(bool)
    incumbent = run.chosen
    if incumbent is None or run.better(np.flatnonzero(found), np.flatnonzero(incumbent)):
        run.chosen = found
        run.hint_rows = np.flatnonzero(found).astype(np.int64)
        run.method = "cp-sat"
        polish_incumbent(run)
    value = run.folded_value(tiers, objective.weights, objective.weighted)
    assert value is not None
    # the tier's own bound (a tie-break scaled: the tier's part of it); proven only where
    # the value meets it, whatever CP-SAT's status says (a gap limit ends in OPTIMAL)
    bound = unscaled(float(solver.best_objective_bound), objective.scale)
    if known_bound is not None:
        bound = min(bound, known_bound)
    proven = decided(value, bound)
    code = int(cp_model.OPTIMAL) if proven else int(cp_model.FEASIBLE)
    return Stage(tiers, code, value, bound, proven)
