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
from koperasi_alloc.solver.progress import Deadline, Progress, ProgressCallback
from koperasi_alloc.solver.run import Run

__all__ = ["Progress", "solve"]

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
        Stop a tier once its relative gap is at most this.
    hint
        A previous plan or list of assignments to start from.
    callback
        Called with a :class:`Progress` for every improving solution; returning True
        stops the search.
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
    check_options(seed, workers)
    deadline = Deadline(started, time_limit)
    if decompose and decomposable(scenario) and len(parts := split(scenario)) > 1:
        return solve_parts(
            scenario,
            parts,
            deadline=deadline,
            workers=workers,
            seed=seed,
            gap_limit=gap_limit,
            callback=callback,
            executor=executor,
            cpsat_params=cpsat_params,
        )
    run = new_run(scenario, deadline, workers, seed, gap_limit, callback, log, cpsat_params)
    return monolithic(run, deadline, hint)


def new_run(
    scenario: Scenario,
    deadline: Deadline,
    workers: int | None,
    seed: int,
    gap_limit: float | None,
    callback: ProgressCallback | None,
    log: bool | Callable[[str], None],
    cpsat_params: dict[str, Any],
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
    )


def monolithic(run: Run, deadline: Deadline, hint: Plan | Sequence[Assignment] | None) -> Plan:
    """Run the pipeline once on ``run``'s scenario, and assemble its plan."""
    _prepare_and_search(run, hint)
    conflict = assemble.conflict_of(run, deadline)
    plan = assemble.plan_of(run, time_limit=deadline.time_limit, parameters=dict(run.cpsat_params))
    return plan if conflict is None else plan.model_copy(update={"conflict": conflict})


def _prepare_and_search(run: Run, hint: Plan | Sequence[Assignment] | None) -> None:
    """The pipeline's stages before search, then the search, with Ctrl-C stopping them."""
    interrupt = run.interrupt
    try:
        interrupt.__enter__()
        run.prepare(hint)  # pipeline.PREPARE: candidates, relaxation, warm start, prune, model
        run.optimise()  # pipeline.SEARCH: the CP-SAT stages of the objective mode
    except KeyboardInterrupt:
        interrupt.requested = True
    finally:
        interrupt.__exit__()
    if interrupt.requested:
        run.notes.append("interrupted: returning the best plan found so far")
