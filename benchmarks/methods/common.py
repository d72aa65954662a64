"""What every benchmark method shares: the weighted objective per candidate, the scenario
variant in weighted mode, and turning chosen candidate rows into a checked Plan."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.candidates import Candidates
from koperasi_alloc.check import objective as _objective
from koperasi_alloc.check import recompute_tiers
from koperasi_alloc.check.objective import weighted_sum
from koperasi_alloc.plan import Plan, SolveStats, Status, TierValue, Vacancy, vacancies_of
from koperasi_alloc.scenario import TIER_SENSE, Assignment, Scenario

__all__ = [
    "FAIRNESS_SCALE",
    "MethodResult",
    "Trace",
    "candidate_weights",
    "fairness_weight",
    "make_plan",
    "vacancies",
    "weighted_scenario",
]

FAIRNESS_SCALE = 1000


@dataclass
class Trace:
    """Improving solutions over time, in weighted-objective units.

    ``points`` holds ``(seconds since the method started, objective, bound)``; the bound is
    NaN when the method reports none.
    """

    started: float = field(default_factory=time.perf_counter)
    points: list[tuple[float, float, float]] = field(default_factory=list)

    def add(self, objective: float, bound: float = float("nan")) -> None:
        """Record an improving solution found now."""
        self.points.append((time.perf_counter() - self.started, float(objective), float(bound)))

    @property
    def first(self) -> float | None:
        """Seconds to the first solution, None when there was none."""
        return self.points[0][0] if self.points else None


@dataclass
class MethodResult:
    """What a method hands back: a plan (or candidate rows) and its figures.

    Attributes
    ----------
    scenario
        The scenario the plan is checked against (the weighted variant for methods that
        optimise the weighted objective).
    plan
        The plan, built by :func:`make_plan` or returned by the library.
    build_time
        Seconds to build candidates and the model (before any search).
    candidates
        Number of candidate triples in the model.
    first_feasible
        Seconds from the method's start to its first feasible plan (None: none found).
    optimal_time
        Seconds from the method's start to a proven optimum (None: not proven).
    bound
        A valid upper bound on the weighted objective, when the method proves one.
    trace
        Improving solutions over time, in weighted units (may be empty).
    extra
        Method-specific figures (solver status strings, other bounds).
    """

    scenario: Scenario
    plan: Plan
    build_time: float
    candidates: int
    first_feasible: float | None
    optimal_time: float | None
    bound: float | None = None
    trace: list[tuple[float, float, float]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def weighted_scenario(scenario: Scenario) -> Scenario:
    """``scenario`` with the policy's objective switched to weighted mode."""
    policy = scenario.policy
    objective = policy.objective.model_copy(update={"mode": "weighted"})
    return scenario.model_copy(
        update={"policy": policy.model_copy(update={"objective": objective})}
    )


def candidate_weights(candidates: Candidates) -> NDArray[np.int64]:
    """Per-candidate contribution to the weighted objective (fairness excluded).

    ``weights[coverage] * priority + weights[locality] * locality points
    + weights[travel] * travel minutes``, over the tiers the policy lists.
    """
    objective = candidates.scenario.policy.objective
    weights = objective.weights
    total = np.zeros(len(candidates), dtype=np.int64)
    if "coverage" in objective.tiers:
        total += weights.get("coverage", 0) * candidates.coverage_weight
    if "locality" in objective.tiers:
        total += weights.get("locality", 0) * candidates.locality_weight
    if "travel" in objective.tiers:
        total += weights.get("travel", 0) * candidates.travel_minutes
    return total


def fairness_weight(scenario: Scenario) -> int:
    """Weight of the fairness tier in the weighted objective (0 when not listed)."""
    objective = scenario.policy.objective
    return objective.weights.get("fairness", 0) if "fairness" in objective.tiers else 0


def vacancies(scenario: Scenario, assignments: Sequence[Assignment]) -> tuple[list[Vacancy], int]:
    """Vacancies and eligible slots, exactly as the library's plans report them."""
    return vacancies_of(scenario, assignments)


def make_plan(
    scenario: Scenario,
    candidates: Candidates,
    rows: NDArray[np.int64],
    *,
    method: str,
    build_time: float,
    solve_time: float,
    found: bool = True,
) -> Plan:
    """A FEASIBLE plan of the candidate ``rows``, its figures recomputed from the scenario
    (NO_SOLUTION_IN_TIME, without assignments, when ``found`` is false).

    The plan claims no bound (the benchmark records bounds separately), so the checker
    judges the assignments, vacancies and tier values only.
    """
    stats = SolveStats(
        candidates=len(candidates),
        build_time=build_time,
        solve_time=solve_time,
        method=method,
    )
    if not found:
        empty, total = vacancies(scenario, [])
        return Plan(
            status=Status.NO_SOLUTION_IN_TIME,
            objective_mode=scenario.policy.objective.mode,
            wall_time=build_time + solve_time,
            stats=stats,
            vacancies=empty,
            total_slots=total,
        )
    assignments = candidates.to_assignments(rows)
    values = recompute_tiers(scenario, assignments)
    objective = scenario.policy.objective
    # the tiers the checker expects (the policy's, plus "stability" with a baseline)
    names = getattr(_objective, "objective_tiers", lambda s: list(s.policy.objective.tiers))(
        scenario
    )
    tiers = [TierValue(name=t, sense=TIER_SENSE[t], value=values[t]) for t in names]
    if objective.mode == "weighted":
        headline = float(weighted_sum(scenario.policy, values))
    else:
        headline = float(values[objective.tiers[0]])
    empty, total = vacancies(scenario, assignments)
    return Plan(
        status=Status.FEASIBLE,
        objective=headline,
        objective_mode=objective.mode,
        tiers=tiers,
        wall_time=build_time + solve_time,
        stats=stats,
        assignments=assignments,
        vacancies=empty,
        total_slots=total,
    )
