"""Plan assembly: a solve's incumbent and stage records as a :class:`~koperasi_alloc.plan.Plan`.

Tier values come from the incumbent; a tier's bound is the one its stage proved (or the
relaxation's), and a tier is proven when its stage is or the value reaches the bound.
"""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import ortools
from numpy.typing import NDArray
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
from koperasi_alloc.solver.proof import integral_bound, proven_in_order, tighter
from koperasi_alloc.solver.state import Env, Prepared, Searched, StageRecord
from koperasi_alloc.solver.values import tier_value

__all__ = ["STOP_NOTES", "audit", "conflict_of", "headline", "plan_of", "stop_notes"]


def conflict_of(env: Env, searched: Searched | None) -> list[ConflictItem] | None:
    """When CP-SAT proved the model infeasible and no plan is known: a smallest set of
    rules that conflict (:func:`koperasi_alloc.explain.find_conflict`), in the time left."""
    if searched is None or searched.incumbent is not None:
        return None
    if not any(s.status == cp_model.INFEASIBLE for s in searched.stages):
        return None
    from koperasi_alloc.explain import find_conflict

    return find_conflict(env.scenario, time_limit=max(env.remaining(), 0.2))


def plan_of(env: Env, prepared: Prepared | None, searched: Searched | None) -> Plan:
    """The plan the solve found, with its status, tiers, bounds, statistics and audit."""
    scenario = env.scenario
    weighted = scenario.policy.objective.mode == "weighted"
    records = searched.stages if searched is not None else ()
    incumbent = searched.incumbent if searched is not None else None
    if searched is None and prepared is not None:
        incumbent = prepared.incumbent
    final = searched.prepared if searched is not None else prepared
    status = _status(incumbent is not None, records)
    assignments: list[PlanAssignment] = []
    tiers: list[TierValue] = []
    objective = best_bound = gap = None
    if final is not None and incumbent is not None:
        assignments = final.candidates.to_assignments(incumbent.rows)
        earlier = env.step.known_bounds if env.step is not None else {}
        tiers = _tier_values(scenario, final, incumbent.chosen, records, weighted, earlier)
        # weighted: one stage, for the weighted sum
        optimal = (
            (bool(records) and all(r.proven for r in records))
            if weighted
            else (all(t.proven for t in tiers))
        )
        if optimal:
            status = Status.OPTIMAL
        weights = scenario.policy.objective.weights
        objective, best_bound, gap = headline(tiers, records, weights, weighted)
    proven = status in (Status.OPTIMAL, Status.INFEASIBLE, Status.MODEL_INVALID)
    stopped_by = None if proven else stop_reason(env, final, searched)
    notes = searched.notes if searched is not None else final.notes if final is not None else ()
    vacancies, total_slots = vacancies_of(scenario, assignments)
    options = env.options
    return Plan(
        status=status,
        objective=objective,
        best_bound=best_bound,
        gap=gap,
        objective_mode=scenario.policy.objective.mode,
        tiers=tiers,
        wall_time=time.perf_counter() - env.started,
        stats=_stats(env, final, searched, incumbent.method if incumbent else "cp-sat"),
        assignments=assignments,
        vacancies=vacancies,
        total_slots=total_slots,
        message="; ".join(dict.fromkeys([*stop_notes(stopped_by), *notes])) or None,
        stopped_by=stopped_by,
        audit=audit(scenario, options.seed, options.time_limit, env.workers, options.cpsat_params),
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


def stop_reason(
    env: Env, prepared: Prepared | None, searched: Searched | None
) -> StopReason | None:
    """Why the solve's search ended early: the user's stop if any, else the reason of the
    first stage that ended unproven (a gap limit, or the time budget), else the time
    budget when the search never began; None when every stage ran to its end."""
    if env.stops.requested():
        return env.stops.reason
    for record in searched.stages if searched is not None else ():
        if record.stopped_by is not None:
            return record.stopped_by
    if prepared is None or searched is None or searched.built is None:
        return StopReason.TIME_LIMIT  # the budget ran out before the search could start
    if searched.incumbent is None:
        return StopReason.TIME_LIMIT
    return None


def _status(found: bool, records: Sequence[StageRecord]) -> Status:
    """The status before tiers are looked at (FEASIBLE is upgraded once all are proven)."""
    statuses = [r.status for r in records]
    if found:
        return Status.FEASIBLE
    if cp_model.MODEL_INVALID in statuses:
        return Status.MODEL_INVALID
    if cp_model.INFEASIBLE in statuses:
        return Status.INFEASIBLE
    return Status.NO_SOLUTION_IN_TIME


def _tier_values(
    scenario: Scenario,
    prepared: Prepared,
    chosen: NDArray[np.bool_],
    records: Sequence[StageRecord],
    weighted: bool,
    earlier: Mapping[TierName, float],
) -> list[TierValue]:
    """Each tier's value in the incumbent, with the bound its stage proved.

    In lexicographic mode a tier is proven where its stage is and every tier before it
    is (:func:`~.proof.proven_in_order`); its bound is one on the tier's value among the
    plans that keep the tiers before it at least at their reached values, which holds
    for the lexicographic optimum too where every tier before the last of those is
    proven (the optimum's first tier is at least any reached value, its later ones only
    once the tiers before them are settled), and is left out where not; the floor
    bounds (:mod:`.floor_bounds`) where they are tighter or no stage bounded the tier;
    and in a decomposed solve's later round, the ``earlier`` bounds the part's plan of
    the round before reported where tighter (each holds for the lexicographic optimum, so
    a round that skips the priced bound or never searches does not loosen them).
    In weighted mode no tier has a bound or a proof of its own: only the weighted sum is
    optimised (``Plan.best_bound``).
    """
    names = scenario.objective_tiers()
    values = {name: tier_value(prepared.candidates, name, chosen) for name in names}
    if weighted:
        return [TierValue(name=name, sense=TIER_SENSE[name], value=values[name]) for name in names]
    by_tier: dict[str, tuple[StageRecord, int]] = {}
    for record in records:
        for index, name in enumerate(record.tiers):
            by_tier[name] = (record, index)
    bounds: list[int | None] = []
    own: list[bool] = []
    unsearched = _relaxation_bounds(scenario, prepared, values)
    for name in names:
        bound: int | None = unsearched.get(name)
        stage_proven = False
        if name in by_tier:
            record, index = by_tier[name]
            stage_proven = record.proven
            raw = record.tier_bounds[index] if record.tier_bounds else None
            # the stage searched plans keeping each earlier tier at its reached value: the
            # optimum is among them once every tier before the last of those is proven
            start = names.index(record.tiers[0])
            if raw is not None and np.isfinite(raw) and all(own[: max(start - 1, 0)]):
                bound = round(raw)
        sense = TIER_SENSE[name]
        floor = prepared.floor_bounds.get(name)
        tight = tighter(sense, tighter(sense, bound, floor), earlier.get(name))
        bound = None if tight is None else round(tight)
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


def _stats(
    env: Env, prepared: Prepared | None, searched: Searched | None, method: str
) -> SolveStats:
    candidates = prepared.candidates if prepared is not None else None
    built = searched.built if searched is not None else None
    total = prepared.total_candidates if prepared is not None else 0
    build_time = (candidates.build_time if candidates is not None else 0.0) + (
        built.build_time if built is not None else 0.0
    )
    started = searched.search_started if searched is not None else None
    now = time.perf_counter()
    return SolveStats(
        candidates=total,
        pruned=total - len(candidates) if candidates is not None else 0,
        variables=len(built.model.proto.variables) if built is not None else 0,
        constraints=len(built.model.proto.constraints) if built is not None else 0,
        build_time=build_time,
        solve_time=max(0.0, now - env.started - build_time),
        prepare_time=(started or now) - env.started,
        method=method,
    )


def _relaxation_bounds(
    scenario: Scenario, prepared: Prepared, values: Mapping[TierName, int]
) -> dict[TierName, int]:
    """The relaxation's tier bounds that hold for a plan no CP-SAT stage searched (the
    budget ran out first): the first tier's, and each later one's while every tier before
    it sits at its relaxation bound."""
    relaxation = prepared.relaxation
    bounds: dict[TierName, int] = {}
    for name in scenario.objective_tiers():
        bound = relaxation.tier_bounds.get(name)
        if bound is None:
            break
        bounds[name] = round(bound)
        if values[name] != bound:
            break
    return bounds


def headline(
    tiers: list[TierValue],
    stages: Sequence[StageRecord],
    weights: Mapping[TierName, int],
    weighted: bool,
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
