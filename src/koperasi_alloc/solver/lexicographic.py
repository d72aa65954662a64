"""The lexicographic search: one CP-SAT stage per group of tiers, best tier first.

The first tier gets a stage of its own; then consecutive linear tiers form one stage
whose objective folds them with weights that keep their lexicographic order exactly
(:func:`koperasi_alloc.flow.lexicographic_weights`), and the others (fairness) a stage
each: :class:`TierGroup` objects, listed by :func:`tier_groups`. Each stage starts from
the bounds known without search (the relaxation's, or simple ones), and each later stage
keeps what the earlier ones reached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from koperasi_alloc import flow
from koperasi_alloc.candidates import Candidates
from koperasi_alloc.model import BuiltModel, TierExpression
from koperasi_alloc.model.context import Linear, combine
from koperasi_alloc.model.objective import FAIRNESS_SCALE
from koperasi_alloc.scenario import TierName
from koperasi_alloc.solver import prune
from koperasi_alloc.solver.budget import stage_share
from koperasi_alloc.solver.polish import polish_searched
from koperasi_alloc.solver.proof import tighter
from koperasi_alloc.solver.relaxation import FairnessSearch
from koperasi_alloc.solver.stage import Goal, run_stage
from koperasi_alloc.solver.state import Env, Incumbent, Searched, StageRecord
from koperasi_alloc.solver.values import better, fairness_bound, tier_value

__all__ = ["TierGroup", "known_bound", "stage_groups", "stage_tiers", "tie_break", "tier_groups"]

Group = tuple[list[TierExpression], list[int]]

#: Solves of the relaxation that the fairest relaxed plan takes at most (a bisection over
#: the 1,001 fairness levels), for the time check before it.
FAIREST_SOLVES = 11

#: The largest coefficient a tie-break may give the searched objective: CP-SAT's LP
#: works in floating point, and folded weights of 5e9 per point crippled it
#: (docs/performance.md, fourth round).
TIE_BREAK_MAGNITUDE = 10**9


def tier_groups(env: Env, searched: Searched) -> list[TierGroup]:
    """The search stages of a lexicographic solve, in order: one per group of tiers (up
    to the round's tier limit in a decomposed solve's round)."""
    built = searched.built
    assert built is not None
    groups = stage_groups(searched.candidates, built.tiers, fold=env.options.fold_linear_tiers)
    limit = env.step.tier_limit if env.step is not None else None
    if limit is not None:
        groups = [g for g in groups if built.tiers.index(g[0][0]) < limit]
    return [
        TierGroup(tuple(tiers), tuple(weights), position, len(groups))
        for position, (tiers, weights) in enumerate(groups)
    ]


class TierGroup:
    """Search stage: one group of tiers, folded into one objective, kept by the stages
    after it."""

    def __init__(
        self,
        tiers: tuple[TierExpression, ...],
        weights: tuple[int, ...],
        position: int,
        groups: int,
    ) -> None:
        self.tiers = tiers
        self.weights = weights
        self.position = position
        self.groups = groups
        self.name = "+".join(t.name for t in tiers)

    def accepts(self, env: Env, searched: Searched) -> bool:
        """Every group before this one ended with a plan."""
        records = searched.stages
        return len(records) == self.position and all(r.value is not None for r in records)

    def apply(self, env: Env, searched: Searched) -> Searched:
        built = searched.built
        assert built is not None
        tiers, weights = list(self.tiers), list(self.weights)
        expression = combine(
            [
                (w if t.sense == "max" else -w, t.expression)
                for w, t in zip(weights, tiers, strict=True)
            ]
        )
        valid = relaxation_still_valid(searched)
        bounds = _group_bounds(env, searched, tiers, valid)
        if self.name == "fairness":
            level, searched = fairness_by_relaxation(env, searched, tiers[0], bounds[0])
            bounds = [level]
        goal = _goal(env, searched, self, expression, _folded(weights, tiers, bounds))
        done = run_stage(env, searched, goal)
        if len(done.stages) == len(searched.stages) or done.stages[-1].value is None:
            return done
        done = _with_tier_bounds(env, done, weights, valid)
        if self.position < self.groups - 1 and not expression.is_constant:
            _keep(built, tiers, expression, done)
            done = prune.tighten(env, done)
        return done


def _goal(
    env: Env,
    searched: Searched,
    group: TierGroup,
    expression: Linear,
    known: float | None,
) -> Goal:
    """What the group's stage maximises, and how it judges plans."""
    scenario, candidates = env.scenario, searched.candidates
    tiers, weights = group.tiers, group.weights
    built = searched.built
    assert built is not None

    def value_of(chosen: np.ndarray) -> float:
        total = 0
        for w, t in zip(weights, tiers, strict=True):
            value = tier_value(candidates, t.name, chosen)
            total += w * (value if t.sense == "max" else -value)
        return float(total)

    def tier_values(chosen: np.ndarray) -> tuple[int, ...]:
        return tuple(tier_value(candidates, t.name, chosen) for t in tiers)

    tie = tie_break(built, list(tiers))
    single_min = len(tiers) == 1 and tiers[0].sense == "min"
    return Goal(
        name=group.name,
        tiers=tuple(t.name for t in tiers),
        expression=expression,
        value_of=value_of,
        prefer=lambda a, b: better(scenario, candidates, a, b),
        tier_values=tier_values,
        known_bound=known,
        share=stage_share(group.position, group.groups),
        tie_break=tie[0] if tie is not None else None,
        scale=tie[1] if tie is not None else 1,
        sign=-1 if single_min else 1,
        polish=polish_searched(env),
    )


def tie_break(built: BuiltModel, tiers: list[TierExpression]) -> tuple[Linear, int] | None:
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


def known_bound(env: Env, searched: Searched, tier: TierExpression) -> int | None:
    """The bound an earlier round of the same part proved for ``tier``, or None.

    It holds while the incumbent keeps every tier before ``tier`` at the value that
    round proved optimal (a tier bound is conditional on the tiers before it).
    """
    known_bounds = env.step.known_bounds if env.step is not None else {}
    known = known_bounds.get(tier.name)
    built, incumbent = searched.built, searched.incumbent
    if known is None or built is None or incumbent is None:
        return None
    for earlier in built.tiers[: built.tiers.index(tier)]:
        value = tier_value(searched.candidates, earlier.name, incumbent.chosen)
        if known_bounds.get(earlier.name) != value:
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


def _simple_bound(candidates: Candidates, tier: TierExpression) -> int:
    """A bound that always holds: the tier's trivial one, for fairness also the reach."""
    if tier.name == "fairness":
        return min(tier.trivial_bound, fairness_bound(candidates))
    return tier.trivial_bound


def relaxation_still_valid(searched: Searched) -> bool:
    """Whether the relaxation's tier bounds still hold for the next group: every tier of
    the finished stages sat at its relaxation bound when its stage ended."""
    bounds = searched.prepared.relaxation.tier_bounds
    return all(
        bounds.get(name) == value
        for record in searched.stages
        for name, value in zip(record.tiers, record.values, strict=True)
    )


def _group_bounds(
    env: Env, searched: Searched, tiers: list[TierExpression], relaxation_valid: bool
) -> list[int | None]:
    """Per tier of a group, the best bound known without search (relaxation or simple).

    A relaxation bound holds for a tier only while every earlier tier sits at its own
    relaxation bound; a simple bound always holds, but for a tier after the first of
    a group it says nothing about the folded objective and is not used there.
    """
    relaxation = searched.prepared.relaxation
    bounds: list[int | None] = []
    valid = relaxation_valid
    for index, tier in enumerate(tiers):
        simple = _simple_bound(searched.candidates, tier)
        bound: int | None
        if valid and tier.name in relaxation.tier_bounds:
            value = relaxation.tier_bounds[tier.name]
            bound = min(simple, value) if tier.sense == "max" else max(simple, value)
        elif index == 0 and len(tiers) == 1:
            bound = simple
        else:
            bound = None
            valid = False
        known = tighter(tier.sense, bound, known_bound(env, searched, tier))
        bounds.append(None if known is None else round(known))
    return bounds


def _with_tier_bounds(env: Env, searched: Searched, weights: list[int], valid: bool) -> Searched:
    """The last stage's record with the bound of each of its tiers: the searched one, the
    relaxation's while it holds, or an earlier round's, the tightest.

    The relaxation bounds a tier only under the earlier tiers at their relaxation bounds:
    within a folded group too, so a tier after one that ended below its relaxation bound
    gets none from it (a travel bound at locality 45 says nothing at locality 44).
    """
    record = searched.stages[-1]
    relaxation = searched.prepared.relaxation
    built = searched.built
    assert built is not None
    by_name = {t.name: t for t in built.tiers}
    tier_bounds: list[float | None] = []
    for index, name in enumerate(record.tiers):
        tier = by_name[name]
        relaxed = relaxation.tier_bounds.get(name)
        searched_bound = _searched_bound(record, index, weights, tier.sense)
        if index > 0 and earlier_settled(searched, tier_bounds):
            senses = [by_name[n].sense for n in record.tiers]
            searched_bound = _after_settled(record, index, weights, senses)
        if valid and relaxed is not None:
            searched_bound = tighter(tier.sense, relaxed, searched_bound)
        valid = valid and relaxed is not None and record.values[index] == relaxed
        earlier_round = known_bound(env, searched, tier)
        tier_bounds.append(tighter(tier.sense, searched_bound, earlier_round))
    updated = replace(record, tier_bounds=tuple(tier_bounds))
    return replace(searched, stages=(*searched.stages[:-1], updated))


def earlier_settled(searched: Searched, tier_bounds: list[float | None]) -> bool:
    """Whether every earlier stage is proven and every tier of the last stage before the
    next one sits at its bound: then the lexicographic optimum has exactly those values."""
    record = searched.stages[-1]
    return all(r.proven for r in searched.stages[:-1]) and all(
        bound is not None and bound == value
        for bound, value in zip(tier_bounds, record.values, strict=False)
    )


def _after_settled(
    record: StageRecord, index: int, weights: list[int], senses: Sequence[str]
) -> float | None:
    """The bound the folded search proves for tier ``index`` once the tiers before it in
    the group are settled at their values ``v_j``: the rest ``R = B - sum_j W_j v_j``
    (signed as maximised) bounds ``W_i t_i + tail`` with ``|tail| < W_i / 2``, so
    ``t_i <= floor((2 R + W_i - 1) / (2 W_i))``."""
    if record.bound is None or not np.isfinite(record.bound):
        return None
    settled = sum(
        w * (v if sense == "max" else -v)
        for w, v, sense in zip(weights[:index], record.values[:index], senses[:index], strict=True)
    )
    sign = 1 if senses[index] == "max" else -1
    rest = int(np.floor(record.bound)) - settled
    signed = (2 * rest + weights[index] - 1) // (2 * weights[index])
    return float(sign * signed)


def _searched_bound(
    record: StageRecord, index: int, weights: list[int], sense: str
) -> float | None:
    """The bound CP-SAT's search proves for tier ``index`` of the stage, or None.

    A stage of one tier bounds it directly. A folded stage bounds its first tier too:
    the folded objective is ``W0 * t0 + tail`` with ``|tail| < W0 / 2`` for every plan
    (:func:`koperasi_alloc.flow.lexicographic_weights`), so a folded bound ``B`` gives
    ``t0 <= floor((2 B + W0 - 1) / (2 W0))`` (signed as maximised). This proves the
    first tier of a folded stage that ran out of time once its bound is close enough.
    """
    if record.bound is None or not np.isfinite(record.bound):
        return None
    sign = 1 if sense == "max" else -1
    if len(record.tiers) == 1:
        return sign * record.bound
    if index != 0:
        return None
    first = weights[0]
    signed = (2 * int(np.floor(record.bound)) + first - 1) // (2 * first)
    return float(sign * signed)


def _keep(
    built: BuiltModel, tiers: list[TierExpression], expression: Linear, searched: Searched
) -> None:
    """Constrain later stages to keep what this one reached.

    A proven folded stage is kept tier by tier (each at its value: the folded optimum
    is lexicographic, so every plan as good has exactly these values), which CP-SAT's
    LP uses far better than the one folded row; otherwise the folded value is kept.
    """
    record = searched.stages[-1]
    assert record.value is not None
    if len(tiers) > 1 and record.proven and searched.incumbent is not None:
        for tier, value in zip(tiers, record.values, strict=True):
            signed = tier.expression if tier.sense == "max" else tier.expression.scaled(-1)
            built.context.add_expression_at_least(signed, value if tier.sense == "max" else -value)
        return
    built.context.add_expression_at_least(expression, round(record.value))


def fairness_by_relaxation(
    env: Env, searched: Searched, tier: TierExpression, bound: int | None
) -> tuple[int | None, Searched]:
    """Bound (and often reach) the fairness tier in the relaxation.

    Applies when the tiers before fairness are exactly those folded into the relaxation's
    benefit: every plan at least as good as the incumbent in those tiers has at least its
    benefit, so the fairest such relaxed plan bounds the tier; when that plan is itself
    valid and better it becomes the incumbent (often proven without search).
    """
    relaxation, built, incumbent = searched.prepared.relaxation, searched.built, searched.incumbent
    candidates = searched.candidates
    if built is None or incumbent is None or bound is None:
        return bound, searched
    if not relaxation.tiers or not isinstance(relaxation, FairnessSearch):
        return bound, searched  # no lexicographic tiers folded, or no fairness search offered
    earlier = [t.name for t in built.tiers[: built.tiers.index(tier)]]
    if tuple(earlier) != relaxation.tiers:
        return bound, searched
    if tier_value(candidates, tier.name, incumbent.chosen) >= bound:
        return bound, searched
    # a bisection over levels: about ten solves of the relaxation, which must fit in the
    # time left (on the largest national parts one solve takes a third of a second)
    if env.remaining() < FAIREST_SOLVES * searched.prepared.relaxation_seconds:
        return bound, searched
    current = incumbent.rows
    level, rows = relaxation.fairest(candidates, current, bound, FAIRNESS_SCALE)
    if flow.hard_rules_hold(candidates, rows) and better(env.scenario, candidates, rows, current):
        chosen = Incumbent.of_rows(len(candidates), rows, incumbent.method)
        searched = replace(searched, incumbent=chosen, hint_rows=rows)
    return level, searched
