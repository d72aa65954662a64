"""The engine: runs a list of stages over one model, and makes the environment they run in.

Every entry point solves through here: ``solve`` (each part of a decomposed solve, and
each tile of a big part), ``replan`` (``solve`` with the baseline), ``tradeoff`` (one
solve per value) and the hiring proposal, whose own stages run on
:func:`run_stages` too. What the engine adds to any stage list: the time budget, the stop
token, Ctrl-C and the callback (one :class:`~.progress.Stops`), and the rule that a stage
list stops at the first stage that does not accept its input.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import Assignment, Scenario
from koperasi_alloc.solver import assemble, build, pipeline
from koperasi_alloc.solver.options import SolveOptions
from koperasi_alloc.solver.progress import ProgressCallback, Stops, StopSignal
from koperasi_alloc.solver.rounds import Step
from koperasi_alloc.solver.state import Env, PieceSolver, Prepared, Searched

__all__ = ["new_env", "run_model", "run_stages", "search_model"]

T = TypeVar("T", Prepared, Searched)


def new_env(
    scenario: Scenario,
    options: SolveOptions,
    *,
    callback: ProgressCallback | None = None,
    stop: StopSignal | None = None,
    log: Callable[[str], None] | None = None,
    hint: Plan | Sequence[Assignment] | None = None,
    step: Step | None = None,
    started: float | None = None,
) -> Env:
    """The environment of one model's solve: its budget starts at ``started`` (now by
    default); tiles of it are solved by the same engine, within its stops."""
    started = time.perf_counter() if started is None else started
    stops = Stops(started, callback, stop)
    return Env(
        scenario,
        options,
        started,
        started + options.time_limit,
        stops,
        log=log,
        hint=step.hint if step is not None and step.hint is not None else hint,
        step=step,
        solve_piece=_piece_solver(options, stops),
    )


def _piece_solver(options: SolveOptions, stops: Stops) -> PieceSolver:
    """Solves a tile: the same engine, the same workers and seed, the parent's stop."""

    def solve_piece(piece: Scenario, budget: float, hint: Sequence[Assignment]) -> Plan:
        piece_options = SolveOptions(
            time_limit=max(budget, 0.0), workers=options.workers, seed=options.seed
        )
        return run_model(new_env(piece, piece_options, stop=stops.as_signal(), hint=hint))

    return solve_piece


def run_stages(env: Env, stages: Sequence[object], artefact: T) -> T:
    """``artefact`` through ``stages`` in order: each that accepts it makes the next one;
    the list ends early when the user asks to stop (or, for search stages, at the first
    that does not accept: the stages before it left nothing to build on)."""
    for stage in stages:
        if env.stopped:
            break
        if not stage.accepts(env, artefact):  # type: ignore[attr-defined]
            if isinstance(artefact, Searched):
                break
            continue
        artefact = stage.apply(env, artefact)  # type: ignore[attr-defined]
    return artefact


def run_model(env: Env) -> Plan:
    """Solve ``env``'s scenario as one model: prepare, build, search, assemble.

    Ctrl-C (installed in the main thread) stops it like the stop token: the plan so far
    is assembled and returned, saying so.
    """
    prepared, searched = search_model(env)
    plan = assemble.plan_of(env, prepared, searched)
    conflict = assemble.conflict_of(env, searched)
    return plan if conflict is None else plan.model_copy(update={"conflict": conflict})


def search_model(env: Env) -> tuple[Prepared | None, Searched | None]:
    """The artefacts of one model's solve before assembly: what the preparing stages made,
    and what the search made of it (None where the solve stopped before)."""
    prepared: Prepared | None = None
    searched: Searched | None = None
    with env.stops:
        try:
            if not env.stopped:
                prepared = build.prepared(env)
                prepared = run_stages(env, pipeline.PREPARE, prepared)
                searched = build.model(env, prepared)
                searched = run_stages(env, pipeline.search_stages(env, searched), searched)
        except KeyboardInterrupt:  # a second Ctrl-C inside a stage: keep what was made
            env.stops.interrupt()
    return prepared, searched
