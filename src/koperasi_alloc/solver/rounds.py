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
tier's remaining gap, and share the time in that proportion (in the first round every
part needs a plan, and shares by size).

Nothing here runs a solver: these are the rules the part scheduler
(:mod:`koperasi_alloc.solver.parts`) follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from koperasi_alloc import flow
from koperasi_alloc.plan import Plan, Status
from koperasi_alloc.scenario import Scenario, TierName

__all__ = ["Step", "group_starts", "open_gap", "step_after"]


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
    """

    hint: Plan | None = None
    tier_limit: int | None = None
    known_bounds: dict[TierName, float] = field(default_factory=dict)


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
    known: dict[TierName, float] = {}
    if plan is not None:
        known = {t.name: float(t.bound) for t in plan.tiers if t.bound is not None}
    return Step(hint=plan, tier_limit=limit, known_bounds=known)


def open_gap(plan: Plan | None) -> tuple[int, float] | None:
    """How far ``plan`` is from proven: the index of its first unproven tier and that
    tier's relative gap (1.0 when unbounded); None when it is proven optimal."""
    if plan is None:
        return (0, 1.0)
    if plan.status == Status.OPTIMAL:
        return None
    if plan.objective_mode == "weighted":  # only the weighted sum has a bound
        return (0, plan.gap if plan.gap is not None else 1.0)
    for index, tier in enumerate(plan.tiers):
        if tier.proven:
            continue
        if tier.bound is None:
            return (index, 1.0)
        return (index, abs(tier.bound - tier.value) / max(1.0, abs(tier.value)))
    return None if plan.tiers else (0, 1.0)
