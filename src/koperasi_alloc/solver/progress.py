"""Progress reports and stopping criteria: what the user sees, and what ends a search.

A stopping criterion is any object with ``__call__() -> bool`` (true: stop now), in the
manner of PyVRP's ``pyvrp.stop``: one class per criterion, each validating its input when
built. :class:`Deadline` is the time budget, :class:`Interrupt` is Ctrl-C and
:class:`CallbackStop` is the user's callback returning True. The stages ask them between
steps; CP-SAT gets the deadline as its own time limit, and the others through
``stop_search``.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from koperasi_alloc.errors import KoperasiError

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

__all__ = [
    "CallbackStop",
    "Deadline",
    "Interrupt",
    "Progress",
    "ProgressCallback",
    "StoppingCriterion",
]


@dataclass(frozen=True)
class Progress:
    """An improving solution, as seen by a ``callback`` given to :func:`solve`.

    Attributes
    ----------
    tier
        Name of the tier being optimised; "locality+travel" for tiers searched together
        (their values folded with weights that keep their order: locality times a weight
        larger than any travel difference, minus travel minutes), or "weighted".
    objective
        Its value in the new solution (for folded tiers, the folded value).
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
    """

    tier: str
    objective: float
    bound: float
    elapsed: float
    components_done: int | None = None
    components_total: int | None = None
    worst_gap: float | None = None


ProgressCallback = Callable[[Progress], bool | None]


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
        if not time_limit >= 0:
            raise KoperasiError(
                f"time_limit must be a non-negative number of seconds, got {time_limit}"
            )
        self.started = started
        self.time_limit = time_limit
        self.at = started + max(time_limit, 0.0)

    def remaining(self) -> float:
        """Seconds left (negative once past)."""
        return self.at - time.perf_counter()

    def elapsed(self) -> float:
        """Seconds since the call began."""
        return time.perf_counter() - self.started

    def __call__(self) -> bool:
        return time.perf_counter() > self.at


class CallbackStop:
    """Passes progress to the user's callback and remembers when it asked to stop."""

    def __init__(self, callback: ProgressCallback | None, started: float) -> None:
        self.callback = callback
        self.started = started
        self.requested = False

    def report(self, tier: str, value: float, bound: float | None) -> None:
        """Tell the callback about a plan found outside CP-SAT's search."""
        if self.callback is None:
            return
        progress = Progress(
            tier,
            value,
            bound if bound is not None else float("nan"),
            time.perf_counter() - self.started,
        )
        if self.callback(progress):
            self.requested = True

    def __call__(self) -> bool:
        return self.requested


class Interrupt:
    """Turns Ctrl-C (SIGINT) during :func:`solve` into "stop the search, keep the best plan".

    Installed only in the main thread; a second Ctrl-C raises KeyboardInterrupt as usual.
    """

    def __init__(self) -> None:
        self.requested = False
        self.solver: cp_model.CpSolver | None = None
        self._previous: Any = None
        self._installed = False

    def __enter__(self) -> Interrupt:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)

    def _handle(self, signum: int, frame: object) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        if self.solver is not None:
            self.solver.stop_search()

    def __call__(self) -> bool:
        return self.requested
