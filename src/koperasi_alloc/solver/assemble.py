"""Plan assembly: the run's incumbent and stages as a :class:`~koperasi_alloc.plan.Plan`.

Tier values come from the incumbent; a tier's bound is the one its stage proved (or the
relaxation's), and a tier is proven when its stage is or the value reaches the bound.
"""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Mapping
from typing import Any

import numpy as np
import ortools
from ortools.sat.python import cp_model

from koperasi_alloc.plan import (
    Audit,
    ConflictItem,
    Plan,
    PlanAssignment,
    SolveStats,
    Status,
    TierValue,
    vacancies_of,
)
from koperasi_alloc.scenario import Scenario, TierName
from koperasi_alloc.solver.progress import Deadline
from koperasi_alloc.solver.run import Run
from koperasi_alloc.solver.stage import Stage

__all__ = ["audit", "conflict_of", "headline", "plan_of"]


def conflict_of(run: Run, deadline: Deadline) -> list[ConflictItem] | None:
    """When CP-SAT proved the model infeasible and no plan is known: a smallest set of
    rules that conflict (:func:`koperasi_alloc.explain.find_conflict`), in the time left."""
    if run.chosen is not None or not any(s.status == cp_model.INFEASIBLE for s in run.stages):
        return None
    from koperasi_alloc.explain import find_conflict

    return find_conflict(run.scenario, time_limit=max(deadline.remaining(), 0.2))


def plan_of(run: Run, *, time_limit: float, parameters: dict[str, Any]) -> Plan:
    """The plan the run found, with its status, tiers, bounds, statistics and audit."""
    scenario, candidates, built, chosen = run.scenario, run.candidates, run.built, run.chosen
    weighted = scenario.policy.objective.mode == "weighted"
    status = _status(chosen is not None, run.stages)
    assignments: list[PlanAssignment] = []
    tiers: list[TierValue] = []
    objective: float | None = None
    best_bound: float | None = None
    gap: float | None = None
    if candidates is not None and built is not None and chosen is not None:
        assignments = candidates.to_assignments(np.flatnonzero(chosen))
        tiers = _tier_values(run)
        if weighted:
            all_proven = bool(run.stages) and all(s.proven for s in run.stages)
        else:
            all_proven = all(t.proven for t in tiers)
        if all_proven:
            status = Status.OPTIMAL
        weights = scenario.policy.objective.weights
        objective, best_bound, gap = headline(tiers, run.stages, weights, weighted)
    vacancies, total_slots = vacancies_of(scenario, assignments)
    return Plan(
        status=status,
        objective=objective,
        best_bound=best_bound,
        gap=gap,
        objective_mode=scenario.policy.objective.mode,
        tiers=tiers,
        wall_time=time.perf_counter() - run.started,
        stats=_stats(run),
        assignments=assignments,
        vacancies=vacancies,
        total_slots=total_slots,
        message="; ".join(dict.fromkeys(run.notes)) or None,
        audit=audit(scenario, run.seed, time_limit, run.workers, parameters),
    )


def _status(found: bool, stages: list[Stage]) -> Status:
    """The status before tiers are looked at (FEASIBLE is upgraded once all are proven)."""
    statuses = [s.status for s in stages]
    if found:
        return Status.FEASIBLE
    if cp_model.MODEL_INVALID in statuses:
        return Status.MODEL_INVALID
    if cp_model.INFEASIBLE in statuses:
        return Status.INFEASIBLE
    return Status.NO_SOLUTION_IN_TIME


def _tier_values(run: Run) -> list[TierValue]:
    """Each tier's value in the incumbent, with the bound its stage proved."""
    built, chosen = run.built, run.chosen
    assert built is not None
    assert chosen is not None
    by_tier: dict[str, tuple[Stage, int]] = {}
    for stage in run.stages:
        for index, tier in enumerate(stage.tiers):
            by_tier[tier.name] = (stage, index)
    tiers: list[TierValue] = []
    for tier in built.tiers:
        value = run.value_of(tier.name, chosen)
        bound: int | None = None
        proven = False
        if tier.name in by_tier:
            stage, index = by_tier[tier.name]
            proven = stage.proven or stage.status == cp_model.OPTIMAL
            raw = stage.tier_bounds[index] if stage.tier_bounds else None
            if raw is not None and np.isfinite(raw):
                bound = round(raw)
        if bound is not None and bound == value:
            proven = True  # the incumbent reaches a valid bound
        if proven:
            bound = value
        tiers.append(
            TierValue(name=tier.name, sense=tier.sense, value=value, bound=bound, proven=proven)
        )
    return tiers


def _stats(run: Run) -> SolveStats:
    candidates, built = run.candidates, run.built
    pruned = run.total_candidates - len(candidates) if candidates is not None else 0
    build_time = (candidates.build_time if candidates is not None else 0.0) + (
        built.build_time if built is not None else 0.0
    )
    return SolveStats(
        candidates=len(candidates) + pruned if candidates is not None else 0,
        pruned=pruned,
        variables=len(built.model.proto.variables) if built is not None else 0,
        constraints=len(built.model.proto.constraints) if built is not None else 0,
        build_time=build_time,
        solve_time=max(0.0, time.perf_counter() - run.started - build_time),
        method=run.method,
    )


def headline(
    tiers: list[TierValue], stages: list[Stage], weights: Mapping[TierName, int], weighted: bool
) -> tuple[float | None, float | None, float | None]:
    """objective, best_bound and gap: of the weighted sum, or of the first tier."""
    if weighted:
        objective = float(sum(weights.get(t.name, 0) * t.value for t in tiers))
        raw = stages[0].bound if stages else None
        bound = float(round(raw)) if raw is not None and np.isfinite(raw) else None
    elif tiers:
        objective = float(tiers[0].value)
        bound = float(tiers[0].bound) if tiers[0].bound is not None else None
    else:
        return None, None, None
    gap = abs(bound - objective) / max(1.0, abs(objective)) if bound is not None else None
    return objective, bound, gap


def audit(
    scenario: Scenario, seed: int, time_limit: float, workers: int, parameters: dict[str, Any]
) -> Audit:
    """What reproduces the solve: the scenario's hash, the options, the versions."""
    from koperasi_alloc import __version__

    return Audit(
        scenario_hash=scenario.scenario_hash(),
        seed=seed,
        time_limit=time_limit,
        workers=workers,
        parameters=parameters,
        library_version=__version__,
        ortools_version=str(getattr(ortools, "__version__", "unknown")),
        created_at=_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
    )
