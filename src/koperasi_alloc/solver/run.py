"""The state of one monolithic solve, handed from stage to stage.

Every stage (see :mod:`koperasi_alloc.solver.pipeline`) reads what earlier stages left in
a :class:`Run` and adds its own part: candidates, relaxation, incumbent plan, hint, model,
finished tier stages and notes for the user.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.solver import lexicographic, pipeline
from koperasi_alloc.solver.progress import ProgressCallback, Stops, StopSignal
from koperasi_alloc.solver.values import better, mask, tier_value, weighted_worth

if TYPE_CHECKING:
    from koperasi_alloc.candidates import Candidates
    from koperasi_alloc.model import BuiltModel, TierExpression
    from koperasi_alloc.plan import Plan
    from koperasi_alloc.scenario import Assignment, Scenario, TierName
    from koperasi_alloc.solver.relaxation import Relaxation
    from koperasi_alloc.solver.stage import Stage

__all__ = ["Run"]


class Run:
    """One call of :func:`~koperasi_alloc.solver.solve` on one model: what it was asked,
    and what the stages have found so far.

    The switches ``PRUNE`` and ``FOLD_LINEAR_TIERS`` of :mod:`koperasi_alloc.solver` are
    read when the run is made.
    """

    def __init__(
        self,
        scenario: Scenario,
        started: float,
        deadline: float,
        workers: int,
        seed: int,
        gap_limit: float | None,
        callback: ProgressCallback | None,
        log: bool | Callable[[str], None],
        cpsat_params: dict[str, Any],
        stop: StopSignal | None = None,
    ) -> None:
        from koperasi_alloc import solver as switches

        self.scenario = scenario
        self.started = started
        self.deadline = deadline
        self.workers = workers
        self.seed = seed
        self.gap_limit = gap_limit
        self.log = log
        self.cpsat_params = cpsat_params
        self.prune: bool = switches.PRUNE
        self.fold_linear_tiers: bool = switches.FOLD_LINEAR_TIERS
        self.stops = Stops(started, callback, stop)
        self.hint: Plan | Sequence[Assignment] | None = None
        self.candidates: Candidates | None = None
        self.total_candidates = 0
        self.relaxation: Relaxation | None = None
        self.chosen: NDArray[np.bool_] | None = None  # the incumbent plan, a candidate mask
        self.hint_rows: NDArray[np.int64] | None = None
        self.built: BuiltModel | None = None
        self.fixed_out: NDArray[np.bool_] | None = None  # candidates fixed at 0 by prune.tighten
        self.stages: list[Stage] = []
        self.notes: list[str] = []
        self.method = "cp-sat"
        # set by a decomposed solve that works tier by tier over its parts (.rounds):
        # search only the stage groups that start before this tier index, and the tier
        # bounds an earlier round of the same part proved (valid while the tiers before
        # each stay at their proven values)
        self.tier_limit: int | None = None
        self.known_bounds: dict[TierName, float] = {}
        self.hint_from_earlier_round = False
        self.relaxation_seconds = 0.0  # how long one solve of the relaxation took
        self.search_started: float | None = None  # when the first CP-SAT search began

    # --- the two halves of the pipeline ----------------------------------------------------

    def prepare(self, hint: Plan | Sequence[Assignment] | None) -> None:
        """Run the stages before search (:data:`pipeline.PREPARE`), until the user asks
        to stop."""
        self.hint = hint
        for stage in pipeline.PREPARE:
            if self.stopped:
                return
            stage(self)

    def optimise(self) -> None:
        """Run the search stages of the policy's objective mode (:data:`pipeline.SEARCH`),
        once the model is built and unless the user asked to stop."""
        if self.built is not None and not self.stopped:
            pipeline.SEARCH[self.scenario.policy.objective.mode](self)

    def _fairness_by_flow(self, tier: TierExpression, bound: int | None) -> int | None:
        """Hook of the lexicographic stages: the fairness bound (and often plan) from the
        relaxation, see :func:`lexicographic.fairness_by_relaxation`."""
        return lexicographic.fairness_by_relaxation(self, tier, bound)

    # --- helpers the stages share ----------------------------------------------------------

    @property
    def stopped(self) -> bool:
        """Whether the user asked the solve to stop (stop token, callback or Ctrl-C)."""
        return self.stops.requested()

    def set_incumbent(self, rows: NDArray[np.int64]) -> None:
        """Make ``rows`` (which satisfy every hard rule) the incumbent and the next hint."""
        assert self.candidates is not None
        self.chosen = mask(len(self.candidates), rows)
        self.hint_rows = rows

    def better(self, a: NDArray[np.int64], b: NDArray[np.int64]) -> bool:
        """Whether plan ``a`` beats plan ``b`` (candidate rows) for the policy's objective."""
        assert self.candidates is not None
        return better(self.scenario, self.candidates, a, b)

    def value_of(self, name: TierName, chosen: NDArray[np.bool_]) -> int:
        """Tier ``name`` of the plan ``chosen`` (a mask over the run's candidates)."""
        assert self.candidates is not None
        return tier_value(self.candidates, name, chosen)

    def weighted_worth(self, names: list[TierName], chosen: NDArray[np.bool_]) -> int:
        """The policy's weighted sum of the tiers ``names`` for the plan ``chosen``."""
        assert self.candidates is not None
        return weighted_worth(self.scenario, self.candidates, names, chosen)

    def folded_value(
        self, tiers: list[TierExpression], weights: list[int], weighted: bool
    ) -> float | None:
        """Value of the incumbent plan for a stage's objective (None without one)."""
        if self.chosen is None:
            return None
        if weighted:
            return float(self.weighted_worth([t.name for t in tiers], self.chosen))
        total = 0
        for w, t in zip(weights, tiers, strict=True):
            value = self.value_of(t.name, self.chosen)
            total += w * (value if t.sense == "max" else -value)
        return float(total)
