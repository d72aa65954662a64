"""(a) koperasi_alloc itself: ``solve`` in its default (lexicographic) mode, and with the
policy's objective switched to weighted mode."""

from __future__ import annotations

import time

from benchmarks.methods.common import MethodResult, Trace, weighted_scenario
from koperasi_alloc.plan import Status
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.solver import Progress, solve

__all__ = ["run_default", "run_weighted"]


def _run(scenario: Scenario, budget: float) -> MethodResult:
    started = time.perf_counter()
    trace = Trace(started=started)
    first: list[float] = []
    weighted = scenario.policy.objective.mode == "weighted"

    def progress(event: Progress) -> None:
        if not first:
            first.append(time.perf_counter() - started)
        if weighted:
            trace.add(event.objective, event.bound)

    plan = solve(scenario, time_limit=budget, callback=progress)
    elapsed = time.perf_counter() - started
    found = plan.status in (Status.OPTIMAL, Status.FEASIBLE)
    bound = plan.best_bound if weighted and found else None
    return MethodResult(
        scenario=scenario,
        plan=plan,
        build_time=plan.stats.build_time,
        candidates=plan.stats.candidates,
        # a plan found without search (the flow) reports no progress: count it at return
        first_feasible=(first[0] if first else elapsed) if found else None,
        optimal_time=elapsed if plan.status == Status.OPTIMAL else None,
        bound=bound,
        trace=trace.points,
        extra={
            "status": plan.status.value,
            "plan_gap": plan.gap,
            "plan_best_bound": plan.best_bound,
            "solve_method": plan.stats.method,
            "tier_bounds": {t.name: t.bound for t in plan.tiers},
            "message": plan.message,
        },
    )


def run_default(scenario: Scenario, budget: float) -> MethodResult:
    """``solve(scenario, time_limit=budget)`` with the scenario's own (lexicographic) mode."""
    return _run(scenario, budget)


def run_weighted(scenario: Scenario, budget: float) -> MethodResult:
    """``solve`` with the policy's objective in weighted mode."""
    return _run(weighted_scenario(scenario), budget)
