"""(e) The best available bound: the LP relaxation of the HiGHS MIP, and, for comparison,
the network-flow bounds of :mod:`koperasi_alloc.flow`.

Its plan is the LP solution rounded down (``x_i > 0.5``) and, where that breaks a rule,
repaired with :func:`koperasi_alloc.flow.repair`: a cheap "LP rounding" heuristic, checked
like every other plan.
"""

from __future__ import annotations

import time

import numpy as np

from benchmarks.methods.common import (
    FAIRNESS_SCALE,
    MethodResult,
    candidate_weights,
    fairness_weight,
    make_plan,
    weighted_scenario,
)
from benchmarks.methods.highs import build_mip, solve_arrays
from koperasi_alloc import flow
from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.scenario import Scenario

__all__ = ["run"]


def run(scenario: Scenario, budget: float) -> MethodResult:
    """Solve the LP relaxation within ``budget`` seconds; also compute the flow bounds."""
    started = time.perf_counter()
    weighted = weighted_scenario(scenario)
    candidates = build_candidates(weighted)
    mip = build_mip(candidates)
    build_time = time.perf_counter() - started
    _, values, figures = solve_arrays(mip, integer=False, time_limit=budget - build_time)
    lp_time = time.perf_counter() - started
    lp = figures["bound"]
    lp_bound = float(np.floor(float(lp) + 1e-6)) if isinstance(lp, float) else None

    # the network relaxation: the library's lexicographic tier bounds, and the weighted one
    flow_started = time.perf_counter()
    relaxation = flow.relax(candidates, list(scenario.policy.objective.tiers))
    benefit = candidate_weights(candidates)
    flow_rows = flow.max_benefit_rows(candidates, benefit)
    flow_bound = float(benefit[flow_rows].sum()) + max(fairness_weight(weighted), 0) * float(
        FAIRNESS_SCALE
    )
    flow_time = time.perf_counter() - flow_started

    rows = (
        np.flatnonzero(values[: mip.n_x] > 0.5).astype(np.int64)
        if values is not None
        else flow_rows
    )
    repaired = not flow.hard_rules_hold(candidates, rows)
    if repaired:
        rows = flow.repair(candidates, rows, benefit)
    elapsed = time.perf_counter() - started
    plan = make_plan(
        weighted,
        candidates,
        rows,
        method="lp_bound",
        build_time=build_time,
        solve_time=elapsed - build_time,
    )
    bounds = [b for b in (lp_bound, flow_bound) if b is not None]
    return MethodResult(
        scenario=weighted,
        plan=plan,
        build_time=build_time,
        candidates=len(candidates),
        first_feasible=elapsed,
        optimal_time=None,
        bound=min(bounds) if bounds else None,
        extra={
            "lp_bound": lp_bound,
            "lp_status": figures["status"],
            "lp_time": lp_time,
            "flow_weighted_bound": flow_bound,
            "flow_time": flow_time,
            "flow_tier_bounds": dict(relaxation.bounds) if relaxation is not None else None,
            "rounded_plan_repaired": repaired,
        },
    )
