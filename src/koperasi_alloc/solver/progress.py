"""Progress reports and what ends a search early: the time budget, the user's stop token,
the user's callback, and Ctrl-C.

One :class:`Stops` object per solve holds them all, and every stage asks it between
steps (``stops.requested()``); the CP-SAT search thread (:func:`.cpsat.search`) asks it
every 20 ms and stops CP-SAT at once, and consults the user's callback on a timer too
(:data:`TICK_SECONDS`), not only when a better solution arrives. The first reason that
ended a search early is kept (:attr:`Stops.reason`) and becomes the plan's ``stopped_by``.

A stopping criterion is any object with ``__call__() -> bool`` (true: stop now), in the
manner of PyVRP's ``pyvrp.stop``; :class:`Deadline` is the time budget.
"""

from __future__ import annotations

import math
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from koperasi_alloc.errors import KoperasiError
from koperasi_alloc.plan import StopReason

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

__all__ = [
    "TICK_SECONDS",
    "Deadline",
    "Progress",
    "ProgressCallback",
    "StopSignal",
    "StoppingCriterion",
    "Stops",
    "check_stop_signal",
]

#: Seconds between two calls of the user's callback while no better solution arrives:
#: a callback that returns True is obeyed within this much time (plus CP-SAT's reaction).
TICK_SECONDS = 0.5


@dataclass(frozen=True)
class Progress:
    """An improving solution, or a periodic report, as seen by a ``callback`` given to
    :func:`solve`.

    Attributes
    ----------
    tier
        Name of the tier being optimised; "locality+travel" for tiers searched together
        (their values folded with weights that keep their order: locality times a weight
        larger than any travel difference, minus travel minutes), or "weighted".
    objective
        Its value in the best solution so far (for folded tiers, the folded value).
    bound
        The best bound proven so far for it (NaN while none is known; for tier
        "components", while some finished part has none).
    elapsed
        Seconds since :func:`solve` was called.
    components_done, components_total, worst_gap
        Set when the scenario is solved in independent parts (tier "components"):
        parts finished, parts in all, and the largest gap among the finished ones (None
        while some finished part's gap is unknown). ``objective`` and ``bound`` are then
        sums over the finished parts.
    event
        What this report is: "solution" (a better solution was found), "part" (a part
        of a decomposed solve finished) or "tick" (no news: the periodic call that lets
        the callback stop the solve at any time).
    """

    tier: str
    objective: float
    bound: float
    elapsed: float
    components_done: int | None = None
    components_total: int | None = None
    worst_gap: float | None = None
    event: str = "solution"


ProgressCallback = Callable[[Progress], bool | None]


@runtime_checkable
class StopSignal(Protocol):
    """What ``solve(..., stop=...)`` accepts: anything with ``is_set() -> bool``, such as
    a :class:`threading.Event` that a web handler, a notebook button or another thread
    sets."""

    def is_set(self) -> bool:
        """True once the solve should stop and return the best plan found so far."""
        ...


def check_stop_signal(stop: object) -> None:
    """Reject a ``stop`` argument that has no ``is_set()`` method.

    Raises
    ------
    KoperasiError
        Naming the type given.
    """
    if stop is not None and not callable(getattr(stop, "is_set", None)):
        raise KoperasiError(
            f"stop must have an is_set() method (e.g. a threading.Event), got {type(stop).__name__}"
        )


class _Requested:
    """A :class:`StopSignal` that is set when a :class:`Stops` was asked to stop."""

    def __init__(self, stops: Stops) -> None:
        self._stops = stops

    def is_set(self) -> bool:
        return self._stops.requested()


class StoppingCriterion(Protocol):
    """Anything that says whether the solve should stop now."""

    def __call__(self) -> bool:
        """True when the search should stop (and the best plan so far be returned)."""
        ...


class Deadline:
    """The wall-clock budget of one :func:`solve` call, model building included.

    Parameters
    ----------
    started
        ``time.perf_counter()`` when the call began.
    time_limit
        Seconds; must be a non-negative number.
    """

    def __init__(self, started: float, time_limit: float) -> None:
        if not (isinstance(time_limit, int | float) and math.isfinite(time_limit)) or not (
            time_limit >= 0
        ):
            raise KoperasiError(
                f"time_limit must be a non-negative number of seconds, got {time_limit}"
            )
        self.started = started
        self.time_limit = float(time_limit)
        self.at = started + max(self.time_limit, 0.0)

    def remaining(self) -> float:
        """Seconds left (negative once past)."""
        return self.at - time.perf_counter()

    def elapsed(self) -> float:
        """Seconds since the call began."""
        return time.perf_counter() - self.started

    def __call__(self) -> bool:
        return time.perf_counter() > self.at


class Stops:
    """Everything that can end one solve early, asked by every stage.

    Parameters
    ----------
    started
        ``time.perf_counter()`` when the solve began.
    callback
        The user's progress callback (returning True stops the solve), or None.
    token
        The user's stop signal (:class:`StopSignal`), or None.
    """

    def __init__(
        self, started: float, callback: ProgressCallback | None, token: StopSignal | None
    ) -> None:
        self.started = started
        self.callback = callback
        self.token = token
        #: the first reason that ended a search before it was complete
        self.reason: StopReason | None = None
        #: the CP-SAT solver now searching, stopped at once on Ctrl-C
        self.solver: cp_model.CpSolver | None = None
        self._lock = threading.Lock()
        self._last: Progress | None = None
        self._last_call = started
        self._previous_handler: Any = None
        self._installed = False

    # --- what the stages ask --------------------------------------------------------------

    def requested(self) -> bool:
        """Whether the user asked to stop: the token is set, Ctrl-C was pressed or the
        callback returned True. Records the reason the first time."""
        if self.reason in (StopReason.STOP, StopReason.INTERRUPT, StopReason.CALLBACK):
            return True
        if self.token is not None and self.token.is_set():
            self.reason = StopReason.STOP
            return True
        return False

    def __call__(self) -> bool:
        return self.requested()

    def unproven_end(self, said_optimal: bool) -> StopReason:
        """Why a search that ended unproven ended: the user's stop, else a gap limit
        (``said_optimal``: CP-SAT calls a search it ended at its gap limit OPTIMAL), else
        the time budget."""
        if self.requested() and self.reason is not None:
            return self.reason
        return StopReason.GAP_LIMIT if said_optimal else StopReason.TIME_LIMIT

    def note(self, reason: StopReason) -> None:
        """Record that a search ended early for ``reason`` (kept only if first)."""
        if self.reason is None:
            self.reason = reason

    def as_signal(self) -> StopSignal:
        """A stop token that is set once the user asked this solve to stop: for the
        solves an entry point runs inside its own (a hiring proposal's plan of the
        existing staff)."""
        return _Requested(self)

    def take_over(self, reason: StopReason | None) -> None:
        """Adopt the user's stop that ended an inner solve (Ctrl-C is caught there)."""
        if reason in (StopReason.STOP, StopReason.INTERRUPT, StopReason.CALLBACK):
            self.reason = reason

    # --- the user's callback --------------------------------------------------------------

    def report(self, progress: Progress) -> None:
        """Pass ``progress`` to the callback; a True answer stops the solve."""
        with self._lock:
            self._last = progress
            self._last_call = time.perf_counter()
            if self.callback is not None and self.callback(progress):
                self.note(StopReason.CALLBACK)

    def report_value(self, tier: str, value: float, bound: float | None) -> None:
        """Tell the callback about a plan found outside CP-SAT's search."""
        nan = float("nan")
        progress = Progress(
            tier, value, bound if bound is not None else nan, time.perf_counter() - self.started
        )
        self.report(progress)

    def update_bound(self, bound: float) -> None:
        """A better bound for the tier being searched (CP-SAT's bound callback): shown at
        the next tick."""
        last = self._last
        if last is not None:
            self._last = replace(last, bound=bound)

    def tick(self) -> None:
        """Call the callback again with the latest figures when it has not been called
        for :data:`TICK_SECONDS` (so that it can stop a search that finds nothing new)."""
        if self.callback is None or self._last is None:
            return
        now = time.perf_counter()
        if now - self._last_call < TICK_SECONDS:
            return
        self.report(replace(self._last, elapsed=now - self.started, event="tick"))

    # --- Ctrl-C ---------------------------------------------------------------------------

    def __enter__(self) -> Stops:
        """Turn Ctrl-C into "stop, keep the best plan" (main thread only); a second
        Ctrl-C raises KeyboardInterrupt as usual."""
        if threading.current_thread() is threading.main_thread():
            self._previous_handler = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous_handler)
            self._installed = False

    def interrupt(self) -> None:
        """Record Ctrl-C and stop the running search."""
        self.reason = StopReason.INTERRUPT
        if self.solver is not None:
            self.solver.stop_search()

    def _handle(self, signum: int, frame: object) -> None:
        if self.reason is StopReason.INTERRUPT:
            raise KeyboardInterrupt
        self.interrupt()
