"""The lexicographic search: one CP-SAT stage per group of tiers, best tier first.

The first tier gets a stage of its own; then consecutive linear tiers form one stage
whose objective folds them with weights that keep their lexicographic order exactly
(:func:`koperasi_alloc.flow.lexicographic_weights`), and the others (fairness) a stage
each. Each stage starts from the bounds known without search (the relaxation's, or simple
ones), and each later stage keeps what the earlier ones reached.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np

from koperasi_alloc import flow
from koperasi_alloc.candidates import Candidates
from koperasi_alloc.model import TierExpression
from koperasi_alloc.model.context import Linear, combine
from koperasi_alloc.model.objective import FAIRNESS_SCALE
from koperasi_alloc.scenario import TierName
from koperasi_alloc.solver import prune
from koperasi_alloc.solver.budget import stage_share
from koperasi_alloc.solver.relaxation import FairnessSearch
from koperasi_alloc.solver.stage import Stage, run_stage
from koperasi_alloc.solver.values import fairness_bound

if TYPE_CHECKING:
    from koperasi_alloc.solver.run import Run

__all__ = ["fairness_by_relaxation", "known_bound", "optimise", "stage_groups", "stage_tiers"]

Group = tuple[list[TierExpression], list[int]]

#: Solves of the relaxation that the fairest relaxed plan takes at most (a bisection over
#: the 1,001 fairness levels), for the time check before it.
FAIREST_SOLVES = 11

#: The largest coefficient a tie-break may give the searched objective: CP-SAT's LP
#: works in floating point, and folded weights of 5e9 per point crippled it
#: (docs/performance.md, fourth round).
TIE_BREAK_MAGNITUDE = 10**9


def optimise(run: Run) -> None:
    """Search stage: the groups of tiers in order, each kept by the stages after it."""
    built = run.built
    assert built is not None
    assert run.candidates is not None
    groups = stage_groups(run.candidates, built.tiers, fold=run.fold_linear_tiers)
    groups = [g for g in groups if not _beyond_limit(run, g[0][0])]
    relaxation_valid = True
    for position, (tiers, weights) in enumerate(groups):
        if run.stopped:
            break
        expression = combine(
            [
                (w if t.sense == "max" else -w, t.expression)
                for w, t in zip(weights, tiers, strict=True)
            ]
        )
        bounds = _group_bounds(run, tiers, relaxation_valid)
        if [t.name for t in tiers] == ["fairness"]:
            bounds = [run._fairness_by_flow(tiers[0], bounds[0])]
        share = stage_share(position, len(groups))
        stage = run_stage(
            run,
            tiers,
            weights,
            expression,
            _folded(weights, tiers, bounds),
            share,
            tie_break=_tie_break(run, tiers),
        )
        if stage is None or stage.value is None:
            break
        relaxation_valid = _record_tier_bounds(run, stage, relaxation_valid, weights)
        if position < len(groups) - 1 and not expression.is_constant:
            _keep(run, tiers, expression, stage)
            prune.tighten(run)


def _tie_break(run: Run, tiers: list[TierExpression]) -> tuple[Linear, int] | None:
    """The tie-break a stage of one tier is searched with, and its scale; or None.

    CP-SAT then maximises ``scale * tier + tie_break`` (:func:`~.stage.run_stage`), with
    the tie-break shifted to be at least 0 and ``scale`` above its largest value, so the
    tier still comes first and the stage reports the tier's own value and bound. Measured
    on kutai-timur-scarce (docs/performance.md, "Sixth round"):

    - the first tier's stage (coverage) is broken by the next tier (locality): among the
      plans as good for the first tier it prefers the better next one, which the next
      stage then starts from, and its LP is no longer flat over the many candidates of
      equal weight;
    - a stage of fairness alone, whose objective is one variable (so CP-SAT's LP had a
      zero objective on every candidate, and took most of the stage to prove), is broken
      by the first tier, which the stages before keep at its reached value: where that
      value is proven, the tie-break is the same on every plan the stage can return.
    """
    built = run.built
    assert built is not None
    if len(tiers) != 1:
        return None
    position = built.tiers.index(tiers[0])
    if tiers[0].name == "fairness" and position > 0:
        source = built.tiers[0]
    elif position == 0 and len(built.tiers) > 1:
        source = built.tiers[1]
    else:
        return None
    signed = source.expression if source.sense == "max" else source.expression.scaled(-1)
    if signed.is_constant or int(signed.indices.max()) >= built.context.n_candidates:
        return None  # the range below holds for sums of candidate Booleans only
    low = signed.offset + int(np.minimum(signed.coeffs, 0).sum())
    high = signed.offset + int(np.maximum(signed.coeffs, 0).sum())
    # the tier's best possible value, where tighter than the coefficients' sum
    high = min(high, source.trivial_bound if source.sense == "max" else -source.trivial_bound)
    scale = high - low + 1
    largest = int(np.abs(tiers[0].expression.coeffs).max(initial=1))
    if scale * largest > TIE_BREAK_MAGNITUDE:
        return None
    return Linear(signed.indices, signed.coeffs, signed.offset - low), scale


def _beyond_limit(run: Run, first: TierExpression) -> bool:
    """Whether a round of a decomposed solve (:mod:`.rounds`) stops before this group."""
    assert run.built is not None
    return run.tier_limit is not None and run.built.tiers.index(first) >= run.tier_limit


def known_bound(run: Run, tier: TierExpression) -> int | None:
    """The bound an earlier round of the same part proved for ``tier``, or None.

    It holds while the incumbent keeps every tier before ``tier`` at the value that
    round proved optimal (a tier bound is conditional on the tiers before it).
    """
    known = run.known_bounds.get(tier.name)
    built, chosen = run.built, run.chosen
    if known is None or built is None or chosen is None:
        return None
    for earlier in built.tiers[: built.tiers.index(tier)]:
        if run.known_bounds.get(earlier.name) != run.value_of(earlier.name, chosen):
            return None
    return round(known)


def stage_groups(
    candidates: Candidates, tiers: list[TierExpression], *, fold: bool = True
) -> list[Group]:
    """Split the tiers into stages (see :func:`stage_tiers`)."""
    return [
        ([tiers[i] for i in positions], weights)
        for positions, weights in stage_tiers(candidates, [t.name for t in tiers], fold=fold)
    ]


def stage_tiers(
    candidates: Candidates, names: list[TierName], *, fold: bool = True
) -> list[tuple[list[int], list[int]]]:
    """The stages over tiers ``names``: the first alone, then maximal runs of linear
    tiers (folded with :func:`koperasi_alloc.flow.lexicographic_weights` when ``fold``
    and they fit, tier by tier where not), others alone. Each stage is its tiers'
    positions in ``names`` and their folding weights."""
    stages: list[tuple[list[int], list[int]]] = []
    run: list[int] = []

    def close() -> None:
        if not run:
            return
        weights = flow.lexicographic_weights(candidates, [names[i] for i in run])
        if weights is None:
            stages.extend(([i], [1]) for i in run)
        else:
            stages.append((list(run), weights))
        run.clear()

    for position, name in enumerate(names):
        if name in flow.FLOW_TIERS and fold and position > 0:
            run.append(position)
        else:
            close()
            stages.append(([position], [1]))
    close()
    return stages


def _folded(
    weights: list[int], tiers: list[TierExpression], bounds: list[int | None]
) -> float | None:
    """The bound on a group's folded objective from its tiers' bounds (None if any is)."""
    known: float | None = 0.0
    for w, t, b in zip(weights, tiers, bounds, strict=True):
        if b is None or known is None:
            known = None
        else:
            known += w * (b if t.sense == "max" else -b)
    return known


def _simple_bound(run: Run, tier: TierExpression) -> int:
    """A bound that always holds: the tier's trivial one, for fairness also the reach."""
    assert run.candidates is not None
    if tier.name == "fairness":
        return min(tier.trivial_bound, fairness_bound(run.candidates))
    return tier.trivial_bound


def _group_bounds(
    run: Run, tiers: list[TierExpression], relaxation_valid: bool
) -> list[int | None]:
    """Per tier of a group, the best bound known without search (relaxation or simple).

    A relaxation bound holds for a tier only while every earlier tier sits at its own
    relaxation bound; a simple bound always holds, but for a tier after the first of
    a group it says nothing about the folded objective and is not used there.
    """
    relaxation = run.relaxation
    bounds: list[int | None] = []
    valid = relaxation_valid
    for index, tier in enumerate(tiers):
        simple = _simple_bound(run, tier)
        bound: int | None
        if valid and relaxation is not None and tier.name in relaxation.tier_bounds:
            value = relaxation.tier_bounds[tier.name]
            bound = min(simple, value) if tier.sense == "max" else max(simple, value)
        elif index == 0 and len(tiers) == 1:
            bound = simple
        else:
            bound = None
            valid = False
        known = _tighter(tier.sense, bound, known_bound(run, tier))
        bounds.append(None if known is None else round(known))
    return bounds


def _record_tier_bounds(run: Run, stage: Stage, relaxation_valid: bool, weights: list[int]) -> bool:
    """Set the per-tier bounds of a finished stage; whether the relaxation's bounds still
    hold for the tiers after it (every tier so far sits at its relaxation bound)."""
    assert run.chosen is not None
    relaxation = run.relaxation
    stage.tier_bounds = []
    for index, t in enumerate(stage.tiers):
        value = run.value_of(t.name, run.chosen)
        relaxed = relaxation.tier_bounds.get(t.name) if relaxation is not None else None
        searched = _searched_bound(stage, index, weights)
        if relaxation_valid and relaxed is not None:
            searched = _tighter(t.sense, relaxed, searched)
        stage.tier_bounds.append(_tighter(t.sense, searched, known_bound(run, t)))
        relaxation_valid = relaxation_valid and relaxed == value
    return relaxation_valid


def _tighter(sense: str, a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return a if b is None else b
    return min(a, b) if sense == "max" else max(a, b)


def _searched_bound(stage: Stage, index: int, weights: list[int]) -> float | None:
    """The bound CP-SAT's search proves for tier ``index`` of the stage, or None.

    A stage of one tier bounds it directly. A folded stage bounds its first tier too:
    the folded objective is ``W0 * t0 + tail`` with ``|tail| < W0 / 2`` for every plan
    (:func:`koperasi_alloc.flow.lexicographic_weights`), so a folded bound ``B`` gives
    ``t0 <= floor((2 B + W0 - 1) / (2 W0))`` (signed as maximised). This proves the
    first tier of a folded stage that ran out of time once its bound is close enough.
    """
    if stage.bound is None or not np.isfinite(stage.bound):
        return None
    tier = stage.tiers[index]
    sign = 1 if tier.sense == "max" else -1
    if len(stage.tiers) == 1:
        return sign * stage.bound
    if index != 0:
        return None
    first = weights[0]
    signed = (2 * int(np.floor(stage.bound)) + first - 1) // (2 * first)
    return float(sign * signed)


def _keep(run: Run, tiers: list[TierExpression], expression: Linear, stage: Stage) -> None:
    """Constrain later stages to keep what this one reached.

    A proven folded stage is kept tier by tier (each at its value: the folded optimum
    is lexicographic, so every plan as good has exactly these values), which CP-SAT's
    LP uses far better than the one folded row; otherwise the folded value is kept.
    """
    built, chosen = run.built, run.chosen
    assert built is not None
    assert stage.value is not None
    if len(tiers) > 1 and stage.proven and chosen is not None:
        for tier in tiers:
            value = run.value_of(tier.name, chosen)
            signed = tier.expression if tier.sense == "max" else tier.expression.scaled(-1)
            built.context.add_expression_at_least(signed, value if tier.sense == "max" else -value)
        return
    built.context.add_expression_at_least(expression, round(stage.value))


def fairness_by_relaxation(run: Run, tier: TierExpression, bound: int | None) -> int | None:
    """Bound (and often reach) the fairness tier in the relaxation.

    Applies when the tiers before fairness are exactly those folded into the relaxation's
    benefit: every plan at least as good as the incumbent in those tiers has at least its
    benefit, so the fairest such relaxed plan bounds the tier; when that plan is itself
    valid and better it becomes the incumbent (often proven without search).
    """
    relaxation, built, chosen, candidates = run.relaxation, run.built, run.chosen, run.candidates
    if relaxation is None or built is None or chosen is None or candidates is None:
        return bound
    if not relaxation.tiers or not isinstance(relaxation, FairnessSearch):
        return bound  # no lexicographic tiers folded, or no fairness search offered
    earlier = [t.name for t in built.tiers[: built.tiers.index(tier)]]
    if tuple(earlier) != relaxation.tiers or bound is None:
        return bound
    current = np.flatnonzero(chosen).astype(np.int64)
    if run.value_of(tier.name, chosen) >= bound:
        return bound
    # a bisection over levels: about ten solves of the relaxation, which must fit in the
    # time left (on the largest national parts one solve takes a third of a second)
    if run.deadline - time.perf_counter() < FAIREST_SOLVES * run.relaxation_seconds:
        return bound
    level, rows = relaxation.fairest(candidates, current, bound, FAIRNESS_SCALE)
    if flow.hard_rules_hold(candidates, rows) and run.better(rows, current):
        run.set_incumbent(rows)
    return level
