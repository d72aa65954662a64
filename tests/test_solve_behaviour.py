"""solve's promises beyond the rules: time budget, interrupt, determinism, parameters,
callbacks and hints. Wall-clock bounds here are deliberately generous (the benchmark
suite measures the real figures)."""

from __future__ import annotations

import os
import re
import signal

import pytest

from koperasi_alloc.check import check
from koperasi_alloc.errors import KoperasiError
from koperasi_alloc.plan import Plan, Status
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.solver import Progress, SolveOptions, solve
from koperasi_alloc.synth import generate


@pytest.fixture(scope="module")
def kutai_timur() -> Scenario:
    return generate("kutai-timur", seed=1)


def test_time_limit_reaches_cpsat_and_the_plan_is_valid(kutai_timur: Scenario) -> None:
    # Wall-clock is measured in benchmarks/ (the budgets table), never asserted here: what
    # a unit test can prove is that no CP-SAT stage is given more time than the budget.
    lines: list[str] = []
    plan = solve(kutai_timur, time_limit=1.0, workers=1, log=lines.append)
    limits = [
        float(match)
        for line in lines
        if line.startswith("Parameters:")
        for match in re.findall(r"max_time_in_seconds: ([0-9.e+-]+)", line)
    ]
    assert limits, "no CP-SAT stage reported its parameters"
    assert all(0 < limit <= 1.0 for limit in limits), limits
    assert plan.audit is not None
    assert plan.audit.time_limit == 1.0
    assert plan.status in (Status.OPTIMAL, Status.FEASIBLE, Status.NO_SOLUTION_IN_TIME)
    assert check(kutai_timur, plan) == []


def test_tiny_budget_returns_a_plan_object_not_an_exception(kutai_timur: Scenario) -> None:
    plan = solve(kutai_timur, time_limit=0.01, workers=1)
    assert plan.status in (Status.FEASIBLE, Status.NO_SOLUTION_IN_TIME, Status.OPTIMAL)
    assert check(kutai_timur, plan) == []


def test_ctrl_c_stops_the_search_and_returns_the_best_plan(kutai_timur: Scenario) -> None:
    sent: list[float] = []

    def interrupt_on_first_solution(progress: Progress) -> None:
        if not sent:
            sent.append(progress.elapsed)
            os.kill(os.getpid(), signal.SIGINT)

    plan = solve(kutai_timur, time_limit=60, workers=1, callback=interrupt_on_first_solution)
    assert sent, "no solution was reported"
    assert plan.status in (Status.FEASIBLE, Status.OPTIMAL)
    assert plan.message is not None
    assert "interrupted" in plan.message
    assert check(kutai_timur, plan) == []
    # the default handler is back: a later Ctrl-C is an ordinary KeyboardInterrupt
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_same_seed_and_one_worker_give_identical_assignments(kutai_timur: Scenario) -> None:
    def run() -> Plan:
        return solve(kutai_timur, time_limit=60, workers=1, seed=7, max_deterministic_time=2.0)

    first, second = run(), run()
    assert [a.model_dump() for a in first.assignments] == [
        a.model_dump() for a in second.assignments
    ]
    assert first.tiers == second.tiers


def test_parameters_reach_cpsat_through_its_log(kutai_timur: Scenario) -> None:
    lines: list[str] = []
    solve(
        kutai_timur,
        time_limit=5,
        workers=1,
        log=lines.append,
        linearization_level=2,
        max_presolve_iterations=7,
        ignore_subsolvers=["fj", "ls"],  # a repeated field, given as a list
    )
    text = "\n".join(lines)
    assert "linearization_level: 2" in text
    assert "max_presolve_iterations: 7" in text
    assert 'ignore_subsolvers: "fj" ignore_subsolvers: "ls"' in text


def test_unknown_cpsat_parameter_is_a_clear_error(kutai_timur: Scenario) -> None:
    with pytest.raises(KoperasiError, match="no_such_parameter"):
        solve(kutai_timur, time_limit=1, no_such_parameter=3)


def test_callback_sees_improving_solutions_and_can_stop(kutai_timur: Scenario) -> None:
    seen: list[Progress] = []

    def stop_at_first(progress: Progress) -> bool:
        seen.append(progress)
        return True

    plan = solve(kutai_timur, time_limit=30, workers=1, callback=stop_at_first)
    assert len(seen) == 1  # stopping at the first plan ends the whole solve
    assert seen[0].tier == "coverage"
    assert seen[0].bound >= seen[0].objective
    assert check(kutai_timur, plan) == []
    assert plan.status in (Status.FEASIBLE, Status.OPTIMAL)


def test_progress_never_shows_a_looser_bound_than_one_it_showed_before() -> None:
    # CP-SAT's first bounds are its presolve's: on this instance 22,408 covered slots when
    # the relaxation had proven 705 before the search. Progress shows the tighter one, so
    # within a stage a maximised objective's bound never rises and a minimised one never
    # falls (every stage here maximises: coverage, the folded locality+travel, fairness).
    scenario = generate("kutai-timur", seed=0, scarcity=0.5)
    seen: list[Progress] = []
    plan = solve(scenario, time_limit=30, workers=2, callback=seen.append)
    assert check(scenario, plan) == []
    by_stage: dict[str, list[float]] = {}
    for progress in seen:
        if progress.event != "tick" and progress.bound == progress.bound:  # not NaN
            by_stage.setdefault(progress.tier, []).append(progress.bound)
    assert "coverage" in by_stage
    for bounds in by_stage.values():
        assert bounds == sorted(bounds, reverse=True)


def test_hint_is_accepted_and_kept_when_optimal(kutai_timur: Scenario) -> None:
    first = solve(kutai_timur, time_limit=20, workers=1)
    again = solve(kutai_timur, time_limit=20, workers=1, hint=first)
    assert check(kutai_timur, again) == []
    assert again.tiers[0].value >= first.tiers[0].value


def test_too_large_a_model_fails_early_with_an_estimate(
    kutai_timur: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    from koperasi_alloc.solver import budget as solver

    monkeypatch.setattr(solver, "available_memory", lambda: 10 * 2**20)  # 10 MiB left
    with pytest.raises(KoperasiError, match=r"candidate assignments.*GiB"):
        solve(kutai_timur, time_limit=5)


@pytest.mark.parametrize(("seed", "scarcity"), [(8, None), (3, 0.5)])
def test_folded_stages_agree_with_one_stage_per_tier(seed: int, scarcity: float | None) -> None:
    # These Kutai Timur instances need CP-SAT for locality and travel (the warm start is
    # not optimal): the folded stage must reach exactly the tiers of separate stages.

    scenario = generate("kutai-timur", seed=seed, **({"scarcity": scarcity} if scarcity else {}))
    folded = solve(scenario, time_limit=60)
    apart = solve(scenario, options=SolveOptions(time_limit=60, fold_linear_tiers=False))
    assert folded.status is Status.OPTIMAL, folded.message
    assert apart.status is Status.OPTIMAL, apart.message
    assert [t.value for t in folded.tiers] == [t.value for t in apart.tiers]
    assert check(scenario, folded) == []


@pytest.mark.parametrize("mode", ["lexicographic", "weighted"])
def test_pruning_keeps_the_optimum_of_a_kabupaten(mode: str) -> None:
    # Kutai Timur seed 4: the warm start is within 25 travel minutes of the network
    # optimum, so reduced costs rule out most candidates; the optimum must not move.

    scenario = generate("kutai-timur", seed=4)
    if mode == "weighted":
        objective = scenario.policy.objective.model_dump()
        scenario = scenario.with_policy(objective={**objective, "mode": "weighted"})
    pruned = solve(scenario, time_limit=60)
    whole = solve(scenario, options=SolveOptions(time_limit=60, prune=False))
    assert pruned.status is Status.OPTIMAL, pruned.message
    assert whole.status is Status.OPTIMAL, whole.message
    assert pruned.stats.pruned > pruned.stats.candidates // 2
    assert [t.value for t in pruned.tiers] == [t.value for t in whole.tiers]
    assert check(scenario, pruned) == []
