"""``solve``: scenario -> candidates -> relaxation -> warm start -> CP-SAT -> Plan.

The solver is a pipeline of small stages, listed in data-flow order in
:mod:`koperasi_alloc.solver.pipeline`; docs/concepts/architecture.md says which module
to open for which change. Independent parts of a scenario (:mod:`koperasi_alloc.decompose`)
each run the pipeline and are merged (:mod:`koperasi_alloc.solver.parts`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from typing import Any

from koperasi_alloc.decompose import decomposable, split
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import Assignment, Scenario
from koperasi_alloc.solver import assemble
from koperasi_alloc.solver.budget import check_options
from koperasi_alloc.solver.parts import solve_parts
from koperasi_alloc.solver.progress import (
    Deadline,
    Progress,
    ProgressCallback,
    StopSignal,
    check_stop_signal,
)
from koperasi_alloc.solver.run import Run

__all__ = ["Progress", "StopSignal", "solve"]

#: Fold consecutive linear tiers after the first into one CP-SAT stage (else one stage per
#: tier). The first tier always gets a stage of its own: folded with the rest its weight
#: would be the product of their ranges (about 1e9 for coverage), which CP-SAT's LP handles
#: badly; locality and travel folded measured 2x faster than apart (docs/performance.md).
#: Read when each run starts.
FOLD_LINEAR_TIERS = True

#: Leave out of the CP-SAT model the candidates that the relaxation's reduced costs show
#: no plan as good as the warm start can use (:mod:`.prune`, docs/performance.md). Read
#: when each run starts.
PRUNE = True

_Run = Run  # the state of one monolithic solve, under the name the tests use


def solve(
    scenario: Scenario,
    *,
    time_limit: float = 10.0,
    workers: int | None = None,
    seed: int = 0,
    gap_limit: float | None = None,
    hint: Plan | Sequence[Assignment] | None = None,
    callback: ProgressCallback | None = None,
    stop: StopSignal | None = None,
    log: bool | Callable[[str], None] = False,
    executor: Executor | None = None,
    decompose: bool = True,
    **cpsat_params: Any,
) -> Plan:
    """Find the best plan for ``scenario`` within ``time_limit`` seconds.

    Parameters
    ----------
    scenario
        The validated scenario.
    time_limit
        Wall-clock budget in seconds, model building included.
    workers
        CP-SAT search workers; the machine's cores when None.
    seed
        CP-SAT random seed. With ``workers=1`` the same seed gives the same plan.
    gap_limit
        Stop a stage's search once its relative gap is at most this. A stage stopped so
        is not proven: the plan is FEASIBLE, with the bounds actually proven.
    hint
        A previous plan or list of assignments to start from.
    callback
        Called with a :class:`Progress` for every improving solution, for every finished
        part of a decomposed solve, and at least every half second while a search finds
        nothing new; returning True stops the solve (the plan says ``stopped_by``
        "callback").
    stop
        A stop token: anything with ``is_set()``, such as a :class:`threading.Event` set
        from another thread (a web handler, a notebook button). Once set, the solve stops
        within a second and returns the best plan found so far (``stopped_by`` "stop").
    log
        True prints CP-SAT's search log; a callable receives its lines instead.
    executor
        Where independent parts of the scenario are solved (any
        ``concurrent.futures.Executor``, e.g. a Dask ``Client.get_executor()``). By
        default a process pool over the machine's cores when there are several parts.
    decompose
        Solve independent parts apart (exact; see :mod:`koperasi_alloc.decompose`).
        False solves one monolithic model.
    **cpsat_params
        Further CP-SAT parameters (``SatParameters`` field names), passed unchanged.

    Returns
    -------
    Plan
        The best plan found, its status, per-tier values and bounds, and an audit trail.
        Ctrl-C stops the search and returns the best plan found so far.
    """
    started = time.perf_counter()
    check_options(seed, workers, gap_limit)
    check_stop_signal(stop)
    deadline = Deadline(started, time_limit)
    if decompose and decomposable(scenario) and len(parts := split(scenario)) > 1:
        options = {"workers": workers, "seed": seed, "gap_limit": gap_limit, "stop": stop}
        plan = solve_parts(
            scenario, parts, deadline, callback, executor, options, cpsat_params=cpsat_params
        )
    else:
        run = new_run(
            scenario, deadline, workers, seed, gap_limit, callback, log, cpsat_params, stop
        )
        plan = monolithic(run, deadline, hint)
    # the wall time measured last, after the plan's own assembly and validation
    return plan.model_copy(update={"wall_time": time.perf_counter() - started})


def new_run(
    scenario: Scenario,
    deadline: Deadline,
    workers: int | None,
    seed: int,
    gap_limit: float | None,
    callback: ProgressCallback | None,
    log: bool | Callable[[str], None],
    cpsat_params: dict[str, Any],
    stop: StopSignal | None = None,
) -> Run:
    """The state of one monolithic solve (workers default to the machine's cores)."""
    workers = workers or os.cpu_count() or 1
    return Run(
        scenario,
        deadline.started,
        deadline.at,
        workers,
        seed,
        gap_limit,
        callback,
        log,
        cpsat_params,
        stop,
    )


def monolithic(run: Run, deadline: Deadline, hint: Plan | Sequence[Assignment] | None) -> Plan:
    """Run the pipeline once on ``run``'s scenario, and assemble its plan."""
    _prepare_and_search(run, hint)
    conflict = assemble.conflict_of(run, deadline)
    plan = assemble.plan_of(run, time_limit=deadline.time_limit, parameters=dict(run.cpsat_params))
    return plan if conflict is None else plan.model_copy(update={"conflict": conflict})


def _prepare_and_search(run: Run, hint: Plan | Sequence[Assignment] | None) -> None:
    """The pipeline's stages before search, then the search, with Ctrl-C stopping them."""
    with run.stops:
        try:
            run.prepare(hint)  # pipeline.PREPARE: candidates, relaxation, warm start, prune, model
            run.optimise()  # pipeline.SEARCH: the CP-SAT stages of the objective mode
        except KeyboardInterrupt:
            run.stops.interrupt()
