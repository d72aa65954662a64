"""Rule ``objective``: every tier value, bound and the plan's objective/best_bound/gap.

The four tiers are recomputed from the scenario and the assignments alone:

- coverage (max): sum of ``priority(c)`` over assignments;
- locality (max): sum of ``locality_scores[tier]`` plus the PPPK kecamatan bonus;
- travel (min): sum of integer travel minutes ``tm(o, c)``;
- fairness (max): ``min_k floor(1000 * F_k / R_k)`` over kecamatan with reachable slots
  ``R_k > 0`` (:mod:`.reach`), 1000 when there are none; unreachable kecamatan are left
  out.

Assignments naming an unknown officer or cooperative add nothing to any tier (eligibility
reports them); an assignment no allowed locality tier links scores 0 locality points.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Literal

from koperasi_alloc.check.context import CheckContext
from koperasi_alloc.check.violation import Violation
from koperasi_alloc.plan import Plan, Status
from koperasi_alloc.scenario import Assignment, Cooperative, Employment, Policy, Scenario

__all__ = [
    "RULE",
    "SENSE",
    "TIER_NAMES",
    "cooperative_priority",
    "recompute_tiers",
    "tier_values",
    "verify",
    "weighted_sum",
]

RULE = "objective"
TIER_NAMES: tuple[str, ...] = ("coverage", "stability", "locality", "travel", "fairness")
SENSE: dict[str, Literal["max", "min"]] = {
    "coverage": "max",
    "stability": "max",
    "locality": "max",
    "travel": "min",
    "fairness": "max",
}
_PPPK = frozenset({Employment.PPPK, Employment.PPPK_PARUH_WAKTU})


def cooperative_priority(ctx: CheckContext, cooperative: Cooperative) -> int:
    """``priority(c)``: its own, else the policy's weight of its village status, else default.

    Parameters
    ----------
    ctx
        Look-ups of the scenario.
    cooperative
        The cooperative.

    Returns
    -------
    int
        Weight of one filled slot of the cooperative.
    """
    if cooperative.priority is not None:
        return cooperative.priority
    policy = ctx.policy
    status = ctx.villages[cooperative.village].status
    if status is not None and status in policy.status_priority:
        return policy.status_priority[status]
    return policy.default_priority


def tier_values(ctx: CheckContext, assignments: Sequence[Assignment]) -> dict[str, int]:
    """All four tier values of a set of assignments.

    Parameters
    ----------
    ctx
        Look-ups of the scenario.
    assignments
        The assignments (only officer, cooperative and role are read; plain
        :class:`~koperasi_alloc.scenario.Assignment` objects do too).

    Returns
    -------
    dict
        ``{"coverage", "locality", "travel", "fairness"}`` to their integer values.
    """
    objective = ctx.policy.objective
    scores = objective.locality_scores
    bonus = objective.pppk_kecamatan_bonus
    coverage = locality = travel = 0
    baseline = {(a.officer_id, a.cooperative_id, a.role) for a in ctx.scenario.baseline or []}
    stability = sum(1 for a in set(assignments_as_triples(assignments)) if a in baseline)
    filled_by_district: dict[str, int] = {}
    for row in ctx.resolve(assignments):
        officer, cooperative, district, loc = (
            row.officer,
            row.cooperative,
            row.district,
            row.locality,
        )
        if officer is None or cooperative is None or district is None or loc is None:
            continue
        coverage += cooperative_priority(ctx, cooperative)
        if loc.tier is not None:
            locality += scores.get(loc.tier, 0)
        if officer.employment in _PPPK and officer.work_district == district:
            locality += bonus
        travel += loc.travel_minutes
        filled_by_district[district] = filled_by_district.get(district, 0) + 1

    fairness = min(
        (
            1000 * filled_by_district.get(k, 0) // reach
            for k, reach in ctx.district_reach.items()
            if reach > 0
        ),
        default=1000,
    )
    return {
        "coverage": coverage,
        "stability": stability,
        "locality": locality,
        "travel": travel,
        "fairness": fairness,
    }


def assignments_as_triples(assignments: Sequence[Assignment]) -> list[tuple[str, str, str]]:
    """``(officer_id, cooperative_id, role)`` of each assignment."""
    return [(a.officer_id, a.cooperative_id, a.role) for a in assignments]


def objective_tiers(scenario: Scenario) -> list[str]:
    """The tiers a plan must report: the policy's, plus 'stability' right after the first
    one when the scenario has a baseline and the policy does not place it itself."""
    tiers: list[str] = list(scenario.policy.objective.tiers)
    if scenario.baseline and "stability" not in tiers:
        tiers.insert(1, "stability")
    return tiers


def recompute_tiers(scenario: Scenario, assignments: Sequence[Assignment]) -> dict[str, int]:
    """Recompute every objective tier from the scenario and the assignments alone.

    Parameters
    ----------
    scenario
        The scenario.
    assignments
        The plan's assignments.

    Returns
    -------
    dict
        ``{"coverage": ..., "locality": ..., "travel": ..., "fairness": ...}``.
    """
    return tier_values(CheckContext(scenario), assignments)


def weighted_sum(
    policy: Policy, values: Mapping[str, int], tiers: Sequence[str] | None = None
) -> int:
    """``sum(weights[t] * value(t))`` over the tiers listed in ``policy.objective.tiers``.

    Parameters
    ----------
    policy
        The policy (its objective tiers and weights).
    values
        Tier values, as from :func:`tier_values`.

    Returns
    -------
    int
        The weighted objective.
    """
    weights = {str(name): value for name, value in policy.objective.weights.items()}
    names = list(tiers) if tiers is not None else list(policy.objective.tiers)
    return sum(weights.get(name, 0) * values[name] for name in names)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def verify(
    ctx: CheckContext, plan: Plan, values: Mapping[str, int] | None = None
) -> list[Violation]:
    """Every reported tier value, bound or objective figure that disagrees with the data.

    Parameters
    ----------
    ctx
        Look-ups of the scenario.
    plan
        The plan to check (status OPTIMAL or FEASIBLE).
    values
        Recomputed tier values, when already at hand.

    Returns
    -------
    list of Violation
        Subject ``tier NAME`` for a tier, ``plan`` for objective, best_bound, gap and mode.
    """
    if values is None:
        values = tier_values(ctx, plan.assignments)
    objective = ctx.policy.objective
    out: list[Violation] = []
    if plan.objective_mode != objective.mode:
        message = f"objective_mode {plan.objective_mode}, policy says {objective.mode}"
        out.append(_violation("plan", message))
    tier_order = objective_tiers(ctx.scenario)
    out += _tier_violations(plan, values, tier_order, objective.mode == "lexicographic")
    out += _headline_violations(ctx, plan, values, tier_order)
    return out


def _violation(subject: str, message: str) -> Violation:
    return Violation(rule=RULE, subject=subject, message=message)


def _tier_violations(
    plan: Plan, values: Mapping[str, int], tier_order: list[str], lexicographic: bool
) -> list[Violation]:
    """Each reported tier against its recomputed value, its sense, bound and proof; tiers
    of the objective missing; unproven tiers of an OPTIMAL lexicographic plan."""
    out: list[Violation] = []

    def add(subject: str, message: str) -> None:
        out.append(_violation(subject, message))

    reported: dict[str, object] = {}
    for tv in plan.tiers:
        subject = f"tier {tv.name}"
        if tv.name in reported:
            add(subject, "tier listed more than once")
            continue
        reported[tv.name] = tv
        if tv.name not in SENSE:
            add(subject, "unknown tier name")
            continue
        want_sense = SENSE[tv.name]
        want = values[tv.name]
        if tv.sense != want_sense:
            add(subject, f"sense {tv.sense}, should be {want_sense}")
        if tv.value != want:
            add(subject, f"reported value {tv.value}, recomputed {want}")
        if tv.bound is not None:
            if want_sense == "max" and tv.bound < want:
                add(subject, f"bound {tv.bound} is below the value {want} this plan reaches")
            if want_sense == "min" and tv.bound > want:
                add(subject, f"bound {tv.bound} is above the value {want} this plan reaches")
        if tv.proven and tv.bound != tv.value:
            add(subject, f"proven optimal but bound {tv.bound} differs from value {tv.value}")

    for name in tier_order:
        if name not in reported:
            add(f"tier {name}", "tier of the policy's objective missing from plan.tiers")

    if plan.status == Status.OPTIMAL and lexicographic:
        for tv in plan.tiers:
            if tv.name in tier_order and not tv.proven:
                add(f"tier {tv.name}", "status OPTIMAL but the tier is not proven optimal")
    return out


def _headline_violations(
    ctx: CheckContext, plan: Plan, values: Mapping[str, int], tier_order: list[str]
) -> list[Violation]:
    """The plan's objective, best_bound and gap against the recomputed tiers."""
    out: list[Violation] = []

    def add(message: str) -> None:
        out.append(_violation("plan", message))

    first = tier_order[0]
    lexicographic = ctx.policy.objective.mode == "lexicographic"
    if lexicographic:
        expected: float = values[first]
        sense = SENSE[first]
        label = f"first tier {first}"
    else:
        expected = weighted_sum(ctx.policy, values, tier_order)
        sense = "max"
        label = "weighted sum"
    if plan.objective is not None and not _close(plan.objective, expected):
        add(f"objective {plan.objective!r}, recomputed {label} {expected}")

    if plan.best_bound is not None:
        first_tv = next((tv for tv in plan.tiers if tv.name == first), None)
        first_bound = first_tv.bound if first_tv is not None else None
        if lexicographic and first_bound is not None and not _close(plan.best_bound, first_bound):
            add(f"best_bound {plan.best_bound!r} differs from the bound {first_bound} of {label}")
        objective_value = plan.objective if plan.objective is not None else expected
        if sense == "max" and not plan.best_bound >= objective_value - 1e-6:
            add(f"best_bound {plan.best_bound!r} is below objective {objective_value}")
        if sense == "min" and not plan.best_bound <= objective_value + 1e-6:
            add(f"best_bound {plan.best_bound!r} is above objective {objective_value}")
        optimal = plan.status == Status.OPTIMAL and plan.objective is not None
        if optimal and not _close(plan.best_bound, objective_value):
            add(
                f"status OPTIMAL but best_bound {plan.best_bound!r} differs from "
                f"objective {objective_value!r}"
            )

    if plan.gap is not None:
        if plan.objective is None or plan.best_bound is None:
            add(f"gap {plan.gap!r} given without both objective and best_bound")
        else:
            # rules.md: |best_bound - objective| / max(1, |objective|); the bound's side is
            # checked above.
            want_gap = abs(plan.best_bound - plan.objective) / max(1.0, abs(plan.objective))
            if not math.isclose(plan.gap, want_gap, rel_tol=1e-9, abs_tol=1e-9):
                add(
                    f"gap {plan.gap!r}, recomputed {want_gap!r} from objective "
                    f"{plan.objective!r} and best_bound {plan.best_bound!r}"
                )
    return out
