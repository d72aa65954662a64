"""(d) Greedy baseline: candidates by weighted benefit, best first; take each that breaks
no rule (locks are taken first)."""

from __future__ import annotations

import time

import numpy as np

from benchmarks.methods.common import (
    MethodResult,
    Trace,
    candidate_weights,
    make_plan,
    weighted_scenario,
)
from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.scenario import Scenario

__all__ = ["run"]


def run(scenario: Scenario, budget: float) -> MethodResult:
    """One greedy pass (the budget is not needed: it takes well under a second)."""
    del budget
    started = time.perf_counter()
    trace = Trace(started=started)
    weighted = weighted_scenario(scenario)
    cand = build_candidates(weighted)
    build_time = time.perf_counter() - started
    officers, coops = weighted.officers, weighted.cooperatives
    n_roles = max(len(cand.role_codes), 1)
    n_coops = max(len(coops), 1)

    benefit = candidate_weights(cand)
    order = np.argsort(-benefit, kind="stable")
    order = order[benefit[order] > 0]
    if weighted.locks:
        officer_index = {o.id: i for i, o in enumerate(officers)}
        coop_index = {c.id: j for j, c in enumerate(coops)}
        first: list[int] = []
        for lock in weighted.locks:
            match = (cand.officer == officer_index[lock.officer]) & (
                cand.cooperative == coop_index[lock.cooperative]
            )
            if lock.role is not None:
                match &= cand.role == cand.role_codes.index(lock.role)
            hits = np.flatnonzero(match)
            if len(hits):
                first.append(int(hits[np.argmax(benefit[hits])]))
        order = np.concatenate([np.array(first, dtype=np.int64), order])

    demand = cand.demand.reshape(-1).astype(np.int64).tolist()
    slot_used = [0] * len(demand)
    coop_cap = [weighted.cooperative_capacity(c) for c in coops]
    coop_used = [0] * len(coops)
    officer_cap = [o.max_cooperatives for o in officers]
    officer_used = [0] * len(officers)
    hours = [round(o.weekly_hours * 60) if o.weekly_hours is not None else None for o in officers]
    load_used = [0] * len(officers)
    agency_of = [o.agency for o in officers]
    agency_cap = {a.code: a.release_cap for a in weighted.agencies}
    released: dict[str, int] = {}
    pairs: set[int] = set()
    off, coop, role = cand.officer.tolist(), cand.cooperative.tolist(), cand.role.tolist()
    load = cand.load_minutes.tolist()
    chosen: list[int] = []
    for r in order.tolist():
        i, c = off[r], coop[r]
        s = c * n_roles + role[r]
        if slot_used[s] >= demand[s] or coop_used[c] >= coop_cap[c]:
            continue
        if officer_used[i] >= officer_cap[i] or i * n_coops + c in pairs:
            continue
        limit = hours[i]
        if limit is not None and load_used[i] + load[r] > limit:
            continue
        agency = agency_of[i]
        cap = agency_cap[agency]
        if officer_used[i] == 0 and cap is not None and released.get(agency, 0) >= cap:
            continue
        chosen.append(r)
        slot_used[s] += 1
        coop_used[c] += 1
        if officer_used[i] == 0:
            released[agency] = released.get(agency, 0) + 1
        officer_used[i] += 1
        load_used[i] += load[r]
        pairs.add(i * n_coops + c)
    rows = np.array(chosen, dtype=np.int64)
    trace.add(float(benefit[rows].sum()))
    elapsed = time.perf_counter() - started
    plan = make_plan(
        weighted,
        cand,
        rows,
        method="greedy",
        build_time=build_time,
        solve_time=elapsed - build_time,
    )
    return MethodResult(
        scenario=weighted,
        plan=plan,
        build_time=build_time,
        candidates=len(cand),
        first_feasible=elapsed,
        optimal_time=None,
        trace=[],
    )
