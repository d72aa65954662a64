"""Properties of solve on regions feasible by construction (see tests/planted.py)."""

from __future__ import annotations

from unittest import mock

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from koperasi_alloc.check import check, recompute_tiers
from koperasi_alloc.plan import Plan, Status
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.solver import SolveOptions, lexicographic, solve
from koperasi_alloc.solver import stage as stage_module
from koperasi_alloc.solver.engine import new_env, search_model
from koperasi_alloc.synth import generate
from tests.planted import PlantedRegion, planted_regions


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions())
def test_solve_finds_a_valid_plan_at_least_as_good_as_the_planted_one(
    region: PlantedRegion,
) -> None:
    scenario = region.scenario
    plan = solve(scenario, time_limit=10, workers=1)
    assert plan.status in (Status.OPTIMAL, Status.FEASIBLE), plan.message
    assert check(scenario, plan) == []
    recomputed = recompute_tiers(scenario, plan.assignments)
    assert [t.name for t in plan.tiers] == scenario.objective_tiers()
    assert {t.name: t.value for t in plan.tiers} == {t.name: recomputed[t.name] for t in plan.tiers}
    planted = recompute_tiers(scenario, region.planted)
    assert recomputed["coverage"] >= planted["coverage"]
    if plan.status is Status.OPTIMAL:
        assert plan.best_bound == plan.objective
        assert all(t.proven and t.bound == t.value for t in plan.tiers)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions())
def test_weighted_mode_plans_are_optimal_for_the_weighted_sum_they_report(
    region: PlantedRegion,
) -> None:
    # Every improvement step (warm start, polish, CP-SAT) must compare plans by the weighted
    # sum in this mode: a lexicographically better plan can be worse for the weights.
    objective = region.scenario.policy.objective.model_dump()
    scenario = region.scenario.with_policy(objective={**objective, "mode": "weighted"})
    plan = solve(scenario, time_limit=10, workers=1)
    assert check(scenario, plan) == []
    if plan.status is Status.OPTIMAL:
        assert plan.best_bound == plan.objective


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions())
def test_folded_stages_reach_the_same_tiers_as_one_stage_per_tier(region: PlantedRegion) -> None:
    scenario = region.scenario
    folded = solve(scenario, time_limit=10, workers=1)
    apart = solve(scenario, options=SolveOptions(time_limit=10, workers=1, fold_linear_tiers=False))
    assert check(scenario, folded) == []
    if folded.status is Status.OPTIMAL and apart.status is Status.OPTIMAL:
        assert [t.value for t in folded.tiers] == [t.value for t in apart.tiers]
        assert all(t.proven for t in folded.tiers)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions(), weighted=st.booleans())
def test_pruning_keeps_every_candidate_of_an_optimal_plan(
    region: PlantedRegion, weighted: bool
) -> None:
    # Leaving out what the network's reduced costs rule out must keep every optimal plan
    # (in weighted mode, with the fairness tier outside the network).
    scenario = region.scenario
    if weighted:
        objective = scenario.policy.objective.model_dump()
        scenario = scenario.with_policy(objective={**objective, "mode": "weighted"})
    whole = solve(scenario, options=SolveOptions(time_limit=10, workers=1, prune=False))
    pruned = solve(scenario, time_limit=10, workers=1)
    assert check(scenario, pruned) == []
    assert whole.stats.pruned == 0
    assert pruned.stats.candidates == whole.stats.candidates
    if whole.status is Status.OPTIMAL:
        prepared, _ = search_model(new_env(scenario, SolveOptions(time_limit=10, workers=1)))
        assert prepared is not None
        kept = prepared.candidates.rows_of(whole.assignments)
        assert len(kept) == len(whole.assignments)
        if pruned.status is Status.OPTIMAL:
            assert [t.value for t in pruned.tiers] == [t.value for t in whole.tiers]
            assert pruned.objective == whole.objective


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions())
def test_tightening_between_stages_keeps_an_optimal_plan(region: PlantedRegion) -> None:
    # prune.tighten fixes at 0, between lexicographic stages, what the improved incumbent's
    # slack rules out; an optimal plan found without any pruning must use none of them.
    scenario = region.scenario
    whole = solve(scenario, options=SolveOptions(time_limit=10, workers=1, prune=False))
    if whole.status is not Status.OPTIMAL:
        return
    _, searched = search_model(new_env(scenario, SolveOptions(time_limit=10, workers=1)))
    assert searched is not None
    event(f"tightened: {searched.fixed_out is not None}")
    if searched.fixed_out is None:
        return
    rows = searched.candidates.rows_of(whole.assignments)
    assert len(rows) == len(whole.assignments)
    assert not searched.fixed_out[rows].any()


def _spy_on_tie_breaks(seen: list[tuple[str, int, int]]):  # type: ignore[no-untyped-def]
    """A stand-in for stage._search that records, per search with a tie-break, the
    stage's tier, the scale and the tie-break's value on the plan the stage ends with."""
    search = stage_module._search

    def spy(env, searched, goal, *args):  # type: ignore[no-untyped-def]
        found = search(env, searched, goal, *args)
        tie = goal.tie_break
        if tie is not None and found.incumbent is not None:
            chosen = found.incumbent.chosen
            assert tie.indices.max() < len(chosen)  # candidates only
            value = int(tie.coeffs @ chosen[tie.indices]) + tie.offset
            seen.append((goal.tiers[0], goal.scale, value))
        return found

    return spy


def _with_and_without_tie_breaks(
    scenario: Scenario, time_limit: float
) -> tuple[Plan, Plan, list[tuple[str, int, int]]]:
    """The plan with tie-breaks, the plan without, and what _spy_on_tie_breaks saw."""
    seen: list[tuple[str, int, int]] = []
    with mock.patch.object(stage_module, "_search", _spy_on_tie_breaks(seen)):
        tied = solve(scenario, time_limit=time_limit, workers=1)
    with mock.patch.object(lexicographic, "tie_break", return_value=None):
        alone = solve(scenario, time_limit=time_limit, workers=1)
    return tied, alone, seen


def _assert_same_tiers(
    scenario: Scenario, tied: Plan, alone: Plan, seen: list[tuple[str, int, int]]
) -> None:
    """Valid, each tie-break within [0, scale), and where both are optimal the same tiers."""
    assert check(scenario, tied) == []
    assert all(0 <= value < scale for _, scale, value in seen)
    if tied.status is Status.OPTIMAL and alone.status is Status.OPTIMAL:
        assert [t.value for t in tied.tiers] == [t.value for t in alone.tiers]
        assert all(t.proven and t.bound == t.value for t in tied.tiers)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions())
def test_stages_searched_with_a_tie_break_reach_the_same_tiers(region: PlantedRegion) -> None:
    # The coverage stage searches scale * coverage + locality, a fairness stage scale *
    # fairness + coverage (lexicographic.tie_break): every tier must come out as when
    # each stage searches its tier alone, proven the same way, and the tie-break must
    # stay within [0, scale) on the plans found, or the tier would not come first.
    tied, alone, seen = _with_and_without_tie_breaks(region.scenario, 10)
    for name in ("coverage", "fairness"):
        event(f"{name} searched with a tie-break: {any(n == name for n, _, _ in seen)}")
    _assert_same_tiers(region.scenario, tied, alone, seen)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    region=planted_regions(),
    order=st.permutations(["coverage", "locality", "travel", "fairness"]),
    kept=st.integers(2, 4),
)
def test_tie_breaks_keep_the_tiers_in_any_tier_order(
    region: PlantedRegion, order: list[str], kept: int
) -> None:
    # with fairness (an integer variable, not a sum of Booleans) next to the first tier,
    # or first itself, a tie-break must still never outweigh the tier it breaks
    objective = region.scenario.policy.objective.model_dump()
    scenario = region.scenario.with_policy(objective={**objective, "tiers": order[:kept]})
    tied, alone, seen = _with_and_without_tie_breaks(scenario, 10)
    event(f"searched with a tie-break: {sorted({name for name, _, _ in seen})}")
    _assert_same_tiers(scenario, tied, alone, seen)


def test_a_scarce_kutai_timur_searches_with_tie_breaks_and_reaches_the_same_tiers() -> None:
    # 250 officers for 141 cooperatives: the coverage and fairness stages are searched
    # (not decided by the flows), so the tie-breaks run on real geography too
    scenario = generate("kutai-timur", 1, n_officers=250)
    tied, alone, seen = _with_and_without_tie_breaks(scenario, 30)
    assert [name for name, _, _ in seen] == ["coverage", "fairness"]
    assert tied.status is Status.OPTIMAL
    assert alone.status is Status.OPTIMAL
    _assert_same_tiers(scenario, tied, alone, seen)
    assert [(t.bound, t.proven) for t in tied.tiers] == [(t.bound, t.proven) for t in alone.tiers]
