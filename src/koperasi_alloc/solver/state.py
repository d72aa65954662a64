"""What the engine's stages hand each other: immutable artefacts, and the environment of
one solve. A leaf: this module imports no stage (tests/test_layering.py checks that
nothing inside ``solver/`` forms an import circle).

One solve of one model goes

    Env + hint --prepare--> Prepared --stages--> Prepared --model--> Searched --search--> Searched

:class:`Prepared` holds the candidates and the relaxation (made first, never missing)
and the incumbent plan the preparing stages found; :class:`Searched` adds the CP-SAT model
and what the search stages found (their :class:`StageRecord` s, the incumbent, the notes).
Each stage returns a new artefact (``dataclasses.replace``); the only mutable resource is
the CP-SAT model, to which each search stage adds what it keeps (its tiers at the values
it reached) for the stages after it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.solver.options import SolveOptions

if TYPE_CHECKING:
    from koperasi_alloc.candidates import Candidates
    from koperasi_alloc.model import BuiltModel, TierExpression
    from koperasi_alloc.plan import Plan, StopReason
    from koperasi_alloc.scenario import Assignment, Scenario, TierName
    from koperasi_alloc.solver.progress import Stops
    from koperasi_alloc.solver.relaxation import Relaxation
    from koperasi_alloc.solver.rounds import Step

__all__ = [
    "Env",
    "Incumbent",
    "PieceSolver",
    "PrepareStage",
    "Prepared",
    "SearchStage",
    "Searched",
    "StageRecord",
]

PieceSolver = Callable[["Scenario", float, "Sequence[Assignment]"], "Plan"]
"""Solves a smaller scenario within a budget from a hint (tiles use it)."""


@dataclass(frozen=True)
class Env:
    """What every stage of one solve may read, and nothing it may change.

    Attributes
    ----------
    scenario
        The scenario of this model (a part's, in a decomposed solve).
    options
        The solve's options.
    started, deadline
        ``time.perf_counter()`` when the solve began, and when its budget ends.
    stops
        The solve's stop token, callback and Ctrl-C (:class:`~.progress.Stops`).
    log
        A function that receives CP-SAT's log lines, or None.
    hint
        A plan or assignments to start from (the user's, or the part's earlier round).
    step
        In a decomposed solve's later rounds: the tiers to search and the bounds the part
        proved before (:class:`~.rounds.Step`); None otherwise.
    solve_piece
        Solves a smaller scenario (a tile) with the same engine.
    """

    scenario: Scenario
    options: SolveOptions
    started: float
    deadline: float
    stops: Stops
    log: Callable[[str], None] | None = None
    hint: Plan | Sequence[Assignment] | None = None
    step: Step | None = None
    solve_piece: PieceSolver | None = None

    @property
    def workers(self) -> int:
        """CP-SAT's search workers."""
        return self.options.cpsat_workers()

    def remaining(self) -> float:
        """Seconds left of the budget (negative once past)."""
        return self.deadline - time.perf_counter()

    @property
    def stopped(self) -> bool:
        """Whether the user asked the solve to stop (stop token, callback or Ctrl-C)."""
        return self.stops.requested()

    @property
    def from_earlier_round(self) -> bool:
        """Whether this is a later round of a part that already has a plan."""
        return self.step is not None and self.step.hint is not None

    @property
    def bounds_only(self) -> bool:
        """Whether this is a decomposed solve's bounds round: the priced bound, plans
        made of its flows and the later tiers' floor bounds, no model, no search."""
        return self.step is not None and self.step.bounds_only


@dataclass(frozen=True)
class Incumbent:
    """A plan that keeps every hard rule, as a mask over the candidates, and how it was
    found ("flow", "tiles", "cp-sat", or the earlier round's method)."""

    chosen: NDArray[np.bool_]
    method: str

    @classmethod
    def of_rows(cls, size: int, rows: NDArray[np.int64], method: str) -> Incumbent:
        chosen = np.zeros(size, dtype=bool)
        chosen[rows] = True
        return cls(chosen, method)

    @property
    def rows(self) -> NDArray[np.int64]:
        """Its candidate rows."""
        return np.flatnonzero(self.chosen).astype(np.int64)


@dataclass(frozen=True)
class Prepared:
    """What the stages before the search made.

    Attributes
    ----------
    candidates
        The candidates still in play (pruning leaves some out).
    total_candidates
        How many there were before pruning.
    relaxation, relaxation_seconds
        The relaxation over ``candidates``, and how long one solve of it took.
    incumbent
        The best plan so far that keeps every hard rule, if any.
    hint_rows
        The rows CP-SAT is hinted with (the incumbent, or a start that breaks a rule).
    notes
        What the user should know (English; translated where shown).
    floor_bounds
        Bounds on tiers after the first that hold for the lexicographic optimum before
        the first tier is proven (:mod:`~.floor_bounds`); empty when none was computed.
    """

    candidates: Candidates
    total_candidates: int
    relaxation: Relaxation
    relaxation_seconds: float
    incumbent: Incumbent | None = None
    hint_rows: NDArray[np.int64] | None = None
    notes: tuple[str, ...] = ()
    floor_bounds: Mapping[TierName, int] = field(default_factory=dict)

    def with_incumbent(self, rows: NDArray[np.int64], method: str) -> Prepared:
        """The same, with ``rows`` (which keep every hard rule) as incumbent and hint."""
        incumbent = Incumbent.of_rows(len(self.candidates), rows, method)
        return replace(self, incumbent=incumbent, hint_rows=rows)

    def noted(self, note: str) -> Prepared:
        return replace(self, notes=(*self.notes, note))


@dataclass(frozen=True)
class StageRecord:
    """What one search stage reached: its status (CP-SAT's code; OPTIMAL only where
    proven), the value and bound of what it maximised, whether that is proven optimal
    (:func:`~.proof.decided`), why its search ended early (None: it did not), and per
    tier the bound to report and the value the incumbent had when the stage ended; how
    long it took, and when it ended (seconds since the solve began)."""

    tiers: tuple[TierName, ...]
    status: int
    value: float | None
    bound: float | None
    proven: bool = False
    tier_bounds: tuple[float | None, ...] | None = None
    stopped_by: StopReason | None = None
    values: tuple[int, ...] = ()
    name: str = ""
    seconds: float = 0.0
    ended_at: float = 0.0


@dataclass(frozen=True)
class Searched:
    """The search's state: the prepared artefacts, the CP-SAT model (None when too little
    time was left to build it; the one mutable resource, see the module), the incumbent
    and hint, the finished stages, the candidates fixed at 0 by pruning between stages,
    when the first CP-SAT search began, and the notes."""

    prepared: Prepared
    built: BuiltModel | None
    incumbent: Incumbent | None
    hint_rows: NDArray[np.int64] | None
    stages: tuple[StageRecord, ...] = ()
    notes: tuple[str, ...] = ()
    fixed_out: NDArray[np.bool_] | None = None
    search_started: float | None = None

    @classmethod
    def start(cls, prepared: Prepared, built: BuiltModel | None) -> Searched:
        return cls(prepared, built, prepared.incumbent, prepared.hint_rows, notes=prepared.notes)

    @property
    def candidates(self) -> Candidates:
        return self.prepared.candidates

    @property
    def tiers(self) -> list[TierExpression]:
        """The model's tier expressions (none without a model)."""
        return list(self.built.tiers) if self.built is not None else []

    def recorded(self, record: StageRecord) -> Searched:
        return replace(self, stages=(*self.stages, record))

    def noted(self, note: str) -> Searched:
        return replace(self, notes=(*self.notes, note))


class PrepareStage(Protocol):
    """A stage before the search: when it applies, and what it makes of its input."""

    name: str

    def accepts(self, env: Env, prepared: Prepared) -> bool:
        """Whether the stage has work to do here (and time for it)."""
        ...

    def apply(self, env: Env, prepared: Prepared) -> Prepared:
        """The stage's result, a new artefact."""
        ...


class SearchStage(Protocol):
    """A CP-SAT stage of the search (or a step between them)."""

    name: str

    def accepts(self, env: Env, searched: Searched) -> bool:
        """Whether the stage runs: the stages before it left a plan to build on."""
        ...

    def apply(self, env: Env, searched: Searched) -> Searched:
        """The stage's result, a new artefact."""
        ...
