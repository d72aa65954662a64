"""The stages of one monolithic solve, in data-flow order: the one place they are listed.

Each stage is a function of the :class:`~koperasi_alloc.solver.run.Run` that reads what
earlier stages left there and adds its own result. A new stage is a new module with such
a function, plus one line below.

::

    scenario
      -> build.candidates      eligible (officer, cooperative, role) triples; memory and
                               parameter checks before any work is spent
      -> relaxation.stage      bound, reduced costs and a plan (the network today)
      -> warm_start.stage      the relaxed plan repaired and polished, or the user's hint
      -> tiles.stage           a big model's first plan pieced together from small ones
      -> priced_bound.stage    the first tier's bound with agency caps priced (Lagrangian)
      -> prune.stage           leave out what the reduced costs rule out
      -> build.model           the CP-SAT model over the candidates left
      -> SEARCH[mode]          CP-SAT stages: lexicographic tiers, or one weighted objective
      -> assemble.plan_of      the Plan: tiers, bounds, status, stats, audit

Decomposition (:mod:`koperasi_alloc.solver.parts`) runs this pipeline once per
independent part and merges the plans (:mod:`koperasi_alloc.solver.merge`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from koperasi_alloc.solver import (
    build,
    lexicographic,
    priced_bound,
    prune,
    relaxation,
    tiles,
    warm_start,
    weighted,
)

if TYPE_CHECKING:
    from koperasi_alloc.solver.run import Run

__all__ = ["PREPARE", "SEARCH"]

#: The stages before search, in order.
PREPARE: tuple[Callable[[Run], None], ...] = (
    build.candidates,
    relaxation.stage,
    warm_start.stage,
    tiles.stage,
    priced_bound.stage,
    prune.stage,
    build.model,
)

#: The search, by objective mode.
SEARCH: dict[str, Callable[[Run], None]] = {
    "lexicographic": lexicographic.optimise,
    "weighted": weighted.optimise,
}
