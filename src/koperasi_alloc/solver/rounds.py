"""Rounds of a decomposed solve: the parts' tiers searched in priority order across parts.

A lexicographic plan is judged first by its first tier, so a decomposed solve should not
spend one part's time on its last tier while another part's first tier is still open.
The parts are therefore solved in rounds: round ``k`` searches, in every part not yet
proven, the stage groups up to the ``k``-th (the same groups a monolithic solve uses:
the first tier alone, consecutive linear tiers folded, fairness alone), starting from
the part's plan of the round before and from the tier bounds that round proved. A round
gets the share of the time left that a monolithic solve gives the same stage
(:func:`~koperasi_alloc.solver.budget.stage_share`); what a round does not use goes to the
next. From the second round on, and with the time left after the last, the parts still
open go in order of their earliest open tier and, within it, of their size times that
tier's relative gap, and share the time in that proportion (in the first round every
part needs a plan, and shares by size). A round between the first and the last is
played tier by tier (:func:`later_round`): first the parts whose earliest open tier is
the earliest, for at most the search their gaps call for
(:data:`SECONDS_PER_OPEN_UNIT` per unit) less the search they have had, with their
preparation, and never more than the first round gave them, then the next tier's, the
last tier's with what is left. Relative gaps of different tiers do not compare: shared
by them in one round, a part one coverage slot in a thousand short weighed a hundredth
of one with 13 % of its locality open, and got no time to search; the cap keeps parts
that have searched their gap long without closing it from holding the round while the
later tiers wait; and the last round stays one, for in it small parts prove their
fairness in a fraction of a second each (docs/performance.md, "Each open tier its share
of the later rounds" and "A tier's time by the search its gap calls for").
What is shared is what the round keeps after setting aside the preparation of the parts
it has not started; where that takes the whole round (the national preset at 120 s),
each part gets its preparation estimate and the gaps set only the order
(docs/performance.md, "The bounds round").

Between the first round and the second, a bounds round: where time is that short, a
part's first plan often leaves its first tier open with a bound from a priced search cut
short (:mod:`~koperasi_alloc.solver.priced_bound`), and finishing that search costs far
less than a CP-SAT round, which from so short a budget seldom moves the first tier. The
parts whose first tier is open get :data:`BOUNDS_TIME` times their first round's
preparation time for the priced bound, and for plans made of its flows (a
Lagrangian heuristic, which covers more where the first round's plan fell short), with
no CP-SAT search (:func:`bounds_step`), largest gap per second first, within a share of
the time left (:data:`BOUNDS_SHARE`); with the last of that time, their later tiers'
floor bounds are priced again at the new plan's coverage
(:mod:`~koperasi_alloc.solver.floor_bounds`).

Nothing here runs a solver: these are the rules the part scheduler
(:mod:`koperasi_alloc.solver.parts`) follows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from koperasi_alloc import flow
from koperasi_alloc.plan import Plan, Status
from koperasi_alloc.scenario import Scenario, TierName

__all__ = [
    "BOUNDS_SHARE",
    "BOUNDS_TIME",
    "SECONDS_PER_OPEN_UNIT",
    "Step",
    "bounds_step",
    "group_starts",
    "later_round",
    "open_gap",
    "open_units",
    "step_after",
]


#: Share of the time left after the first round that the bounds round may use. On the
#: national preset at 120 s (docs/performance.md, "Plans from the priced flows"), its
#: parts raised their coverage by 120 slots at 0.15, 187 at 0.25 and 159 at 0.35, and
#: tightened its bound by 56-66 slots in each; before those plans were made, 0.06 (the
#: bound alone: 65 of the 91 slots of all parts came from the first 20 of 120).
BOUNDS_SHARE = 0.25

#: A part's time in the bounds round, in multiples of its first round's preparation: it
#: prepares again, then searches the priced bound and makes plans of its flows
#: (:class:`~koperasi_alloc.solver.priced_bound.PricedPlans`) with what is left but for
#: a few flows for the later tiers' floor bounds (a flow takes a tenth to a quarter of a
#: national part's preparation: 2.0 before those, docs/performance.md, "Later tiers
#: priced in the bounds round").
BOUNDS_TIME = 2.75


#: Seconds of CP-SAT search a part's earliest open tier calls for per unit of its gap (a
#: coverage slot, a locality point, a travel minute) in a middle round's tier group. On
#: the national preset at 120 s the 139 coverage-open parts had searched a median 0.0 s
#: (at most 0.4 s) in the first round, the rest of their time preparing, and CP-SAT
#: closed most 1-3 slot gaps in 0.2-0.4 s; at 600 s the 32 still open had searched some
#: 123 s in all, and the middle round's 113 s gave them 2 slots and 25 of bound while
#: the lower tiers waited (docs/performance.md, "A tier's time by the search its gap
#: calls for").
SECONDS_PER_OPEN_UNIT = 0.25


@dataclass(frozen=True)
class Step:
    """What one round asks of one part (sent to a worker, so plain data).

    Attributes
    ----------
    hint
        The part's plan from the round before, if any.
    tier_limit
        Search only the stage groups that start before this tier index (None: all).
    known_bounds
        Tier bounds the round before proved, by tier name.
    bounds_only
        Tighten the first tier's bound of the part's plan (the priced bound), improve the
        plan from the priced flows and price the later tiers' floor bounds again at its
        coverage, with no CP-SAT search.
    """

    hint: Plan | None = None
    tier_limit: int | None = None
    known_bounds: dict[TierName, float] = field(default_factory=dict)
    bounds_only: bool = False


def group_starts(scenario: Scenario, *, fold: bool = True) -> list[int]:
    """Tier index at which each lexicographic stage group starts (``[0]`` when weighted).

    The grouping is the one :func:`koperasi_alloc.solver.lexicographic.stage_groups` makes
    with ``fold`` (``SolveOptions.fold_linear_tiers``): the first tier alone, then runs of
    linear tiers, others alone; where that splits a run further, the extra groups fall
    within the same round.
    """
    if scenario.policy.objective.mode == "weighted":
        return [0]
    starts: list[int] = []
    previous_linear = False
    for index, name in enumerate(scenario.objective_tiers()):
        linear = name in flow.FLOW_TIERS and index > 0 and fold
        if not (linear and previous_linear):
            starts.append(index)
        previous_linear = linear
    return starts or [0]


def step_after(
    plan: Plan | None, scenario: Scenario, level: int | None, *, fold: bool = True
) -> Step:
    """The step of round ``level`` (None: the open-ended round after the last) for a part
    whose latest plan is ``plan`` (``fold``: as for :func:`group_starts`)."""
    starts = group_starts(scenario, fold=fold)
    limit = None
    if level is not None and level + 1 < len(starts):
        limit = starts[level + 1]
    return Step(hint=plan, tier_limit=limit, known_bounds=_known(plan))


def bounds_step(plan: Plan) -> Step:
    """The step of the bounds round for a part whose first tier ``plan`` left open: its
    first tier's bound tightened (the priced bound, given the part's time), plans made of
    the priced flows and the later tiers' floor bounds priced again, no CP-SAT search."""
    return Step(hint=plan, tier_limit=0, known_bounds=_known(plan), bounds_only=True)


def _known(plan: Plan | None) -> dict[TierName, float]:
    """The tier bounds ``plan`` reported, by tier name."""
    if plan is None:
        return {}
    return {t.name: float(t.bound) for t in plan.tiers if t.bound is not None}


def _first_open(plan: Plan | None) -> tuple[int, float, float | None] | None:
    """The index, value and bound of ``plan``'s first unproven tier (the weighted sum in
    weighted mode, the only objective with a bound there); None when it is proven
    optimal. No plan, or one with no tiers, is open at tier 0 with no bound."""
    if plan is None:
        return (0, 0.0, None)
    if plan.status == Status.OPTIMAL:
        return None
    if plan.objective_mode == "weighted":
        if plan.objective is None:
            return (0, 0.0, None)
        return (0, plan.objective, plan.best_bound)
    for index, tier in enumerate(plan.tiers):
        if not tier.proven:
            return (index, tier.value, tier.bound)
    return None if plan.tiers else (0, 0.0, None)


def open_gap(plan: Plan | None) -> tuple[int, float] | None:
    """How far ``plan`` is from proven: the index of its first unproven tier and that
    tier's relative gap (1.0 when unbounded); None when it is proven optimal."""
    first = _first_open(plan)
    if first is None:
        return None
    index, value, bound = first
    if plan is not None and plan.objective_mode == "weighted":
        return (0, plan.gap if plan.gap is not None else 1.0)
    if bound is None:
        return (index, 1.0)
    return (index, abs(bound - value) / max(1.0, abs(value)))


def open_units(plan: Plan | None) -> float:
    """How far ``plan``'s earliest unproven tier is from its bound, in the tier's own units
    (inf when it has no plan or no bound; 0 when it is proven optimal)."""
    first = _first_open(plan)
    if first is None:
        return 0.0
    _, value, bound = first
    return math.inf if bound is None else abs(bound - value)


def later_round(
    gaps: Mapping[int, tuple[int, float] | None],
    sizes: Sequence[int],
    *,
    by_tier: bool = True,
) -> list[tuple[list[int], dict[int, float]]]:
    """A later round's open parts, in the order they start, and their weights for the
    time.

    Parameters
    ----------
    gaps
        Per part, its :func:`open_gap` (None: proven, left out).
    sizes
        Each part's size (officers x cooperatives in reach), by part index.
    by_tier
        One group per open tier (a round between the first and the last); otherwise one
        group of every open part (the last round).

    Returns
    -------
    list of (list of int, dict of int to float)
        The groups, the earliest open tier first: their parts, earliest open tier first
        and within it the largest weight first, and each part's weight for the group's
        time, its size times the relative gap of its earliest open tier (at least a
        thousandth of its size).
    """
    open_parts = {part: gap for part, gap in gaps.items() if gap is not None}
    groups = []
    for tier in sorted({tier for tier, _ in open_parts.values()}):
        weights = {
            part: sizes[part] * max(gap, 1e-3)
            for part, (at, gap) in open_parts.items()
            if at == tier
        }
        groups.append((sorted(weights, key=lambda part: -weights[part]), weights))
    if by_tier or not groups:
        return groups
    order = [part for parts, _ in groups for part in parts]
    return [(order, {part: w for _, weights in groups for part, w in weights.items()})]
