"""Merge: one plan from the plans of independent parts (the inverse of decomposition).

Linear tiers add up over parts and fairness is a minimum over them, so the merged tiers
are sums (fairness: the least of the parts', 0 when a part left vacant has reachable
slots) with bounds that stay honest: cooperatives of parts not solved in time stay vacant
and only widen the bounds. A part's bound on any tier holds for that part's
lexicographic optimum (its floor bounds hold before its first tier is proven), and the
whole's optimum is the parts' optima side by side, so the bounds add up tier by tier;
only a tier after fairness, whose optimum depends on which part holds the minimum, has
none until every tier before it is proven.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.decompose import Part, sub_scenario
from koperasi_alloc.model.objective import FAIRNESS_SCALE
from koperasi_alloc.plan import (
    Plan,
    SolveStats,
    Status,
    StopReason,
    TierValue,
    vacancies_of,
)
from koperasi_alloc.scenario import TIER_SENSE, Cooperative, Scenario, TierName, kabupaten_of
from koperasi_alloc.solver.assemble import audit
from koperasi_alloc.solver.values import merged_fairness, weighted_mode

__all__ = ["all_known", "merge"]


def merge(
    scenario: Scenario,
    plans: list[Plan],
    unsolved_coops: list[int],
    notes: list[str],
    started: float,
    *,
    time_limit: float,
    seed: int,
    workers: int,
    parameters: dict[str, Any],
    parts: int,
    stopped_by: StopReason | None = None,
) -> Plan:
    """One plan from the parts' plans: tiers summed (fairness: minimum), honest bounds.

    Cooperatives of parts not solved in time stay vacant; that is a valid plan unless
    one of them needs officers (a minimum) or a lock names it.
    """
    unsolved = [scenario.cooperatives[j] for j in unsolved_coops]
    status = _status(scenario, plans, unsolved)
    solved = status in (Status.OPTIMAL, Status.FEASIBLE)
    assignments = [a for p in plans for a in p.assignments] if solved else []
    vacancies, total_slots = vacancies_of(scenario, assignments)
    tiers: list[TierValue] = []
    if solved:
        tiers = _tiers(scenario, plans, unsolved_coops)
        if all(t.proven for t in tiers) and not weighted_mode(scenario) and not unsolved:
            status = Status.OPTIMAL
    objective, best_bound, gap = _headline(scenario, plans, tiers if solved else [])
    if status is Status.OPTIMAL:
        stopped_by = None
    elif stopped_by is None:
        stopped_by = next((p.stopped_by for p in plans if p.stopped_by is not None), None)
    if stopped_by is None and unsolved:
        stopped_by = StopReason.TIME_LIMIT
    return Plan(
        status=status,
        objective=objective,
        best_bound=best_bound,
        gap=gap,
        objective_mode=scenario.policy.objective.mode,
        tiers=tiers,
        wall_time=time.perf_counter() - started,
        stats=_stats(plans, parts),
        assignments=assignments,
        vacancies=vacancies,
        total_slots=total_slots,
        conflict=next((p.conflict for p in plans if p.conflict), None),
        message="; ".join(dict.fromkeys(notes + _part_notes(plans))) or None,
        stopped_by=stopped_by,
        audit=audit(scenario, seed, time_limit, workers, dict(parameters)),
    )


def _part_notes(plans: list[Plan]) -> list[str]:
    """The parts' notes, each once (a part's message joins its notes with "; ")."""
    return [note for p in plans if p.message for note in p.message.split("; ")]


def _status(scenario: Scenario, plans: list[Plan], unsolved: list[Cooperative]) -> Status:
    statuses = [p.status for p in plans]
    unsolved_ids = {c.id for c in unsolved}
    needs = any(c.min_officers > 0 for c in unsolved) or any(
        lock.cooperative in unsolved_ids for lock in scenario.locks
    )
    if Status.MODEL_INVALID in statuses:
        return Status.MODEL_INVALID
    if Status.INFEASIBLE in statuses:
        return Status.INFEASIBLE
    if needs or Status.NO_SOLUTION_IN_TIME in statuses:
        return Status.NO_SOLUTION_IN_TIME
    if all(s is Status.OPTIMAL for s in statuses) and not unsolved:
        return Status.OPTIMAL
    return Status.FEASIBLE


def _tiers(scenario: Scenario, plans: list[Plan], unsolved_coops: list[int]) -> list[TierValue]:
    """The merged tiers; a later tier's bound holds only once earlier tiers are proven."""
    unsolved = [scenario.cooperatives[j] for j in unsolved_coops]
    names = scenario.objective_tiers()
    tiers: list[TierValue] = []
    earlier_proven = True
    for position, name in enumerate(names):
        present = [t for t in (p.tier(name) for p in plans) if t is not None]
        sense = present[0].sense if present else TIER_SENSE[name]
        bounds = [t.bound for t in present]
        if name == "fairness":
            reach = unsolved_reach(scenario, unsolved_coops)
            value = merged_fairness([t.value for t in present], reach, FAIRNESS_SCALE)
            known = [b for b in bounds if b is not None]
            bound = min(known) if bounds and None not in bounds else None
        else:
            value = sum(t.value for t in present)
            bound = sum(b for b in bounds if b is not None) if None not in bounds else None
        proven = all(t.proven for t in present) and len(present) == len(plans)
        if unsolved:
            proven = False
            bound = _with_unsolved(scenario, unsolved, name, bound)
        if not earlier_proven and "fairness" in names[:position]:
            bound = None  # past a minimum over parts, the parts' optima do not add up
        if bound is not None and bound == value:
            proven = True
        proven = proven and earlier_proven  # a tier's optimum is among the earlier optima
        if proven:
            bound = value
        tiers.append(TierValue(name=name, sense=sense, value=value, bound=bound, proven=proven))
        earlier_proven = earlier_proven and proven
    return tiers


def unsolved_reach(scenario: Scenario, unsolved_coops: list[int]) -> bool:
    """Whether a cooperative of a part left vacant has reachable slots (so the merged
    fairness tier is 0).

    Its candidates are built kabupaten by kabupaten, the fewest cooperatives first, with
    the officers who may serve them (of that kabupaten, or all of them where officers may
    cross kabupaten), until one kabupaten has reachable slots: one small build where a
    part was left vacant, none otherwise.
    """
    if not unsolved_coops:
        return False
    groups: dict[str, list[int]] = {}
    villages = scenario.village_by_code
    for j in unsolved_coops:
        key = kabupaten_of(villages[scenario.cooperatives[j].village].district)
        groups.setdefault(key, []).append(j)
    crossing = scenario.policy.cross_kabupaten
    for key, coops in sorted(groups.items(), key=lambda item: (len(item[1]), item[0])):
        officers = tuple(
            i
            for i, o in enumerate(scenario.officers)
            if crossing or kabupaten_of(o.work_district) == key
        )
        part = sub_scenario(scenario, [Part(officers, tuple(coops), 0)], scenario.name)
        candidates = build_candidates(part.model_copy(update={"locks": []}))
        if candidates.cooperative_reach.any():
            return True
    return False


def _with_unsolved(
    scenario: Scenario, unsolved: list[Cooperative], name: TierName, bound: int | None
) -> int | None:
    """A merged bound widened by what the unsolved cooperatives could add: every slot
    for coverage, every slot at the best locality score, no travel, and for fairness
    nothing (the least over the parts solved bounds the least over all)."""
    if bound is None or name == "fairness" or name == "travel":
        return bound
    slots = [
        (c, sum(c.demand.values()))
        for c in unsolved
        if c.legal_entity or not scenario.policy.legal_entity_only
    ]
    if name == "coverage":
        return bound + sum(scenario.cooperative_priority(c) * n for c, n in slots)
    if name == "locality":
        objective = scenario.policy.objective
        best = max(objective.locality_scores.values(), default=0)
        per_slot = max(best, 0) + max(objective.pppk_kecamatan_bonus, 0)
        return bound + per_slot * sum(n for _, n in slots)
    return None


def all_known(values: Sequence[float | None]) -> list[float] | None:
    """``values`` when every one is known, else None: a sum or maximum over parts is
    known only when each part's figure is."""
    known = [v for v in values if v is not None]
    return known if len(known) == len(values) else None


def _headline(
    scenario: Scenario, plans: list[Plan], tiers: list[TierValue]
) -> tuple[float | None, float | None, float | None]:
    """objective, best_bound and gap of the merged plan (None without tiers)."""
    if not tiers:
        return None, None, None
    best_bound: float | None
    if weighted_mode(scenario):
        weights: dict[TierName, int] = dict(scenario.policy.objective.weights)
        objective = float(sum(weights.get(t.name, 0) * t.value for t in tiers))
        part_bounds = all_known([p.best_bound for p in plans])
        best_bound = float(sum(part_bounds)) if part_bounds is not None else None
    else:
        objective = float(tiers[0].value)
        best_bound = float(tiers[0].bound) if tiers[0].bound is not None else None
    gap = abs(best_bound - objective) / max(1.0, abs(objective)) if best_bound is not None else None
    return objective, best_bound, gap


def _stats(plans: list[Plan], parts: int) -> SolveStats:
    return SolveStats(
        candidates=sum(p.stats.candidates for p in plans),
        pruned=sum(p.stats.pruned for p in plans),
        variables=sum(p.stats.variables for p in plans),
        constraints=sum(p.stats.constraints for p in plans),
        build_time=sum(p.stats.build_time for p in plans),
        solve_time=sum(p.stats.solve_time for p in plans),
        prepare_time=sum(p.stats.prepare_time for p in plans),
        components=parts,
        method="decomposed",
    )
