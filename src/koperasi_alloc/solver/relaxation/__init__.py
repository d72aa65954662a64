"""Relaxations: what the solve knows before any search, behind one small interface.

A relaxation drops or loosens rules so that its optimum is quick to find. What the
pipeline takes from it, whichever it is (:class:`Relaxation`):

- a **plan**: the candidate rows of the relaxed optimum; it may break hard rules, and
  the warm start repairs it;
- a **benefit** per candidate: the objective the relaxation maximises (the leading linear
  tiers folded with order-keeping weights, or the policy's weighted sum);
- a **bound**: no plan has more benefit (None: the relaxation proves nothing);
- **reduced costs** per candidate: every plan that uses the candidate has at least this
  much less benefit than the bound, which is what pruning needs;
- per-tier bounds, valid for tier ``t`` while every tier before it sits at its own bound.

The network relaxation (:mod:`.network`, over :mod:`koperasi_alloc.flow`) is the first
implementation. Another one (an LP with the agency rows, a Lagrangian bound) is a new
module here with a ``relax(candidates, scenario)`` function, and one line in
:data:`RELAXATIONS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.solver.relaxation import network

if TYPE_CHECKING:
    from koperasi_alloc.candidates import Candidates
    from koperasi_alloc.scenario import Scenario, TierName

__all__ = ["RELAXATIONS", "FairnessSearch", "Relaxation", "relax"]


class Relaxation(Protocol):
    """A solved relaxation, restricted to the candidates still in the model."""

    @property
    def plan(self) -> NDArray[np.int64]:
        """Candidate rows of the relaxed optimum (may break hard rules)."""
        ...

    @property
    def benefit(self) -> NDArray[np.int64]:
        """Per candidate, the benefit the relaxation maximises."""
        ...

    @property
    def bound(self) -> int | None:
        """An upper bound on every plan's benefit, or None when nothing is proven."""
        ...

    @property
    def reduced_costs(self) -> NDArray[np.int64]:
        """Per candidate, a lower bound on how far below :attr:`bound` any plan using it
        falls (0 where nothing is known)."""
        ...

    @property
    def tiers(self) -> tuple[TierName, ...]:
        """The lexicographic tiers folded into :attr:`benefit`, in order (empty when the
        benefit is not lexicographic, as in weighted mode)."""
        ...

    @property
    def tier_bounds(self) -> Mapping[TierName, int]:
        """Bound on tier ``t``, valid for plans that reach the bounds of earlier tiers."""
        ...

    def restricted(self, keep: NDArray[np.bool_]) -> Relaxation:
        """The same relaxation over the candidates ``keep`` (rows renumbered)."""
        ...

    def tightened(self, tier: TierName, bound: int) -> Relaxation:
        """The same relaxation with a lower bound ``bound`` on the maximised ``tier``,
        found another way; later tiers' bounds are dropped when it is lower."""
        ...


@runtime_checkable
class FairnessSearch(Protocol):
    """A relaxation that can also search the fairest plan among the best ones."""

    def fairest(
        self, candidates: Candidates, incumbent: NDArray[np.int64], bound: int, scale: int
    ) -> tuple[int, NDArray[np.int64]]:
        """A bound on the fairness tier over plans whose benefit is at least the
        incumbent's, and the fairest such plan found (candidate rows)."""
        ...


#: Relaxations by objective mode, in the order they are tried; the first that applies
#: (returns a relaxation) is used.
RELAXATIONS: dict[str, tuple[Callable[[Candidates, Scenario], Relaxation | None], ...]] = {
    "lexicographic": (network.relax_lexicographic,),
    "weighted": (network.relax_weighted,),
}


def relax(candidates: Candidates, scenario: Scenario) -> Relaxation:
    """The relaxation of ``scenario`` over ``candidates`` for its objective mode.

    When none applies (the first tier is not linear, or weights would overflow), the
    result proves nothing: an empty plan, coverage as benefit, no bound.
    """
    for relaxation in RELAXATIONS[scenario.policy.objective.mode]:
        solved = relaxation(candidates, scenario)
        if solved is not None:
            return solved
    return network.unrelaxed(candidates)
