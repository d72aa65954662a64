"""The bounds round of a decomposed solve (:func:`koperasi_alloc.solver.rounds.bounds_step`):
a part whose first tier its first round left open gets its priced bound again, with the
time it needs, and no search; the priced flows also make plans (a Lagrangian heuristic,
:class:`koperasi_alloc.solver.priced_bound.PricedPlans`), and the later tiers get their
floor bounds again at the plan's coverage. It never returns a worse plan,
never loosens a bound, and every bound it reports holds for the optimum HiGHS computes
independently, in both modes.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koperasi_alloc import flow
from koperasi_alloc.check import check
from koperasi_alloc.plan import Plan, Status
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.solver import SolveOptions, build, parts, priced_bound, solve
from koperasi_alloc.solver import floor_bounds as floor_stage
from koperasi_alloc.solver.engine import new_env
from koperasi_alloc.solver.parts import solve_part
from koperasi_alloc.solver.rounds import Step, bounds_step, step_after
from koperasi_alloc.solver.values import tier_value
from koperasi_alloc.solver.warm_start import WarmStart
from koperasi_alloc.synth import generate

pytest.importorskip("highspy")

from tests.test_honesty import (
    assert_honest_lexicographic,
    assert_honest_weighted,
    lexicographic_optimum,
    regions,
    weighted_optimum,
)


def _bounds_round(scenario: Scenario, first_budget: float) -> tuple[Plan, Plan]:
    """A part's first round cut short, then its bounds round."""
    before = solve_part(
        scenario, SolveOptions(time_limit=first_budget), step_after(None, scenario, 0)
    )
    after = solve_part(scenario, SolveOptions(time_limit=2.0), bounds_step(before))
    return before, after


def _kept_or_better(before: Plan, after: Plan) -> None:
    """The bounds round's plan is the part's plan or a better one, and no bound looser."""
    values = [t.value if t.sense == "max" else -t.value for t in after.tiers]
    earlier = [t.value if t.sense == "max" else -t.value for t in before.tiers]
    assert values >= earlier  # lexicographically
    if values == earlier:
        assert after.assignments == before.assignments
    assert after.stats.variables == 0  # no CP-SAT model was built
    for old, new in zip(before.tiers, after.tiers, strict=True):
        if old.bound is None:
            continue
        assert new.bound is not None, (old, new)
        assert (new.bound <= old.bound) if old.sense == "max" else (new.bound >= old.bound)


@pytest.mark.parametrize("seed", [2, 3])
def test_a_bounds_round_tightens_the_first_tier_and_never_worsens_the_plan(seed: int) -> None:
    # Kutai Timur, scarce: its first round at 0.2 s leaves coverage 13-15 slots from a
    # bound the priced search, cut short, gave; finishing that search takes about 0.1 s
    scenario = generate("kutai-timur", seed=seed, scarcity=0.5)
    before, after = _bounds_round(scenario, 0.2)
    assert check(scenario, after) == []
    _kept_or_better(before, after)
    assert before.tiers[0].bound is not None
    assert after.tiers[0].bound is not None
    assert after.tiers[0].bound < before.tiers[0].bound
    assert_honest_lexicographic(after, lexicographic_optimum(scenario))


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(scenario=regions(), first_budget=st.sampled_from([0.02, 0.1]), weighted=st.booleans())
def test_a_bounds_round_reports_honest_bounds(
    monkeypatch: pytest.MonkeyPatch, scenario: Scenario, first_budget: float, weighted: bool
) -> None:
    # the priced bound and the floor bounds run whatever the budget, as on a national part
    monkeypatch.setattr(priced_bound, "short_of_time", lambda env, n: True)
    monkeypatch.setattr(floor_stage, "short_of_time", lambda env, n: True)
    if weighted:
        scenario = scenario.with_policy(objective={"mode": "weighted"})
    before, after = _bounds_round(scenario, first_budget)
    assert check(scenario, after) == []
    if before.status not in (Status.OPTIMAL, Status.FEASIBLE):
        return
    _kept_or_better(before, after)
    if weighted:
        assert_honest_weighted(after, weighted_optimum(scenario))
    else:
        assert_honest_lexicographic(after, lexicographic_optimum(scenario))


def test_a_decomposed_solve_runs_the_bounds_round_where_the_first_tier_is_open(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 10 kabupaten/kota with agency caps; at 1 s some parts' first round leaves coverage
    # open, and those (and only those) get a bounds round (given, this short, more than
    # its share of the time, which would start no part)
    monkeypatch.setattr(parts, "BOUNDS_SHARE", 0.5)
    scenario = generate("province", seed=4, n_officers=1500)
    steps: list[tuple[Step | None, Plan]] = []
    original = parts.solve_part

    def recorded(*args: Any, **kwargs: Any) -> Plan:
        plan = original(*args, **kwargs)
        steps.append((args[2] if len(args) > 2 else kwargs.get("step"), plan))
        return plan

    monkeypatch.setattr(parts, "solve_part", recorded)
    with ThreadPoolExecutor(max_workers=2) as pool:
        short = solve(scenario, time_limit=1.0, executor=pool)
    assert check(scenario, short) == []
    bounds_rounds = [(s, p) for s, p in steps if s is not None and s.bounds_only]
    assert bounds_rounds, "no part had its first tier open after its first round"
    for step, plan in bounds_rounds:
        assert step.hint is not None
        assert not step.hint.tiers[0].proven
        assert plan.tiers[0].value >= step.hint.tiers[0].value
    monkeypatch.setattr(parts, "solve_part", original)
    reference = solve(scenario, time_limit=60)
    assert reference.status is Status.OPTIMAL
    assert_honest_lexicographic(short, {t.name: t.value for t in reference.tiers})


@pytest.mark.parametrize(("seed", "first", "reached"), [(1, 700, 703), (2, 687, 700)])
def test_the_priced_flows_make_plans_that_cover_more_than_the_warm_start(
    seed: int, first: int, reached: int
) -> None:
    # Kutai Timur, scarce (optimum coverage 704 and 703): the warm start re-flows the
    # relaxed plan once; the twelve priced flows of the bound, each concentrated on the
    # officers it uses most, cover more (deterministic: flows and prices are exact)
    scenario = generate("kutai-timur", seed=seed, scarcity=0.5)
    env = new_env(scenario, SolveOptions(time_limit=60))
    prepared = WarmStart().apply(env, build.prepared(env))
    candidates, incumbent = prepared.candidates, prepared.incumbent
    assert incumbent is not None
    assert tier_value(candidates, "coverage", incumbent.chosen) == first
    plans = priced_bound.PricedPlans(env, prepared)
    weights = flow.tier_weights(candidates, "coverage")
    flow.agency_priced_bound(candidates, weights, first, float("inf"), on_flow=plans)
    assert len(plans.flows) == 12
    best = plans.best(float("inf"))
    assert best is not None
    assert flow.hard_rules_hold(candidates, best)
    improved = prepared.with_incumbent(best, "flow").incumbent
    assert improved is not None
    assert tier_value(candidates, "coverage", improved.chosen) == reached
    assert plans.best(0.0) is None  # no time left for plans: the incumbent stays


@pytest.mark.parametrize("seed", [2, 3])
def test_a_bounds_round_prices_the_later_tiers_a_short_first_round_only_counted(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    # a national part's first round seldom has time for a flow after its preparation, so
    # its later tiers keep the bounds counted over slots and officers; the bounds round
    # prices them (floor bounds at the plan's coverage, from the high price) and keeps
    # the tighter of those and the counted ones
    monkeypatch.setattr(floor_stage, "short_of_time", lambda env, n: True)
    monkeypatch.setattr(floor_stage, "FLOOR_SHARE", 0.0)  # the first round: no flow at all
    scenario = generate("kutai-timur", seed=seed, scarcity=0.5)
    before, after = _bounds_round(scenario, 0.2)
    assert check(scenario, after) == []
    _kept_or_better(before, after)
    by_name = {t.name: t for t in before.tiers}
    for tier in after.tiers:
        if tier.name in ("locality", "travel"):
            old = by_name[tier.name]
            assert old.bound is not None
            assert tier.bound is not None
            tighter = tier.bound < old.bound if tier.sense == "max" else tier.bound > old.bound
            assert tighter, (old, tier)
    assert_honest_lexicographic(after, lexicographic_optimum(scenario))
