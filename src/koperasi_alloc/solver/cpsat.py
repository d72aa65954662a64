"""The CP-SAT adapter: parameters, hints, progress callback, and a search that Ctrl-C stops.

Nothing here knows about tiers or stages; :mod:`koperasi_alloc.solver.stage` decides what
to search and what to make of the result.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from koperasi_alloc.errors import KoperasiError
from koperasi_alloc.model import BuiltModel
from koperasi_alloc.solver.options import SolveOptions
from koperasi_alloc.solver.progress import Progress, Stops
from koperasi_alloc.solver.proof import decided
from koperasi_alloc.solver.values import mask, tier_value

__all__ = [
    "LIGHT_PRESOLVE",
    "POLL_SECONDS",
    "Reporter",
    "apply_parameters",
    "bare_solver",
    "new_solver",
    "search",
    "set_hint",
    "tier_bound",
]

#: Seconds between two looks at the stop token, Ctrl-C and the callback's timer while
#: CP-SAT searches.
POLL_SECONDS = 0.02

#: Presolve settings measured to cut CP-SAT's presolve from seconds to a tenth of a second
#: on our models without weakening the LP bound (benchmarks/; docs/performance.md).
LIGHT_PRESOLVE: dict[str, Any] = {
    "max_presolve_iterations": 1,
    "cp_model_probing_level": 0,
    "find_big_linear_overlap": False,
    "symmetry_level": 0,
}


def unscaled(searched: float, scale: int) -> float:
    """A tier's value or bound from that of ``scale * tier + tie_break``, maximised.

    With ``0 <= tie_break < scale`` and an integer tier, ``scale * t + tie <= B`` gives
    ``t <= floor(B / scale)``, and a plan's ``floor(value / scale)`` is its ``t``. With
    ``scale`` 1 (no tie-break) ``searched`` is returned as it is.
    """
    if scale == 1:
        return searched
    return float(math.floor(searched + 1e-6) // scale)


def tier_bound(searched: float, scale: int, known: float | None) -> float:
    """The bound of what a stage maximises, from CP-SAT's bound ``searched`` of
    ``scale * tier + tie_break`` (:func:`unscaled`), tightened by ``known``, a bound known
    before the search (CP-SAT's first bounds are often its presolve's, far looser); NaN
    (no bound yet) stays NaN."""
    bound = unscaled(searched, scale)
    if known is None or math.isnan(bound):
        return bound
    return min(bound, known)


class Reporter(cp_model.CpSolverSolutionCallback):
    """Counts solutions, stops at a known bound, and passes progress to the user.

    Parameters
    ----------
    tier
        The name progress reports give the objective.
    stops
        The solve's :class:`~koperasi_alloc.solver.progress.Stops` (callback and stop).
    target
        A bound known before the search: a solution that reaches it ends the search.
    scale
        CP-SAT maximises ``scale * objective + tie_break`` (1: no tie-break).
    display_sign
        -1 for a minimised tier searched as its negation (reports show its own sign).
    """

    def __init__(
        self,
        tier: str,
        stops: Stops,
        target: float | None,
        *,
        scale: int = 1,
        display_sign: int = 1,
    ) -> None:
        super().__init__()
        self.tier = tier
        self.solutions = 0
        self.reached_target = False
        self.display_sign = display_sign
        self.scale = scale
        self._stops = stops
        self._target = target

    def on_solution_callback(self) -> None:
        self.solutions += 1
        # searched as scale * tier + tie-break (scale 1: none): judged by the tier alone
        value = unscaled(self.objective_value, self.scale)
        bound = tier_bound(self.best_objective_bound, self.scale, self._target)
        if self._target is not None and decided(value, self._target):
            self.reached_target = True
            self.stop_search()
        if self.scale != 1 and decided(value, bound):  # whatever the tie-break's state
            self.reached_target = True
            self.stop_search()
        sign = self.display_sign  # a minimised tier is searched as its negation
        elapsed = time.perf_counter() - self._stops.started
        self._stops.report(Progress(self.tier, sign * value, sign * bound, elapsed))
        if self._stops.requested():
            self.stop_search()

    def shown_bound(self, searched: float) -> float:
        """A bound of the searched objective as progress reports show it: the tighter of
        CP-SAT's and the one known before the search."""
        return self.display_sign * tier_bound(searched, self.scale, self._target)


def apply_parameters(
    parameters: Any,
    *,
    workers: int,
    seed: int,
    gap_limit: float | None,
    log: bool | Callable[[str], None],
    cpsat_params: dict[str, Any],
) -> None:
    """Set our measured defaults, then the user's parameters (which win).

    Raises
    ------
    KoperasiError
        When a user parameter is not a ``SatParameters`` field.
    """
    parameters.num_workers = workers
    parameters.random_seed = seed
    parameters.catch_sigint_signal = False
    if gap_limit is not None:
        parameters.relative_gap_limit = gap_limit
    if log:
        parameters.log_search_progress = True
        parameters.log_to_stdout = not callable(log)
    # Measured defaults (shared/cpsat-notes.md, benchmarks/): the LP is what proves
    # optimality on assignment models like ours.
    if workers >= 2 and not ({"subsolvers", "extra_subsolvers"} & set(cpsat_params)):
        parameters.extra_subsolvers.append("max_lp")
    if workers == 1 and "linearization_level" not in cpsat_params:
        parameters.linearization_level = 2
    for name, value in LIGHT_PRESOLVE.items():
        if name not in cpsat_params:
            setattr(parameters, name, value)
    for name, value in cpsat_params.items():
        if not hasattr(parameters, name):
            raise KoperasiError(f"unknown CP-SAT parameter {name!r}")
        if isinstance(value, (list, tuple)):
            field = getattr(parameters, name)
            field.clear()
            field.extend(value)
        else:
            setattr(parameters, name, value)


def new_solver(
    options: SolveOptions, workers: int, *, log: Callable[[str], None] | None = None
) -> cp_model.CpSolver:
    """A CP-SAT solver with ``options`` applied: the one place one is made (the search
    stages of every entry point, and the conflict finder through :func:`bare_solver`).

    Raises
    ------
    KoperasiError
        When a parameter in ``options.cpsat_params`` is not a ``SatParameters`` field.
    """
    solver = cp_model.CpSolver()
    apply_parameters(
        solver.parameters,
        workers=workers,
        seed=options.seed,
        gap_limit=options.gap_limit,
        log=log if log is not None else options.log,
        cpsat_params=options.cpsat_params,
    )
    if log is not None:
        solver.log_callback = log
    return solver


def bare_solver(seconds: float) -> cp_model.CpSolver:
    """A one-worker CP-SAT solver with CP-SAT's own defaults and a time limit: for
    searches with assumptions (infeasibility cores), which need one worker."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(seconds, 0.01)
    solver.parameters.catch_sigint_signal = False
    return solver


def search(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    reporter: Reporter,
    stops: Stops,
    soft_deadline: float,
) -> int:
    """Solve in a worker thread, so that this thread can take Ctrl-C, the stop token and
    the callback's timer meanwhile (every :data:`POLL_SECONDS`).

    After ``soft_deadline`` the search stops as soon as it has a solution; CP-SAT's own
    time limit is the hard deadline.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["status"] = solver.solve(model, reporter)
        except BaseException as error:  # pragma: no cover - re-raised below
            outcome["error"] = error

    stops.solver = solver
    solver.best_bound_callback = lambda bound: stops.update_bound(reporter.shown_bound(bound))
    thread = threading.Thread(target=target, name="koperasi-alloc-cpsat", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            try:
                thread.join(POLL_SECONDS)
            except KeyboardInterrupt:
                stops.interrupt()
            stops.tick()
            late = reporter.solutions > 0 and time.perf_counter() > soft_deadline
            if late or stops.requested():
                # asked again at every poll: a stop asked before CP-SAT has started its
                # search would otherwise be lost
                solver.stop_search()
    finally:
        stops.solver = None
    if "error" in outcome:
        raise outcome["error"]
    return int(outcome["status"])


def set_hint(built: BuiltModel, rows: NDArray[np.int64]) -> None:
    """Hint every variable: the candidate rows, their ORs, and the fairness level."""
    context = built.context
    chosen = mask(context.n_candidates, rows)
    indices = [np.arange(context.n_candidates, dtype=np.int64)]
    values = [chosen.astype(np.int64)]
    if context.or_variables:
        indices.append(np.array([v for v, _ in context.or_variables], dtype=np.int64))
        values.append(np.array([chosen[m].any() for _, m in context.or_variables], dtype=np.int64))
    if context.fairness is not None:
        indices.append(np.array([context.fairness], dtype=np.int64))
        level = tier_value(context.candidates, "fairness", chosen)
        values.append(np.array([level], dtype=np.int64))
    context.set_hint(np.concatenate(indices), np.concatenate(values))
