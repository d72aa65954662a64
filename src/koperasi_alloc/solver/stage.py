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

from koperasi_alloc.model import TierExpression
from koperasi_alloc.model.context import Linear
from koperasi_alloc.solver.budget import CPSAT_SECONDS_PER_CANDIDATE
from koperasi_alloc.solver.cpsat import Reporter, apply_parameters, search, set_hint, unscaled
from koperasi_alloc.solver.polish import polish_incumbent

if TYPE_CHECKING:
    from koperasi_alloc.solver.run import Run

__all__ = ["Stage", "run_stage"]


@dataclass
class Stage:
    """What one stage reached: CP-SAT's status, the objective's value and bound, whether
    that is proven optimal, and per tier the bound to report (set by the caller)."""

    tiers: list[TierExpression]
    status: int
    value: float | None
    bound: float | None
    proven: bool = False
    tier_bounds: list[float | None] | None = None


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
        run.progress.report(
            objective.name, sign * current, None if known_bound is None else sign * known_bound
        )
    stage: Stage | None
    if run.progress():  # the user's callback asked to stop: keep the incumbent, if any
        stage = (
            None if current is None else Stage(tiers, int(cp_model.UNKNOWN), current, known_bound)
        )
    elif current is not None and known_bound is not None and current >= known_bound:
        stage = Stage(tiers, int(cp_model.OPTIMAL), current, known_bound, proven=True)
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
    remaining, overhead = _time_left(run)
    # CP-SAT spends time loading a model before its clock starts to bite: measured
    # about a second per 100,000 candidates. Without that much time left, an
    # incumbent plan is kept rather than the budget overrun.
    too_late = run.chosen is not None and remaining < 1.5 * overhead
    # a constant objective needs no search once a plan is known; without one, CP-SAT
    # still has to find a plan or prove there is none
    constant = objective.expression.is_constant
    settled = constant and run.chosen is not None
    if not (remaining <= 0.005 or too_late or settled):
        return _search(run, objective, known, share, remaining, overhead)
    if too_late and not constant:
        start = "the previous round's plan" if run.hint_from_earlier_round else "the warm start"
        run.notes.append(f"time budget too short to improve {start} with CP-SAT")
    if run.chosen is None:
        run.notes.append("time budget spent before a plan was found")
        return None
    status = int(cp_model.OPTIMAL) if constant else int(cp_model.UNKNOWN)
    return Stage(objective.tiers, status, current, known_bound, proven=constant)


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
    reporter = Reporter(objective.name, run.started, run.progress.callback, known_bound, "max")
    reporter.display_sign = objective.sign
    reporter.scale = objective.scale
    soft_deadline = time.perf_counter() + remaining * share
    status = search(solver, built.model, reporter, run.interrupt, soft_deadline)
    if reporter.stopped_by_callback:
        run.progress.requested = True
    return _result(run, objective, solver, reporter, status, current, known_bound)


def _result(
    run: Run,
    objective: _Objective,
    solver: cp_model.CpSolver,
    reporter: Reporter,
    status: int,
    current: float | None,
    known_bound: float | None,
) -> Stage:
    """The stage CP-SAT's answer makes; a better solution becomes the incumbent."""
    built, tiers = run.built, objective.tiers
    assert built is not None
    if status == cp_model.MODEL_INVALID:
        reason = built.model.validate() or "the model is valid, so a parameter was rejected"
        run.notes.append(f"CP-SAT rejected the model or its parameters: {reason}")
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
    bound = float(solver.best_objective_bound)
    optimal = status == cp_model.OPTIMAL
    if objective.tie_break is not None:
        # proven where the tier's bound meets its value, whatever the tie-break's state
        bound = unscaled(bound, objective.scale)
        optimal = False
    if known_bound is not None:
        bound = min(bound, known_bound)
    proven = optimal or reporter.reached_target or value >= bound
    return Stage(tiers, int(cp_model.OPTIMAL) if proven else status, value, bound, proven)
