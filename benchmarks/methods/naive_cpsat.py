"""(c) A CP-SAT model as a user would write it from the OR-Tools samples.

One Boolean per candidate triple, every rule written out with Python loops and ``sum``,
the weighted objective, default parameters (only the time limit is set), and a solution
callback that records improving solutions.
"""

from __future__ import annotations

import time
from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model

from benchmarks.methods.common import (
    FAIRNESS_SCALE,
    MethodResult,
    Trace,
    candidate_weights,
    fairness_weight,
    make_plan,
    weighted_scenario,
)
from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.scenario import Scenario

__all__ = ["run"]


class _Recorder(cp_model.CpSolverSolutionCallback):
    """Records every improving solution (time, objective, bound)."""

    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    def on_solution_callback(self) -> None:
        self.trace.add(self.objective_value, self.best_objective_bound)


def run(scenario: Scenario, budget: float) -> MethodResult:
    """Build the straightforward model and solve it with default parameters."""
    started = time.perf_counter()
    trace = Trace(started=started)
    weighted = weighted_scenario(scenario)
    cand = build_candidates(weighted)
    officers, coops = weighted.officers, weighted.cooperatives
    roles = cand.role_codes
    weights = candidate_weights(cand).tolist()
    off, coop, role = cand.officer.tolist(), cand.cooperative.tolist(), cand.role.tolist()
    load = cand.load_minutes.tolist()
    district_of = cand.cooperative_district.tolist()

    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x_{off[i]}_{coop[i]}_{role[i]}") for i in range(len(cand))]

    by_slot: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_coop: dict[int, list[int]] = defaultdict(list)
    by_officer: dict[int, list[int]] = defaultdict(list)
    by_pair: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_district: dict[int, list[int]] = defaultdict(list)
    for i in range(len(cand)):
        by_slot[(coop[i], role[i])].append(i)
        by_coop[coop[i]].append(i)
        by_officer[off[i]].append(i)
        by_pair[(off[i], coop[i])].append(i)
        by_district[district_of[coop[i]]].append(i)

    for (c, r), rows in by_slot.items():
        model.add(sum(x[i] for i in rows) <= int(cand.demand[c, r]))
    for c, rows in by_coop.items():
        model.add(sum(x[i] for i in rows) <= weighted.cooperative_capacity(coops[c]))
        if coops[c].min_officers > 0:
            model.add(sum(x[i] for i in rows) >= coops[c].min_officers)
    for o, rows in by_officer.items():
        officer = officers[o]
        model.add(sum(x[i] for i in rows) <= officer.max_cooperatives)
        if officer.weekly_hours is not None:
            limit = round(officer.weekly_hours * 60)
            model.add(sum(load[i] * x[i] for i in rows) <= limit)
    for rows in by_pair.values():
        model.add(sum(x[i] for i in rows) <= 1)

    # agency release: a Boolean "released" per officer, implied by each of their triples
    for agency in weighted.agencies:
        cap = agency.release_cap
        if cap is None:
            continue
        released = []
        for o, rows in by_officer.items():
            if officers[o].agency != agency.code:
                continue
            r_o = model.new_bool_var(f"released_{o}")
            for i in rows:
                model.add_implication(x[i], r_o)
            released.append(r_o)
        if len(released) > cap:
            model.add(sum(released) <= cap)

    if weighted.locks:
        officer_index = {o.id: i for i, o in enumerate(officers)}
        coop_index = {c.id: j for j, c in enumerate(coops)}
        for lock in weighted.locks:
            rows = by_pair.get((officer_index[lock.officer], coop_index[lock.cooperative]), [])
            if lock.role is not None:
                rows = [i for i in rows if roles[role[i]] == lock.role]
            model.add(sum(x[i] for i in rows) >= 1)

    objective_terms = [weights[i] * x[i] for i in range(len(cand))]
    w_fair = fairness_weight(weighted)
    slots = cand.demand.sum(axis=1)
    demand = np.bincount(
        cand.cooperative_district, weights=slots, minlength=len(weighted.districts)
    )
    if w_fair and np.any(demand > 0):
        z = model.new_int_var(0, FAIRNESS_SCALE, "fairness")
        for k in np.flatnonzero(demand > 0).tolist():
            filled = sum(x[i] for i in by_district.get(k, []))
            model.add(int(demand[k]) * z <= FAIRNESS_SCALE * filled)
        objective_terms.append(w_fair * z)
    offset = w_fair * FAIRNESS_SCALE if w_fair and not np.any(demand > 0) else 0
    model.maximize(sum(objective_terms) + offset)
    build_time = time.perf_counter() - started

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(budget - build_time, 0.01)
    status = solver.solve(model, _Recorder(trace))
    elapsed = time.perf_counter() - started
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    rows_chosen = (
        np.flatnonzero(np.array(solver.boolean_values(x), dtype=bool)).astype(np.int64)
        if found
        else np.zeros(0, dtype=np.int64)
    )
    plan = make_plan(
        weighted,
        cand,
        rows_chosen,
        method="naive_cpsat",
        build_time=build_time,
        solve_time=elapsed - build_time,
        found=found,
    )
    return MethodResult(
        scenario=weighted,
        plan=plan,
        build_time=build_time,
        candidates=len(cand),
        first_feasible=trace.first,
        optimal_time=elapsed if status == cp_model.OPTIMAL else None,
        bound=float(np.floor(solver.best_objective_bound + 1e-6)) if found else None,
        trace=trace.points,
        extra={
            "cpsat_status": solver.status_name(status),
            "workers": solver.parameters.num_workers,
        },
    )
