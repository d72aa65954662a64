"""``solve``: scenario -> candidates -> relaxation -> warm start -> CP-SAT -> Plan.

The solver is one engine (:mod:`koperasi_alloc.solver.engine`) running a list of small
stages (:mod:`koperasi_alloc.solver.pipeline`) over typed, immutable artefacts
(:mod:`koperasi_alloc.solver.state`), with its options as one object
(:class:`SolveOptions`); docs/concepts/architecture.md says which module to open for
which change. Independent parts of a scenario (:mod:`koperasi_alloc.decompose`) each run
the pipeline and are merged (:mod:`koperasi_alloc.solver.parts`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from typing import Any

from koperasi_alloc.decompose import decomposable, split
from koperasi_alloc.errors import KoperasiError
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import Assignment, Scenario
from koperasi_alloc.solver.engine import new_env, run_model
from koperasi_alloc.solver.options import SolveOptions
from koperasi_alloc.solver.parts import solve_parts
from koperasi_alloc.solver.progress import (
    Progress,
    ProgressCallback,
    StopSignal,
    check_stop_signal,
)

__all__ = ["Progress", "SolveOptions", "StopSignal", "solve", "solve_options"]


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
    options: SolveOptions | None = None,
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
    options
        All the options as one :class:`SolveOptions` (the levers ``prune`` and
        ``fold_linear_tiers`` too), instead of the keywords above and CP-SAT parameters.
    **cpsat_params
        Further CP-SAT parameters (``SatParameters`` field names), passed unchanged.

    Returns
    -------
    Plan
        The best plan found, its status, per-tier values and bounds, and an audit trail.
        Ctrl-C stops the search and returns the best plan found so far.
    """
    started = time.perf_counter()
    keywords = {"time_limit": time_limit, "workers": workers, "seed": seed, "log": log}
    options = solve_options(options, gap_limit=gap_limit, **keywords, **cpsat_params)
    check_stop_signal(stop)
    plan = solve_with(
        scenario,
        options,
        started=started,
        hint=hint,
        callback=callback,
        stop=stop,
        log=log if callable(log) else None,
        executor=executor,
        decompose=decompose,
    )
    # the wall time measured last, after the plan's own assembly and validation
    return plan.model_copy(update={"wall_time": time.perf_counter() - started})


def solve_options(options: SolveOptions | None, **keywords: Any) -> SolveOptions:
    """The :class:`SolveOptions` of a call: ``options`` when given (then the keyword
    options must be left at their defaults), else those made from the keywords
    (``time_limit``, ``workers``, ``seed``, ``gap_limit``, ``log``, CP-SAT parameters).

    Raises
    ------
    KoperasiError
        Naming an invalid option, or when both ``options`` and keyword options are given.
    """
    defaults = {"time_limit": 10.0, "workers": None, "seed": 0, "gap_limit": None, "log": False}
    if options is not None:
        given = [k for k, v in keywords.items() if defaults.get(k, object()) != v]
        if given:
            raise KoperasiError(
                f"give the options either as one SolveOptions or as keywords, not both "
                f"({', '.join(sorted(given))})"
            )
        return options
    log = keywords.pop("log", False)
    named = {k: keywords.pop(k) for k in list(defaults) if k in keywords}
    return SolveOptions.of(**named, log=bool(log) and not callable(log), cpsat_params=keywords)


def solve_with(
    scenario: Scenario,
    options: SolveOptions,
    *,
    started: float,
    hint: Plan | Sequence[Assignment] | None = None,
    callback: ProgressCallback | None = None,
    stop: StopSignal | None = None,
    log: Callable[[str], None] | None = None,
    executor: Executor | None = None,
    decompose: bool = True,
) -> Plan:
    """:func:`solve` once its options are made: the scenario's independent parts on an
    executor and merged, or one model."""
    if decompose and decomposable(scenario) and len(parts := split(scenario)) > 1:
        return solve_parts(scenario, parts, options, started, callback, stop, executor)
    env = new_env(
        scenario, options, callback=callback, stop=stop, log=log, hint=hint, started=started
    )
    return run_model(env)
