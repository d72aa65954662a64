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

from koperasi_alloc.i18n import say
from koperasi_alloc.plan import (
    Audit,
    ConflictItem,
    Plan,
    PlanAssignment,
    SolveStats,
    Status,
    StopReason,
    TierValue,
    vacancies_of,
)
from koperasi_alloc.scenario import TIER_SENSE, Scenario, TierName
from koperasi_alloc.solver.progress import Deadline
from koperasi_alloc.solver.proof import integral_bound, proven_in_order
from koperasi_alloc.solver.run import Run
from koperasi_alloc.solver.stage import Stage

__all__ = ["STOP_NOTES", "audit", "conflict_of", "headline", "plan_of", "stop_notes"]


def conflict_of(run: Run, deadline: Deadline) -> list[ConflictItem] | None:
    """When CP-SAT proved the model infeasible and no plan is known: a smallest set of
    rules that conflict (:func:`koperasi_alloc.explain.find_conflict`), in the time left."""
    if run.chosen is not None or not any(s.status == cp_model.INFEASIBLE for s in run.stages):
        return None
    from koperasi_alloc.explain import find_conflict

    return find_conflict(run.scenario, time_limit=max(deadline.remaining(), 0.2))


def plan_of(run: Run, *, time_limit: float, parameters: dict[str, Any]) -> Plan:
    """The plan the run found, with its status, tiers, bounds, statistics and audit."""
    scenario, candidates, chosen = run.scenario, run.candidates, run.chosen
    weighted = scenario.policy.objective.mode == "weighted"
    status = _status(chosen is not None, run.stages)
    assignments: list[PlanAssignment] = []
    tiers: list[TierValue] = []
    objective: float | None = None
    best_bound: float | None = None
    gap: float | None = None
    if candidates is not None and chosen is not None:
        assignments = candidates.to_assignments(np.flatnonzero(chosen))
        tiers = _tier_values(run, weighted)
        if weighted:  # one stage, for the weighted sum
            optimal = bool(run.stages) and all(s.proven for s in run.stages)
        else:
            optimal = all(t.proven for t in tiers)
        if optimal:
            status = Status.OPTIMAL
        weights = scenario.policy.objective.weights
        objective, best_bound, gap = headline(tiers, run.stages, weights, weighted)
    stopped_by = None if status is Status.OPTIMAL else stop_reason(run)
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
        message="; ".join(dict.fromkeys([*stop_notes(stopped_by), *run.notes])) or None,
        stopped_by=stopped_by,
        audit=audit(scenario, run.seed, time_limit, run.workers, parameters),
    )


#: The note (a catalogue key) a plan carries for each reason its search ended early.
STOP_NOTES = {
    StopReason.TIME_LIMIT: "note.time_limit",
    StopReason.GAP_LIMIT: "note.gap_limit",
    StopReason.CALLBACK: "note.callback_stop",
    StopReason.STOP: "note.stop",
    StopReason.INTERRUPT: "note.interrupted",
}


def stop_notes(reason: StopReason | None) -> list[str]:
    """The note for ``reason`` (none for None), in English: notes are translated where
    they are shown (:func:`koperasi_alloc.i18n.translate_note`)."""
    return [] if reason is None else [say(STOP_NOTES[reason], "en")]


def stop_reason(run: Run) -> StopReason | None:
    """Why the run's search ended early: the user's stop if any, else the reason of the
    first stage that ended unproven (a gap limit, or the time budget), else the time
    budget when a stage was never reached; None when every stage ran to its end."""
    if run.stops.requested():
        return run.stops.reason
    for stage in run.stages:
        if stage.stopped_by is not None:
            return stage.stopped_by
    if run.chosen is None or (run.candidates is not None and run.built is None):
        return StopReason.TIME_LIMIT  # the budget ran out before the search could start
    return None


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


def _tier_values(run: Run, weighted: bool) -> list[TierValue]:
    """Each tier's value in the incumbent, with the bound its stage proved.

    In lexicographic mode a tier is proven where its stage is and every tier before it
    is (:func:`~.proof.proven_in_order`); its bound is one on the tier's value among the
    plans that keep the tiers before it at least at their reached values, which holds
    for the lexicographic optimum too. In weighted mode no tier has a bound or a proof
    of its own: only the weighted sum is optimised (``Plan.best_bound``).
    """
    scenario, chosen = run.scenario, run.chosen
    assert chosen is not None
    names = scenario.objective_tiers()
    values = {name: run.value_of(name, chosen) for name in names}
    if weighted:
        return [TierValue(name=name, sense=TIER_SENSE[name], value=values[name]) for name in names]
    by_tier: dict[str, tuple[Stage, int]] = {}
    for stage in run.stages:
        for index, tier in enumerate(stage.tiers):
            by_tier[tier.name] = (stage, index)
    bounds: list[int | None] = []
    own: list[bool] = []
    unsearched = _relaxation_bounds(run, values)
    for name in names:
        bound: int | None = unsearched.get(name)
        stage_proven = False
        if name in by_tier:
            stage, index = by_tier[name]
            stage_proven = stage.proven
            raw = stage.tier_bounds[index] if stage.tier_bounds else None
            if raw is not None and np.isfinite(raw):
                bound = round(raw)
        bounds.append(bound)
        own.append(stage_proven or (bound is not None and bound == values[name]))
    tiers = []
    for name, bound, proven in zip(names, bounds, proven_in_order(own), strict=True):
        value = values[name]
        tiers.append(
            TierValue(
                name=name,
                sense=TIER_SENSE[name],
                value=value,
                bound=value if proven else bound,
                proven=proven,
            )
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
        prepare_time=(run.search_started or time.perf_counter()) - run.started,
        method=run.method,
    )


def _relaxation_bounds(run: Run, values: Mapping[TierName, int]) -> dict[TierName, int]:
    """The relaxation's tier bounds that hold for a plan no CP-SAT stage searched (the
    budget ran out first): the first tier's, and each later one's while every tier before
    it sits at its relaxation bound."""
    relaxation = run.relaxation
    bounds: dict[TierName, int] = {}
    if relaxation is None:
        return bounds
    for name in run.scenario.objective_tiers():
        bound = relaxation.tier_bounds.get(name)
        if bound is None:
            break
        bounds[name] = round(bound)
        if values[name] != bound:
            break
    return bounds


def headline(
    tiers: list[TierValue], stages: list[Stage], weights: Mapping[TierName, int], weighted: bool
) -> tuple[float | None, float | None, float | None]:
    """objective, best_bound and gap: of the weighted sum, or of the first tier."""
    if weighted:
        objective = float(sum(weights.get(t.name, 0) * t.value for t in tiers))
        raw = stages[0].bound if stages else None
        bound = integral_bound(raw) if raw is not None and np.isfinite(raw) else None
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
