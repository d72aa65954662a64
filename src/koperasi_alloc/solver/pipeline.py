"""The stages of one model's solve, in data-flow order: the one place they are listed.

::

    scenario
      -> build.prepared        eligible (officer, cooperative, role) triples, memory and
                               parameter checks, then the relaxation: bound, reduced
                               costs and a plan (the network today)
      -> PREPARE               warm start: the relaxed plan repaired and polished, or the
                               hint; tiles: a big model's first plan pieced together from
                               small ones; priced bound: the first tier's bound with agency
                               caps priced (Lagrangian); floor bounds: the later tiers
                               bounded before the first is proven; prune: leave out
                               what the reduced costs rule out
      -> build.model           the CP-SAT model over the candidates left
      -> search_stages(mode)   CP-SAT stages: lexicographic tier groups, or one weighted sum
      -> assemble.plan_of      the Plan: tiers, bounds, status, stats, audit

A stage is an object with ``accepts(env, artefact)`` and ``apply(env, artefact)``
(:class:`~.state.PrepareStage`, :class:`~.state.SearchStage`), which returns a new
artefact; the engine (:mod:`.engine`) runs them in order until the user asks to stop. A
new stage is a new module with such a class, plus one line here. Decomposition
(:mod:`.parts`) runs this pipeline once per independent part and merges the plans
(:mod:`.merge`); the hiring proposal (:mod:`koperasi_alloc.planning.hires`) has stages of
its own over the same engine.
"""

from __future__ import annotations

from collections.abc import Sequence

from koperasi_alloc.solver.floor_bounds import FloorBounds
from koperasi_alloc.solver.lexicographic import tier_groups
from koperasi_alloc.solver.priced_bound import PricedBound
from koperasi_alloc.solver.prune import Prune
from koperasi_alloc.solver.state import Env, PrepareStage, Searched, SearchStage
from koperasi_alloc.solver.tiles import Tiles
from koperasi_alloc.solver.warm_start import WarmStart
from koperasi_alloc.solver.weighted import WeightedSum

__all__ = ["PREPARE", "search_stages"]

#: The stages between the relaxation and the model, in order.
PREPARE: tuple[PrepareStage, ...] = (
    WarmStart(),
    Tiles(),
    PricedBound(),
    FloorBounds(),
    Prune(),
)


def search_stages(env: Env, searched: Searched) -> Sequence[SearchStage]:
    """The search stages of the policy's objective mode over the built model."""
    if searched.built is None:
        return ()
    if env.scenario.policy.objective.mode == "weighted":
        return (WeightedSum(),)
    return tier_groups(env, searched)
